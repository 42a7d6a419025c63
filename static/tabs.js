/* tabs.js — code tabs. Loaded only on pages that have them. A group of consecutive code blocks
   that each carry tab="Label" (a .code-tabs box whose .code-tab panels each start with their
   label) becomes an ARIA tab widget: tablist, tabs and tabpanels; click, Left/Right, Home and End
   switch. The choice is remembered (localStorage, keyed by the group's sorted labels) and every
   group on the page with the same labels follows it, so "macOS" stays chosen from page to page.
   Without this script, and when printing, every panel shows under its label. Works from file://. */
(function () {
  "use strict";

  var PREFIX = "quire-tabs:";
  var groups = [];

  function storageGet(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (e) {
      return null;
    }
  }

  function storageSet(key, value) {
    try {
      window.localStorage.setItem(key, value);
    } catch (e) {
      /* private mode or file:// with storage off: the choice lasts for this page only */
    }
  }

  function select(group, index) {
    for (var i = 0; i < group.tabs.length; i++) {
      var on = i === index;
      group.tabs[i].setAttribute("aria-selected", on ? "true" : "false");
      group.tabs[i].tabIndex = on ? 0 : -1;
      group.panels[i].hidden = !on;
    }
  }

  /* Shows `label` in every group with the same labels as `key`, and remembers it. */
  function choose(key, label, remember) {
    if (remember) storageSet(key, label);
    for (var g = 0; g < groups.length; g++) {
      var index = groups[g].labels.indexOf(label);
      if (groups[g].key === key && index >= 0) select(groups[g], index);
    }
  }

  function setup(box, n) {
    var panels = [];
    for (var c = 0; c < box.children.length; c++) {
      if (box.children[c].classList.contains("code-tab")) panels.push(box.children[c]);
    }
    if (!panels.length) return;
    var list = document.createElement("div");
    list.className = "code-tabs-list";
    list.setAttribute("role", "tablist");
    var group = { key: "", labels: [], tabs: [], panels: panels };
    panels.forEach(function (panel, i) {
      var caption = panel.querySelector(".code-tab-label");
      var label = caption ? caption.textContent : "Tab " + (i + 1);
      var tab = document.createElement("button");
      tab.type = "button";
      tab.className = "code-tabs-tab";
      tab.id = "quire-tab-" + n + "-" + i;
      tab.setAttribute("role", "tab");
      tab.setAttribute("aria-controls", "quire-tabpanel-" + n + "-" + i);
      tab.textContent = label;
      panel.id = "quire-tabpanel-" + n + "-" + i;
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", tab.id);
      list.appendChild(tab);
      group.labels.push(label);
      group.tabs.push(tab);
    });
    group.key = PREFIX + JSON.stringify(group.labels.slice().sort());
    list.addEventListener("click", function (e) {
      var tab = e.target instanceof Element ? e.target.closest('[role="tab"]') : null;
      var index = group.tabs.indexOf(tab);
      if (index >= 0) choose(group.key, group.labels[index], true);
    });
    list.addEventListener("keydown", function (e) {
      var current = group.tabs.indexOf(document.activeElement);
      if (current < 0) return;
      var last = group.tabs.length - 1;
      var next = { ArrowRight: current === last ? 0 : current + 1, ArrowLeft: current === 0 ? last : current - 1, Home: 0, End: last }[e.key];
      if (next === undefined) return;
      e.preventDefault();
      choose(group.key, group.labels[next], true);
      group.tabs[next].focus();
    });
    box.insertBefore(list, panels[0]);
    box.classList.add("is-tabbed");
    groups.push(group);
    var stored = storageGet(group.key);
    var index = stored === null ? -1 : group.labels.indexOf(stored);
    select(group, index >= 0 ? index : 0);
  }

  function start() {
    var boxes = document.querySelectorAll(".code-tabs");
    for (var i = 0; i < boxes.length; i++) setup(boxes[i], i);
    // A choice made in another open tab of the site.
    window.addEventListener("storage", function (e) {
      if (e.key && e.key.indexOf(PREFIX) === 0 && e.newValue !== null) choose(e.key, e.newValue, false);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
