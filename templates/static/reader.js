// Reader enhancements: theme toggle, "/" to search, search results, link previews.
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
  function setupThemeToggle() {
    var button = document.querySelector("[data-theme-toggle]");
    if (!button) return;
    function show() { button.setAttribute("aria-pressed", currentTheme() === "dark" ? "true" : "false"); }
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

  // --- search page: Pagefind in the browser ---------------------------------------------------------
  function setupSearch() {
    var app = document.getElementById("search-app");
    if (!app) return;
    var input = document.getElementById("search-input");
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-results");
    var fallback = document.getElementById("search-fallback");
    var query = new URLSearchParams(location.search).get("q") || "";
    input.value = query;
    var pagefindUrl = new URL(app.getAttribute("data-pagefind-url"), location.href).href;
    var ready = import(pagefindUrl).then(function (pagefind) {
      return pagefind.options({ baseUrl: root.pathname }).then(function () { return pagefind; });
    });
    var latest = 0;

    function run(text) {
      var ticket = ++latest;
      text = text.trim();
      if (!text) {
        list.replaceChildren();
        status.textContent = "Type in the search box at the top of the page.";
        if (fallback) fallback.hidden = false;
        return;
      }
      status.textContent = "Searching…";
      ready.then(function (pagefind) {
        return pagefind.search(text).then(function (search) {
          return Promise.all(search.results.slice(0, 20).map(function (r) { return r.data(); }));
        });
      }).then(function (results) {
        if (ticket !== latest) return;
        list.replaceChildren.apply(list, results.map(resultItem));
        status.textContent = results.length === 0 ? "No articles match “" + text + "”." :
          results.length + (results.length === 1 ? " article matches" : " articles match") + " “" + text + "”.";
        if (fallback) fallback.hidden = results.length > 0;
      }).catch(function () {
        status.textContent = "Search is unavailable here (it needs the site to be served over http, not opened " +
          "from disk). Every article is listed below.";
      });
    }

    function resultItem(data) {
      var item = document.createElement("li");
      item.className = "search-result";
      var link = document.createElement("a");
      link.href = data.url;
      link.textContent = (data.meta && data.meta.title) || data.url;
      var heading = document.createElement("h2");
      heading.appendChild(link);
      var summary = document.createElement("p");
      summary.className = "link-summary";
      summary.textContent = (data.meta && data.meta.summary) || "";
      var excerpt = document.createElement("p");
      excerpt.className = "search-excerpt";
      excerpt.innerHTML = data.excerpt; // Pagefind escapes page text; only <mark> is markup
      item.append(heading, summary, excerpt);
      return item;
    }

    var timer;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var url = new URL(location.href);
        url.searchParams.set("q", input.value);
        history.replaceState(null, "", url);
        run(input.value);
      }, 150);
    });
    input.form.addEventListener("submit", function (event) { event.preventDefault(); run(input.value); });
    run(query);
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
    setupSearch();
    setupPreviews();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
