// Reader enhancements: theme toggle, "/" to search, link previews (search results: search.js).
// Everything here only adds to pages that already work without JavaScript.
(function () {
  "use strict";
  var script = document.currentScript;
  var root = new URL("../", script.src); // this file lives in <site>/static/
  var THEME_KEY = "policywiki-theme";

  // --- theme: follows the system until the reader chooses; the choice is remembered -------------
  function systemTheme() {
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  function currentTheme() {
    return document.documentElement.getAttribute("data-theme") || systemTheme();
  }
  // The button names what it will do ("Dark theme" on a light page), so it carries no aria-pressed: a toggle
  // whose label changes with its state would be read as "Light theme, pressed" on a dark page.
  function setupThemeToggle() {
    var button = document.querySelector("[data-theme-toggle]");
    if (!button) return;
    function show() { button.textContent = currentTheme() === "dark" ? "Light theme" : "Dark theme"; }
    button.hidden = false;
    show();
    button.addEventListener("click", function () {
      var next = currentTheme() === "dark" ? "light" : "dark";
      document.documentElement.setAttribute("data-theme", next);
      try { localStorage.setItem(THEME_KEY, next); } catch (e) { /* private mode: this page only */ }
      show();
    });
    if (window.matchMedia) {
      window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", show);
    }
  }

  // --- "/" focuses the search box, as on many sites ------------------------------------------------
  function setupSlashKey() {
    var input = document.getElementById("search-input");
    if (!input) return;
    document.addEventListener("keydown", function (event) {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
      var target = event.target;
      var tag = target && target.tagName;
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) return;
      event.preventDefault();
      input.focus();
      input.select();
    });
  }

  // --- hover and focus previews of wiki links --------------------------------------------------------
  function setupPreviews() {
    var links = document.querySelectorAll("a.wikilink[data-slug]");
    if (!links.length) return;
    var index = null;
    var popup = null;
    var hideTimer;
    function load() {
      if (!index) {
        index = fetch(new URL("previews.json", root)).then(function (r) { return r.json(); })
          .catch(function () { return {}; });
      }
      return index;
    }
    function ensurePopup() {
      if (popup) return popup;
      popup = document.createElement("div");
      popup.className = "preview-popup";
      popup.id = "preview-popup";
      popup.setAttribute("role", "tooltip");
      popup.hidden = true;
      popup.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
      popup.addEventListener("mouseleave", hide);
      document.body.appendChild(popup);
      return popup;
    }
    function show(link) {
      clearTimeout(hideTimer);
      load().then(function (data) {
        var entry = data[link.getAttribute("data-slug")];
        if (!entry) return;
        link.removeAttribute("title"); // the preview replaces the plain tooltip
        var box = ensurePopup();
        var kind = document.createElement("p");
        kind.className = "preview-kind";
        kind.textContent = entry.kind;
        var title = document.createElement("p");
        title.className = "preview-title";
        title.textContent = entry.title;
        var summary = document.createElement("p");
        summary.className = "preview-summary";
        summary.textContent = entry.summary;
        box.replaceChildren(kind, title, summary);
        var rect = link.getBoundingClientRect();
        box.hidden = false;
        var width = box.offsetWidth;
        var left = Math.max(8, Math.min(rect.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 8));
        box.style.left = left + "px";
        box.style.top = (rect.bottom + window.scrollY + 6) + "px";
        link.setAttribute("aria-describedby", "preview-popup");
      });
    }
    function hide() {
      hideTimer = setTimeout(function () {
        if (popup) popup.hidden = true;
        links.forEach(function (l) { l.removeAttribute("aria-describedby"); });
      }, 150);
    }
    links.forEach(function (link) {
      link.addEventListener("mouseenter", function () { show(link); });
      link.addEventListener("focus", function () { show(link); });
      link.addEventListener("mouseleave", hide);
      link.addEventListener("blur", hide);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && popup) popup.hidden = true;
    });
  }

  function start() {
    setupThemeToggle();
    setupSlashKey();
    setupPreviews();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
