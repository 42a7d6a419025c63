/* quire.js — theme toggle, reading progress and small progressive enhancements.
   No dependencies; loaded with `defer`. Every control it drives is `hidden` in the HTML, so pages
   read normally without JavaScript. Works from file:// (localStorage only, guarded). */
(function () {
  "use strict";

  var THEME_KEY = "quire-theme";
  var PROGRESS_KEY = "quire-progress";
  var html = document.documentElement;

  /* ---------- storage (may throw, e.g. file:// with strict privacy settings) ---------- */

  function storageGet(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (e) {
      return null;
    }
  }

  function storageSet(key, value) {
    try {
      if (value === null) {
        window.localStorage.removeItem(key);
      } else {
        window.localStorage.setItem(key, value);
      }
      return true;
    } catch (e) {
      return false;
    }
  }

  function media(query) {
    return window.matchMedia ? window.matchMedia(query) : null;
  }

  function onMediaChange(mq, fn) {
    if (!mq) return;
    if (mq.addEventListener) mq.addEventListener("change", fn);
    else if (mq.addListener) mq.addListener(fn);
  }

  /* ---------- theme ---------- */

  var prefersDark = media("(prefers-color-scheme: dark)");

  function effectiveTheme() {
    var t = html.getAttribute("data-theme");
    if (t === "light" || t === "dark") return t;
    return prefersDark && prefersDark.matches ? "dark" : "light";
  }

  function setupTheme() {
    var button = document.getElementById("theme-toggle");
    if (!button) return;
    function sync() {
      var dark = effectiveTheme() === "dark";
      button.setAttribute("aria-pressed", dark ? "true" : "false");
      button.title = dark ? "Switch to light theme" : "Switch to dark theme";
    }
    button.addEventListener("click", function () {
      var next = effectiveTheme() === "dark" ? "light" : "dark";
      html.setAttribute("data-theme", next);
      storageSet(THEME_KEY, next);
      sync();
    });
    onMediaChange(prefersDark, sync);
    window.addEventListener("storage", function (e) {
      if (e.key !== THEME_KEY) return;
      if (e.newValue === "light" || e.newValue === "dark") html.setAttribute("data-theme", e.newValue);
      else html.removeAttribute("data-theme");
      sync();
    });
    sync();
    button.hidden = false;
  }

  /* ---------- reading progress ---------- */

  function loadProgress() {
    var raw = storageGet(PROGRESS_KEY);
    if (!raw) return {};
    try {
      var data = JSON.parse(raw);
      if (!data || typeof data !== "object" || Array.isArray(data)) return {};
      var clean = {};
      Object.keys(data).forEach(function (k) {
        if (data[k] === true) clean[k] = true;
      });
      return clean;
    } catch (e) {
      return {};
    }
  }

  function saveProgress(progress) {
    return storageSet(PROGRESS_KEY, Object.keys(progress).length ? JSON.stringify(progress) : null);
  }

  function uniqueKeys(container) {
    var seen = {};
    var keys = [];
    var items = container.querySelectorAll("li[data-key]");
    for (var i = 0; i < items.length; i++) {
      var k = items[i].getAttribute("data-key");
      if (!seen[k]) {
        seen[k] = true;
        keys.push(k);
      }
    }
    return keys;
  }

  function navSection(key) {
    var all = document.querySelectorAll(".site-nav li[data-section]");
    for (var i = 0; i < all.length; i++) {
      if (all[i].getAttribute("data-section") === key) return all[i];
    }
    return null;
  }

  // The topic a "Mark as learned" toggle marks: the one whose article holds it.
  function learnKey(toggle) {
    var topic = toggle.closest("article[data-key]");
    return topic && topic.getAttribute("data-key");
  }

  function countLearned(keys, progress) {
    var n = 0;
    for (var i = 0; i < keys.length; i++) if (progress[keys[i]]) n++;
    return n;
  }

  function markItem(li, learned) {
    li.classList.toggle("is-learned", learned);
    var link = li.querySelector("a");
    if (!link) return;
    var mark = link.querySelector(".learned-mark");
    if (learned && !mark) {
      mark = document.createElement("span");
      mark.className = "learned-mark";
      mark.innerHTML = '<span aria-hidden="true">✓</span><span class="visually-hidden"> (learned)</span>';
      link.appendChild(mark);
    } else if (!learned && mark) {
      mark.remove();
    }
  }

  function renderProgress(progress) {
    var items = document.querySelectorAll("li[data-key]");
    for (var i = 0; i < items.length; i++) {
      markItem(items[i], !!progress[items[i].getAttribute("data-key")]);
    }

    // Per-section counts "4 / 10" (in the sidebar and on home cards).
    var counts = document.querySelectorAll(".progress-count");
    for (var j = 0; j < counts.length; j++) {
      var el = counts[j];
      var box = el.closest("[data-section]");
      if (!box) continue;
      // A home card lists only its section's own topics; count the whole subtree from the sidebar.
      var navBox = navSection(box.getAttribute("data-section"));
      var keys = uniqueKeys(navBox || box);
      // Large sites list only some topics; the section's real size is in data-total.
      var total = Math.max(keys.length, parseInt(el.getAttribute("data-total"), 10) || 0);
      if (!total) continue;
      var done = countLearned(keys, progress);
      el.textContent = done + " / " + total;
      var hiddenText = document.createElement("span");
      hiddenText.className = "visually-hidden";
      hiddenText.textContent = " learned";
      el.appendChild(hiddenText);
      el.classList.toggle("is-complete", done === total);
      el.hidden = false;
    }

    // "Mark as learned" toggles.
    var toggles = document.querySelectorAll(".learn-toggle");
    for (var t = 0; t < toggles.length; t++) {
      var toggleKey = learnKey(toggles[t]);
      if (!toggleKey) continue;
      var on = !!progress[toggleKey];
      toggles[t].setAttribute("aria-pressed", on ? "true" : "false");
      toggles[t].hidden = false;
    }

    // Home page overall progress.
    var panel = document.getElementById("progress-panel");
    if (panel) {
      var nav = document.querySelector(".site-nav") || document;
      var all = uniqueKeys(nav);
      var learned = countLearned(all, progress);
      var bar = document.getElementById("progress-bar");
      var text = document.getElementById("progress-text");
      var reset = document.getElementById("progress-reset");
      if (bar) {
        bar.max = Math.max(all.length, 1);
        bar.value = learned;
        bar.textContent = learned + " / " + all.length;
      }
      if (text) {
        text.textContent = learned + " of " + all.length + " topic" + (all.length === 1 ? "" : "s") + " learned";
      }
      if (reset) reset.disabled = learned === 0;
      panel.hidden = all.length === 0;
    }
  }

  function setupProgress() {
    var progress = loadProgress();

    function refresh() {
      renderProgress(progress);
    }

    document.addEventListener("click", function (e) {
      var target = e.target instanceof Element ? e.target : null;
      if (!target) return;
      var toggle = target.closest(".learn-toggle");
      var key = toggle && learnKey(toggle);
      if (key) {
        if (progress[key]) delete progress[key];
        else progress[key] = true;
        saveProgress(progress);
        refresh();
        return;
      }
      var confirmBox = document.getElementById("progress-confirm");
      var resetButton = document.getElementById("progress-reset");
      if (target.closest("#progress-reset") && confirmBox) {
        resetButton.hidden = true;
        confirmBox.hidden = false;
        var no = document.getElementById("progress-reset-no");
        if (no) no.focus();
      } else if (target.closest("#progress-reset-yes")) {
        progress = {};
        saveProgress(progress);
        confirmBox.hidden = true;
        resetButton.hidden = false;
        refresh();
        resetButton.focus();
      } else if (target.closest("#progress-reset-no")) {
        confirmBox.hidden = true;
        resetButton.hidden = false;
        resetButton.focus();
      }
    });

    // Keep several open tabs in step.
    window.addEventListener("storage", function (e) {
      if (e.key !== PROGRESS_KEY && e.key !== null) return;
      progress = loadProgress();
      refresh();
    });

    refresh();
  }

  /* ---------- disclosures that are open on wide screens (sidebar menu, page TOC) ---------- */

  function setupDisclosures() {
    var list = document.querySelectorAll("details[data-wide-open]");
    if (!list.length) return;
    var queries = { sidebar: media("(min-width: 60em)"), toc: media("(min-width: 80em)") };
    function sync() {
      for (var i = 0; i < list.length; i++) {
        var d = list[i];
        var mq = d.classList.contains("toc") ? queries.toc : queries.sidebar;
        if (mq) d.open = mq.matches;
      }
    }
    sync();
    onMediaChange(queries.sidebar, sync);
    onMediaChange(queries.toc, sync);

    // Keep the current page visible in a scrolling sidebar.
    var sidebar = document.getElementById("sidebar");
    var current = sidebar && sidebar.querySelector('a[aria-current="page"]');
    if (sidebar && current && sidebar.scrollHeight > sidebar.clientHeight) {
      var top = current.getBoundingClientRect().top - sidebar.getBoundingClientRect().top;
      if (top > sidebar.clientHeight - 80) sidebar.scrollTop = top - sidebar.clientHeight / 3;
    }
  }

  /* ---------- scrollable code blocks and tables: reachable by keyboard ---------- */

  function setupScrollables() {
    var boxes = document.querySelectorAll(".prose pre, .prose table");
    if (!boxes.length) return;
    function sync() {
      for (var i = 0; i < boxes.length; i++) {
        var el = boxes[i];
        var scrolls = el.scrollWidth > el.clientWidth + 1;
        if (scrolls && !el.hasAttribute("tabindex")) {
          el.setAttribute("tabindex", "0");
          el.setAttribute("data-quire-scroll", "");
        } else if (!scrolls && el.hasAttribute("data-quire-scroll")) {
          el.removeAttribute("tabindex");
          el.removeAttribute("data-quire-scroll");
        }
      }
    }
    sync();
    var timer = 0;
    window.addEventListener("resize", function () {
      clearTimeout(timer);
      timer = setTimeout(sync, 150);
    });
  }

  /* ---------- copy buttons on code blocks ---------- */

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try {
        ok = document.execCommand("copy");
      } catch (e) {
        ok = false;
      }
      area.remove();
      if (ok) resolve();
      else reject(new Error("copy failed"));
    });
  }

  function setupCopyButtons() {
    var blocks = document.querySelectorAll('.prose pre.code:not([data-lang="text"])');
    for (var i = 0; i < blocks.length; i++) {
      var pre = blocks[i];
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-code";
      button.textContent = "Copy";
      button.setAttribute("aria-label", "Copy code");
      pre.insertBefore(button, pre.firstChild);
    }
    document.addEventListener("click", function (e) {
      var button = e.target instanceof Element ? e.target.closest(".copy-code") : null;
      if (!button) return;
      var pre = button.parentElement;
      var code = pre.querySelector("code") || pre;
      var text = code === pre ? pre.textContent.slice(button.textContent.length) : code.textContent;
      copyText(text.replace(/\n$/, "")).then(
        function () {
          flash(button, "Copied", "Code copied");
        },
        function () {
          flash(button, "Failed", "Copy failed");
        }
      );
    });
  }

  function flash(button, text, label) {
    button.textContent = text;
    button.setAttribute("aria-label", label);
    button.classList.add("is-done");
    clearTimeout(button._quireTimer);
    button._quireTimer = setTimeout(function () {
      button.textContent = "Copy";
      button.setAttribute("aria-label", "Copy code");
      button.classList.remove("is-done");
    }, 1600);
  }

  /* ---------- "Copy page as Markdown" ---------- */

  // The page's Markdown (index.html.md beside it). Over http(s) it is fetched; an offline build
  // (nothing may be fetched from file://) writes it beside the page as a script too, which a
  // <script> tag loads. A hosted build opened from disk can do neither, so the button stays hidden.
  function loadPageMarkdown(source, offline) {
    if (!offline) {
      return fetch(source).then(function (response) {
        if (!response.ok) throw new Error(source + ": " + response.status);
        return response.text();
      });
    }
    return new Promise(function (resolve, reject) {
      if (typeof window.quirePageMarkdown === "string") return resolve(window.quirePageMarkdown);
      var script = document.createElement("script");
      script.src = source + ".js";
      script.onload = function () {
        if (typeof window.quirePageMarkdown === "string") resolve(window.quirePageMarkdown);
        else reject(new Error(source + ".js set no Markdown"));
      };
      script.onerror = function () {
        reject(new Error("cannot load " + source + ".js"));
      };
      document.head.appendChild(script);
    });
  }

  // Copies text that is still loading: as a ClipboardItem holding the promise where the browser
  // takes one (the click still counts as the user's), else once it has loaded.
  function copyLoading(text) {
    if (window.ClipboardItem && navigator.clipboard && navigator.clipboard.write && window.isSecureContext) {
      var blob = text.then(function (t) {
        return new Blob([t], { type: "text/plain" });
      });
      return navigator.clipboard.write([new ClipboardItem({ "text/plain": blob })]);
    }
    return text.then(copyText);
  }

  function setupCopyMarkdown() {
    var button = document.querySelector(".copy-markdown");
    var source = button && button.getAttribute("data-markdown");
    if (!source) return;
    var offline = document.body.getAttribute("data-offline") === "true";
    if (!offline && !/^https?:$/.test(window.location.protocol)) return;
    var label = button.querySelector("span");
    var idle = label.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      copyLoading(loadPageMarkdown(source, offline)).then(
        function () {
          show("Copied");
        },
        function (err) {
          show("Copy failed");
          console.warn(err);
        }
      );
    });
    function show(text) {
      label.textContent = text;
      button.classList.add("is-done");
      clearTimeout(button._quireTimer);
      button._quireTimer = setTimeout(function () {
        label.textContent = idle;
        button.classList.remove("is-done");
      }, 1600);
    }
  }

  /* ---------- "On this page": highlight the section being read ---------- */

  function setupScrollSpy() {
    var links = document.querySelectorAll('.toc a[href^="#"]');
    if (!links.length) return;
    var items = [];
    for (var i = 0; i < links.length; i++) {
      var id = decodeURIComponent(links[i].getAttribute("href").slice(1));
      var heading = document.getElementById(id);
      if (heading) items.push({ link: links[i], heading: heading });
    }
    if (!items.length) return;
    var active = null;
    var pending = false;
    function update() {
      pending = false;
      var limit = window.innerHeight * 0.3;
      var current = null;
      for (var j = 0; j < items.length; j++) {
        if (items[j].heading.getBoundingClientRect().top <= limit) current = items[j];
        else break;
      }
      if (current === active) return;
      if (active) active.link.classList.remove("is-active");
      if (current) current.link.classList.add("is-active");
      active = current;
    }
    window.addEventListener(
      "scroll",
      function () {
        if (!pending) {
          pending = true;
          window.requestAnimationFrame(update);
        }
      },
      { passive: true }
    );
    update();
  }

  /* ---------- print: show the answers in closed <details> ---------- */

  function setupPrint() {
    var opened = [];
    window.addEventListener("beforeprint", function () {
      var all = document.querySelectorAll(".prose details:not([open])");
      for (var i = 0; i < all.length; i++) {
        all[i].open = true;
        opened.push(all[i]);
      }
    });
    window.addEventListener("afterprint", function () {
      while (opened.length) opened.pop().open = false;
    });
  }

  function start() {
    setupTheme();
    setupProgress();
    setupDisclosures();
    setupCopyButtons();
    setupCopyMarkdown();
    setupScrollables();
    setupScrollSpy();
    setupPrint();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
