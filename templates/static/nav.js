// Reader layout: the menu drawer on narrow screens, the explorer (kinds → articles, from the one shared
// nav.json), the contents that mark the section being read, and heading permalinks.
// Every page works without it: the drawer then sits in the page's flow and links to each kind's index.
(function () {
  "use strict";
  var WIDE = window.matchMedia("(min-width: 72rem)");

  // --- the menu drawer (narrow screens) -------------------------------------------------------------
  function setupDrawer() {
    var button = document.querySelector("[data-menu-button]");
    var drawer = document.getElementById("site-drawer");
    if (!button || !drawer) return;
    button.hidden = false;
    function set(open, focusBack) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      document.documentElement.classList.toggle("drawer-open", open);
      if (!open && focusBack) button.focus();
    }
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      set(open, false);
      if (open) {
        var first = drawer.querySelector("input, a[href]");
        if (first) first.focus();
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") set(false, true);
    });
    drawer.addEventListener("click", function (event) {  // following a link closes the menu
      if (event.target.closest("a[href]") && !WIDE.matches) set(false, false);
    });
    WIDE.addEventListener("change", function () { if (WIDE.matches) set(false, false); });
  }

  // --- the explorer: kinds → articles, with a filter box ---------------------------------------------
  function element(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      if (key === "text") node.textContent = props[key];
      else node.setAttribute(key, props[key]);
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  function setupExplorer() {
    var nav = document.querySelector(".site-nav[data-nav]");
    var list = nav && nav.querySelector("[data-nav-kinds]");
    if (!list || !window.fetch) return;
    var source = new URL(nav.getAttribute("data-nav"), document.baseURI);
    var root = new URL(".", source);
    var current = nav.getAttribute("data-current");
    var currentKind = nav.getAttribute("data-current-kind");
    fetch(source).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    }).then(function (data) {
      var groups = [];
      var tree = element("ul", {"class": "nav-tree"});
      data.kinds.forEach(function (kind) {
        var items = element("ul", {"class": "nav-articles"});
        kind.articles.forEach(function (entry) {
          var link = element("a", {href: new URL(data.article_path.replace("{slug}", entry[0]), root).href,
                                   text: entry[1]});
          if (entry[0] === current) link.setAttribute("aria-current", "page");
          items.appendChild(element("li", {}, [link]));
        });
        var summary = element("summary", {}, [
          element("span", {text: kind.label}), element("span", {"class": "nav-count", text: " " + kind.articles.length})]);
        var all = element("li", {"class": "nav-all"}, [element("a", {href: new URL(kind.index, root).href,
                                                                       text: "All " + kind.label.toLowerCase()})]);
        items.insertBefore(all, items.firstChild);
        var details = element("details", {"class": "nav-kind"}, [summary, items]);
        if (kind.kind === currentKind) details.open = true;
        groups.push(details);
        tree.appendChild(element("li", {}, [details]));
      });
      var filter = element("input", {type: "search", id: "nav-filter", "class": "nav-filter", autocomplete: "off",
                                     placeholder: "Filter articles"});
      var label = element("label", {"for": "nav-filter", "class": "visually-hidden", text: "Filter the articles"});
      var status = element("p", {"class": "visually-hidden", role: "status", id: "nav-filter-status"});
      filter.addEventListener("input", function () { applyFilter(filter.value, groups, status); });
      list.replaceWith(label, filter, status, tree);
      var marked = tree.querySelector('[aria-current="page"]');
      if (marked && marked.scrollIntoView && WIDE.matches) marked.scrollIntoView({block: "nearest"});
    }).catch(function () { /* the links to each kind's index stay */ });
  }

  function applyFilter(query, groups, status) {
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    groups.forEach(function (details) {
      var matches = 0;
      details.querySelectorAll(".nav-articles li:not(.nav-all)").forEach(function (item) {
        var text = item.textContent.toLowerCase();
        var hit = words.every(function (word) { return text.indexOf(word) >= 0; });
        item.hidden = !hit;
        if (hit) matches++;
      });
      if (words.length) details.open = matches > 0;
      details.parentNode.hidden = words.length > 0 && matches === 0;
      shown += matches;
    });
    status.textContent = words.length ? shown + (shown === 1 ? " article" : " articles") + " shown" : "";
  }

  // --- contents: mark the section being read -----------------------------------------------------------
  function setupContents() {
    var toc = document.querySelector(".toc");
    if (!toc) return;
    var links = {};
    var targets = [];
    toc.querySelectorAll('a[href^="#"]').forEach(function (link) {
      var target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
      if (target && target.id !== "top") { links[target.id] = link; targets.push(target); }
    });
    if (!targets.length) return;
    var marked = null;
    function mark() {
      var line = 120;  // below the sticky header: the last heading above this line is the section being read
      var best = targets[0];
      for (var i = 0; i < targets.length; i++) {
        if (targets[i].getBoundingClientRect().top <= line) best = targets[i];
        else break;
      }
      var link = links[best.id];
      if (link === marked) return;
      if (marked) marked.removeAttribute("aria-current");
      link.setAttribute("aria-current", "location");
      marked = link;
      if (WIDE.matches) {  // keep the marked entry visible in a long contents rail
        var box = toc.getBoundingClientRect(), at = link.getBoundingClientRect();
        if (at.top < box.top || at.bottom > box.bottom) toc.scrollTop += at.top - box.top - box.height / 3;
      }
    }
    var pending = false;
    window.addEventListener("scroll", function () {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () { pending = false; mark(); });
    }, {passive: true});
    mark();
  }

  // --- heading permalinks ---------------------------------------------------------------------------
  function setupPermalinks() {
    document.querySelectorAll("main h2[id], main h3[id], main h4[id]").forEach(function (heading) {
      if (heading.querySelector(".heading-anchor") || heading.closest(".at-a-glance")) return;
      var link = element("a", {"class": "heading-anchor", href: "#" + heading.id,
                               "aria-label": "Link to this section: " + heading.textContent.trim(), text: "#"});
      heading.appendChild(link);
    });
  }

  function start() {
    setupDrawer();
    setupExplorer();
    setupContents();
    setupPermalinks();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
