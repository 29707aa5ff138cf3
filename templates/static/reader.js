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

  // --- hover and focus previews of wiki links -------------------------------------------------------
  // Every link to an article (/wiki/<slug>/: body text, At a glance, related lists, backlinks, graph lists,
  // links added later by other scripts) previews its title and summary from previews.json; an in-text
  // citation previews the works it cites, from the page's own reference list (with their DOI or URL).
  // Mouse: on hover; keyboard: on focus; touch: the first tap previews, a second tap (or "Open") follows.
  function setupPreviews() {
    var wikiRoot = new URL("wiki/", root).href;
    var index = null;
    var popup = null;
    var shownFor = null;
    var hideTimer;
    var lastPointer = "mouse";
    function load() {
      if (!index) {
        index = fetch(new URL("previews.json", root)).then(function (r) { return r.json(); })
          .catch(function () { return {}; });
      }
      return index;
    }
    function slugOf(link) {
      if (link.hasAttribute("data-slug")) return link.getAttribute("data-slug");
      if (!link.href || link.href.indexOf(wikiRoot) !== 0) return null;
      var match = /^([^/?#]+)\/(?:index\.html)?(?:[?#].*)?$/.exec(link.href.slice(wikiRoot.length));
      if (!match) return null;
      var here = location.href.split("#")[0].replace(/index\.html$/, "");
      if (link.href.split("#")[0].replace(/index\.html$/, "") === here && link.hash) return null; // same page
      return decodeURIComponent(match[1]);
    }
    function citedWorks(link) { // the reference-list entries a citation (or footnote marker) points to
      if (link.classList.contains("citation")) {
        return (link.getAttribute("data-keys") || "").split(" ").map(function (key) {
          return key && document.getElementById("ref-text-" + key);
        }).filter(Boolean);
      }
      if (link.parentElement && link.parentElement.classList.contains("note-ref") && link.hash) {
        var note = document.getElementById(decodeURIComponent(link.hash.slice(1)));
        return note ? [note] : [];
      }
      return [];
    }
    function previewable(link) {
      if (!link || link.closest(".preview-popup")) return false;
      return citedWorks(link).length > 0 || slugOf(link) !== null;
    }
    function ensurePopup() {
      if (popup) return popup;
      popup = document.createElement("div");
      popup.className = "preview-popup";
      popup.id = "preview-popup";
      popup.setAttribute("role", "tooltip");
      popup.hidden = true;
      popup.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
      popup.addEventListener("mouseleave", function () { hide(); });
      (document.querySelector("main") || document.body).appendChild(popup); // inside a landmark
      return popup;
    }
    function paragraph(className, text) {
      var p = document.createElement("p");
      p.className = className;
      p.textContent = text;
      return p;
    }
    function copyOf(node) { // a reference entry without its ids (the page keeps the originals)
      var copy = node.cloneNode(true);
      copy.removeAttribute("id");
      copy.querySelectorAll("[id], .note-back").forEach(function (el) {
        if (el.classList.contains("note-back")) el.remove(); else el.removeAttribute("id");
      });
      var p = document.createElement("p");
      p.className = "preview-reference";
      p.append.apply(p, Array.from(copy.childNodes));
      return p;
    }
    function content(link) {
      var works = citedWorks(link);
      if (works.length) {
        return Promise.resolve([paragraph("preview-kind", works.length > 1 ? "References" : "Reference")]
          .concat(works.map(copyOf)));
      }
      return load().then(function (data) {
        var entry = data[slugOf(link)];
        if (!entry) return null;
        link.removeAttribute("title"); // the preview replaces the plain tooltip
        return [paragraph("preview-kind", entry.kind), paragraph("preview-title", entry.title),
                paragraph("preview-summary", entry.summary)];
      });
    }
    function show(link, byTouch) {
      clearTimeout(hideTimer);
      return content(link).then(function (nodes) {
        if (!nodes) return false;
        var box = ensurePopup();
        if (byTouch) { // on a touch screen the preview is the first tap: say how to go on
          var open = document.createElement("a");
          open.className = "preview-open";
          open.href = link.href;
          open.textContent = link.classList.contains("citation") ? "Go to the reference list" : "Open the article";
          var p = document.createElement("p");
          p.append(open);
          nodes.push(p);
        }
        box.replaceChildren.apply(box, nodes);
        box.hidden = false;
        var rect = link.getBoundingClientRect();
        var width = box.offsetWidth;
        var left = Math.max(8, Math.min(rect.left, document.documentElement.clientWidth - width - 8));
        var frame = (box.offsetParent || document.body).getBoundingClientRect(); // absolute within this
        box.style.left = (left - frame.left) + "px";
        box.style.top = (rect.bottom - frame.top + 6) + "px";
        if (shownFor && shownFor !== link) shownFor.removeAttribute("aria-describedby");
        shownFor = link;
        link.setAttribute("aria-describedby", "preview-popup");
        return true;
      });
    }
    function hideNow() {
      clearTimeout(hideTimer);
      if (popup) popup.hidden = true;
      if (shownFor) shownFor.removeAttribute("aria-describedby");
      shownFor = null;
    }
    function hide() { clearTimeout(hideTimer); hideTimer = setTimeout(hideNow, 150); }
    function linkOf(event) {
      var link = event.target.closest ? event.target.closest("a[href]") : null;
      return previewable(link) ? link : null;
    }
    function pointer(event) { lastPointer = event.pointerType || "mouse"; }
    document.addEventListener("pointerdown", pointer, true);
    document.addEventListener("pointerover", pointer, true);
    document.addEventListener("mouseover", function (event) {
      var link = linkOf(event);
      if (link && lastPointer !== "touch" && link !== shownFor) show(link, false);
    });
    document.addEventListener("mouseout", function (event) {
      var link = linkOf(event);
      if (link && lastPointer !== "touch" && !link.contains(event.relatedTarget)) hide();
    });
    document.addEventListener("focusin", function (event) {
      var link = linkOf(event);
      if (link && lastPointer !== "touch") show(link, false);
    });
    document.addEventListener("focusout", function (event) { if (linkOf(event) && lastPointer !== "touch") hide(); });
    document.addEventListener("click", function (event) {
      if (lastPointer !== "touch") return;
      var link = linkOf(event);
      if (!link) {
        if (popup && !popup.contains(event.target)) hideNow();
        return;
      }
      if (link === shownFor && popup && !popup.hidden) return; // second tap: follow the link
      event.preventDefault();
      show(link, true);
    });
    document.addEventListener("keydown", function (event) { if (event.key === "Escape") hideNow(); });
  }

  function start() {
    setupThemeToggle();
    setupSlashKey();
    setupPreviews();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
