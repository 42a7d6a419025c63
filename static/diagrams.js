/* diagrams.js — draws the page's Mermaid diagrams with the Mermaid bundled just before this
   script (one file, loaded with a plain <script>, so it works from file://; nothing is fetched).
   Loaded only on pages that have a diagram. Each diagram is drawn twice, for the light and the
   dark theme, and CSS shows the one that matches: the theme toggle and printing need no redraw.
   A diagram Mermaid cannot read keeps its source, with Mermaid's message under it. */
(function () {
  "use strict";

  var THEMES = [
    ["light", "default"],
    ["dark", "dark"]
  ];

  function configure(theme) {
    // logLevel 5: only fatal messages reach the console; problems are shown on the page.
    window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", logLevel: 5, theme: theme });
  }

  function showProblem(figure, error) {
    var message = (error && (error.message || error.str)) || String(error);
    var note = document.createElement("p");
    note.className = "diagram-error";
    note.textContent = "This diagram could not be drawn: " + message;
    figure.appendChild(note);
    figure.classList.add("has-error");
  }

  function draw(figure, n) {
    var source = figure.querySelector(".diagram-source");
    var text = source ? source.textContent : "";
    var caption = figure.querySelector("figcaption");
    var views = [];
    var chain = window.mermaid.parse(text);
    THEMES.forEach(function (theme) {
      chain = chain.then(function () {
        configure(theme[1]);
        return window.mermaid.render("quire-diagram-" + n + "-" + theme[0], text).then(function (out) {
          var view = document.createElement("div");
          view.className = "diagram-view diagram-" + theme[0];
          view.innerHTML = out.svg;
          var svg = view.querySelector("svg");
          if (svg && !svg.hasAttribute("aria-labelledby")) {
            svg.setAttribute("aria-label", caption ? caption.textContent : "Diagram");
          }
          views.push(view);
        });
      });
    });
    return chain.then(
      function () {
        views.forEach(function (view) {
          figure.insertBefore(view, source);
        });
        figure.classList.add("is-drawn");
      },
      function (error) {
        showProblem(figure, error);
      }
    );
  }

  function start() {
    var figures = document.querySelectorAll("figure.diagram");
    if (!figures.length || !window.mermaid) return;
    // One at a time: Mermaid keeps one configuration (the theme) for all.
    var chain = Promise.resolve();
    Array.prototype.forEach.call(figures, function (figure, n) {
      chain = chain.then(function () {
        return draw(figure, n);
      });
    });
    chain.then(function () {
      document.documentElement.setAttribute("data-diagrams", "drawn");
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
