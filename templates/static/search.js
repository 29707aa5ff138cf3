// Search, on every page: instant results under the header box (an ARIA combobox), the /search/ page, and the
// words of a search marked on the page opened from a result. The index is the site's own (written by
// generator/outputs/searchindex.py under search/): this fetches search/meta.json, then only the term shards of
// the words typed (words grouped by their first characters) and the docs shards of the results shown. Every
// word must match (AND); the last word also matches as a prefix while it is being typed; a word of five or
// more letters that matches nothing also matches the indexed words one typo away (two from eight letters).
// Scores: each stored score times the word's inverse document frequency, summed over words.
// Results are built as DOM nodes from text: nothing from the index is ever parsed as HTML.
(function () {
  "use strict";
  var root = new URL("../", document.currentScript.src); // this file lives in <site>/static/
  var base = new URL("search/", root);
  var input = document.getElementById("search-input");
  var PREFIX_FACTOR = 0.7; // a word that only starts with what is typed counts for less than the word itself
  var TYPO_FACTOR = 0.5; // and a word one typo away for less again
  var HIGHLIGHT = "highlight"; // the query parameter of a result's address: the words to mark on that page

  // --- words: exactly as generator/outputs/searchindex.py makes them --------------------------------
  var SUPERSCRIPTS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079";
  function words(text) {
    text = text.toLowerCase().replace(/\u2212/g, "-");
    text = text.replace(/(?<![\p{L}\p{N}_.])1(?:\.0+)?e\+?(-?)0*([0-9]+)(?![\p{L}\p{N}_.])/gu, "10^$1$2")
      .replace(/(?<=[0-9])\*\*(?=-?[0-9])/g, "^")
      .replace(/(?<=[0-9])(\u207b?)([\u2070\u00b9\u00b2\u00b3\u2074-\u2079]+)/g, function (all, minus, digits) {
        return "^" + (minus ? "-" : "") + Array.from(digits).map(function (c) { return SUPERSCRIPTS.indexOf(c); }).join("");
      });
    text = text.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    text = text.replace(/([0-9])\^(-?)(?=[0-9])/g, function (all, digit, minus) {
      return digit + (minus ? "\u0002" : "\u0001");
    });
    return (text.match(/(?:[\p{L}\p{N}]|[\u0001\u0002])+/gu) || []).map(function (word) {
      return word.replace(/\u0001/g, "^").replace(/\u0002/g, "^-");
    });
  }
  function normal(word) { // a trailing plural "s" dropped, as in searchindex.normal
    if (Array.from(word).length > 3 && word.charAt(word.length - 1) === "s" && /^\p{L}+$/u.test(word)) {
      if (word.endsWith("ies") && Array.from(word).length > 4) return word.slice(0, -3) + "y";
      var before = word.charAt(word.length - 2);
      if (before !== "s" && before !== "u" && !word.endsWith("is")) return word.slice(0, -1);
    }
    return word;
  }
  function shardName(prefix) { // as searchindex.shard_name
    if (/^[a-z0-9]+$/.test(prefix)) return prefix;
    return "u" + Array.from(prefix).map(function (c) { return "-" + c.codePointAt(0).toString(16); }).join("");
  }

  // --- fetching, each file once -----------------------------------------------------------------
  var files = {};
  function load(path, asText) {
    if (!files[path]) {
      files[path] = fetch(new URL(path, base)).then(function (response) {
        if (!response.ok) throw new Error(path + ": " + response.status);
        return asText ? response.text() : response.json();
      }).catch(function (error) { delete files[path]; throw error; });
    }
    return files[path];
  }
  function shards(meta, word) {
    // The words of the index that `word` may match, from as few shards as the index allows: the shard of
    // the longest prefix it has (words are grouped by two characters, big groups by more), and for a word
    // still being typed every shard of a longer prefix that starts with it.
    var names = [];
    [word.term, word.raw].forEach(function (text, i) {
      if (i === 1 && (!word.prefix || text.startsWith(word.term))) return;
      var chars = Array.from(text);
      for (var k = chars.length; k > 0; k--) {
        var prefix = chars.slice(0, k).join("");
        if (meta.shardSet.has(prefix)) { names.push(prefix); break; }
      }
      if (word.prefix) meta.shards.forEach(function (prefix) { if (prefix.startsWith(text)) names.push(prefix); });
    });
    names = names.filter(function (name, i) { return names.indexOf(name) === i; });
    return Promise.all(names.map(function (name) { return load("terms/" + shardName(name) + ".json"); }))
      .then(function (parts) { return Object.assign.apply(Object, [{}].concat(parts)); });
  }

  // --- one query --------------------------------------------------------------------------------
  function parse(text) {
    var found = words(text);
    var open = found.length > 0 && !/[\s\p{P}]$/u.test(text); // the last word is still being typed
    var seen = {};
    var query = [];
    found.forEach(function (word, index) {
      var prefix = open && index === found.length - 1 && Array.from(word).length > 1;
      var term = normal(word);
      var key = term + (prefix ? "*" : "");
      if (seen[key]) return;
      seen[key] = true;
      query.push({ term: term, raw: word, prefix: prefix });
    });
    return query;
  }

  function typos(a, b, most) { // edits (insert, delete, change, swap two letters) from a to b, if at most `most`
    if (Math.abs(a.length - b.length) > most) return most + 1;
    var before = null, row = [];
    for (var j = 0; j <= b.length; j++) row.push(j);
    for (var i = 1; i <= a.length; i++) {
      var next = [i], best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var value = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + cost);
        if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2] + 1);
        next.push(value);
        best = Math.min(best, value);
      }
      if (best > most) return most + 1;
      before = row;
      row = next;
    }
    return row[b.length];
  }

  function matches(meta, terms, word) {
    // doc id → best score of this word; and the index words it matched (for highlighting)
    var scores = new Map();
    var matched = [];
    function add(key, factor) {
      matched.push(key);
      var ids = terms[key][0], values = terms[key][1];
      var df = ids.length;
      var weight = Math.log(1 + (meta.docs - df + 0.5) / (df + 0.5)) * factor;
      for (var i = 0; i < ids.length; i++) {
        var score = weight * values[i];
        if (!(scores.get(ids[i]) >= score)) scores.set(ids[i], score);
      }
    }
    var keys = Object.keys(terms);
    keys.forEach(function (key) {
      var exact = key === word.term;
      if (exact || (word.prefix && (key.startsWith(word.term) || key.startsWith(word.raw)))) add(key, exact ? 1 : PREFIX_FACTOR);
    });
    var length = Array.from(word.term).length;
    if (!matched.length && length >= 5 && /^\p{L}+$/u.test(word.term)) { // typo tolerance
      var most = length >= 8 ? 2 : 1;
      keys.forEach(function (key) {
        var typed = word.prefix ? key.slice(0, word.term.length + most) : key;
        if (typos(word.term, key, most) <= most || (word.prefix && typos(word.term, typed, most) <= most)) add(key, TYPO_FACTOR);
      });
    }
    return { scores: scores, matched: matched };
  }

  function search(text, shown) {
    var query = parse(text);
    return load("meta.json").then(function (meta) {
      if (!meta.shardSet) meta.shardSet = new Set(meta.shards);
      return Promise.all(query.map(function (word) { return shards(meta, word); })).then(function (shards) {
        var perWord = query.map(function (word, i) { return matches(meta, shards[i], word); });
        perWord.sort(function (a, b) { return a.scores.size - b.scores.size; });
        var total = new Map();
        if (perWord.length) {
          perWord[0].scores.forEach(function (score, id) {
            var sum = score;
            for (var w = 1; w < perWord.length; w++) {
              var other = perWord[w].scores.get(id);
              if (other === undefined) return;
              sum += other;
            }
            total.set(id, sum);
          });
        }
        var ranked = Array.from(total.keys()).sort(function (a, b) { return total.get(b) - total.get(a) || a - b; });
        var top = ranked.slice(0, shown);
        var highlight = new Set();
        perWord.forEach(function (word) { word.matched.forEach(function (key) { highlight.add(key); }); });
        var per = meta.docsPerShard;
        return Promise.all(top.map(function (id) { return load("docs/" + Math.floor(id / per) + ".json"); }))
          .then(function (docShards) {
            var docs = top.map(function (id, i) { return docShards[i][id % per].slice(); });
            // the start of the page's text, only for results whose summary does not show the words searched
            return Promise.all(docs.map(function (doc) {
              if (hits(doc[2], highlight).length) return "";
              return load("text/" + doc[0].replace(/\/$/, "").split("/").pop() + ".txt", true)
                .catch(function () { return ""; });
            })).then(function (texts) {
              docs.forEach(function (doc, i) { doc[4] = texts[i]; });
              return { count: ranked.length, docs: docs, highlight: highlight };
            });
          });
      });
    });
  }

  // --- showing results --------------------------------------------------------------------------
  var WORD = /(?:[\p{L}\p{N}\p{M}]|(?<=[0-9])\^[-\u2212]?(?=[0-9]))+/gu;
  function hits(text, highlight) { // the [start, end] of each word of `text` that matched
    var found = [];
    var match;
    WORD.lastIndex = 0;
    while ((match = WORD.exec(text)) !== null) {
      if (words(match[0]).some(function (word) { return highlight.has(normal(word)); })) {
        found.push([match.index, match.index + match[0].length]);
      }
    }
    return found;
  }
  function withPowers(text) { // "10^26" as 10 and a superscript 26
    var fragment = document.createDocumentFragment();
    text.split(/(?<=[0-9])\^([-\u2212]?[0-9]+)/).forEach(function (part, i) {
      if (i % 2 === 0) { fragment.append(part); return; }
      var sup = document.createElement("sup");
      sup.textContent = part;
      fragment.append(sup);
    });
    return fragment;
  }
  function marked(text, highlight) {
    // `text` as text nodes, with the words that matched in <mark> elements and powers as superscripts
    var fragment = document.createDocumentFragment();
    var at = 0;
    hits(text, highlight).forEach(function (span) {
      fragment.append(withPowers(text.slice(at, span[0])));
      var mark = document.createElement("mark");
      mark.append(withPowers(text.slice(span[0], span[1])));
      fragment.append(mark);
      at = span[1];
    });
    fragment.append(withPowers(text.slice(at)));
    return fragment;
  }
  function snippet(doc, highlight) {
    // A short passage with the matched words: from the summary or the page's text, around the first hit
    var texts = [doc[2], doc[4] || ""];
    for (var t = 0; t < texts.length; t++) {
      var found = hits(texts[t], highlight);
      if (!found.length) continue;
      var text = texts[t], start = Math.max(0, found[0][0] - 60), end = Math.min(text.length, start + 180);
      if (start > 0) start = text.indexOf(" ", start) + 1;
      if (end < text.length) end = Math.max(text.lastIndexOf(" ", end), found[0][1]);
      return (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
    }
    return doc[2];
  }
  function resultUrl(doc, highlight) {
    var url = new URL(doc[0] + "index.html", root);
    if (highlight.size) url.searchParams.set(HIGHLIGHT, Array.from(highlight).join(" "));
    return url.href;
  }
  function resultItem(doc, highlight) {
    var item = document.createElement("li");
    item.className = "search-result";
    var link = document.createElement("a");
    link.href = resultUrl(doc, highlight);
    link.append(marked(doc[1], highlight));
    var heading = document.createElement("h2");
    heading.append(link);
    item.append(heading);
    if (doc[3].length) {
      var aliases = document.createElement("p");
      aliases.className = "link-aliases search-excerpt";
      aliases.append("also: ", marked(doc[3].join(", "), highlight));
      item.append(aliases);
    }
    var summary = document.createElement("p");
    summary.className = "link-summary search-excerpt";
    summary.append(marked(snippet(doc, highlight), highlight));
    item.append(summary);
    return item;
  }
  function describe(count, text, shown) {
    text = text.trim();
    var more = count > shown ? " (the first " + shown + " are shown)" : "";
    return count === 0 ? "No articles match “" + text + "”." :
      count + (count === 1 ? " article matches" : " articles match") + " “" + text + "”" + more + ".";
  }
  var UNAVAILABLE = "Search is unavailable here (it needs the site to be served over http, not opened from disk).";

  // --- the /search/ page --------------------------------------------------------------------------
  function setupSearchPage(app) {
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-results");
    var fallback = document.getElementById("search-fallback");
    var SHOWN = 20;
    var latest = 0;
    function run(text) {
      var ticket = ++latest;
      if (!words(text).length) {
        list.replaceChildren();
        status.textContent = "Type in the search box at the top of the page.";
        if (fallback) fallback.hidden = false;
        return;
      }
      status.textContent = "Searching…";
      search(text, SHOWN).then(function (result) {
        if (ticket !== latest) return;
        list.replaceChildren.apply(list, result.docs.map(function (doc) { return resultItem(doc, result.highlight); }));
        status.textContent = describe(result.count, text, SHOWN);
        if (fallback) fallback.hidden = result.count > 0;
      }).catch(function () {
        if (ticket !== latest) return;
        status.textContent = UNAVAILABLE + " Every article is listed below.";
      });
    }
    var query = new URLSearchParams(location.search).get("q") || "";
    input.value = query;
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

  // --- the header box: instant results as a combobox (WAI-ARIA APG, list autocomplete) --------------
  function setupInstantResults() {
    var SHOWN = 8;
    var form = input.form;
    var box = document.createElement("div");
    box.className = "search-suggestions";
    box.hidden = true;
    var status = document.createElement("p");
    status.className = "search-suggestions-status";
    status.id = "search-suggestions-status";
    status.setAttribute("role", "status");
    var list = document.createElement("ul");
    list.id = "search-suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Search results");
    box.append(list, status);
    form.append(box);
    input.type = "text"; // a combobox is a text box with a list (ARIA in HTML: not on type=search)
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", "search-suggestions");
    input.setAttribute("aria-describedby", "search-suggestions-status");
    var options = [];
    var active = -1;
    var latest = 0;
    var timer;

    function open(yes) {
      box.hidden = !yes;
      input.setAttribute("aria-expanded", yes ? "true" : "false");
      if (!yes) select(-1);
    }
    function select(index) {
      options.forEach(function (option, i) { option.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function option(id, url, title, text) {
      var item = document.createElement("li");
      item.id = "search-option-" + id;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.setAttribute("data-url", url);
      var heading = document.createElement("span");
      heading.className = "search-suggestion-title";
      heading.append(title);
      item.append(heading);
      if (text) {
        var excerpt = document.createElement("span");
        excerpt.className = "search-suggestion-snippet";
        excerpt.append(text);
        item.append(excerpt);
      }
      item.addEventListener("mousedown", function (event) { event.preventDefault(); }); // keep the focus
      item.addEventListener("click", function () { location.assign(url); });
      return item;
    }
    function allResults() {
      var url = new URL(form.action);
      url.searchParams.set("q", input.value);
      return url.href;
    }
    function run() {
      var text = input.value;
      var ticket = ++latest;
      if (!words(text).length) { list.replaceChildren(); options = []; open(false); status.textContent = ""; return; }
      search(text, SHOWN).then(function (result) {
        if (ticket !== latest) return;
        options = result.docs.map(function (doc, i) {
          return option(i, resultUrl(doc, result.highlight), marked(doc[1], result.highlight),
                        marked(snippet(doc, result.highlight), result.highlight));
        });
        if (result.count > 0) options.push(option("all", allResults(), "All " + result.count + " results on the search page", null));
        list.replaceChildren.apply(list, options);
        status.textContent = describe(result.count, text, SHOWN) + (result.count ? " Use the arrow keys to choose one." : "");
        open(true);
        select(-1);
      }).catch(function () {
        if (ticket !== latest) return;
        list.replaceChildren();
        options = [];
        status.textContent = UNAVAILABLE;
        open(true);
      });
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 120); });
    input.addEventListener("focus", function () { if (options.length) open(true); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!options.length) return;
        event.preventDefault();
        if (box.hidden) open(true);
        var last = options.length - 1;
        if (event.key === "ArrowDown") select(active < last ? active + 1 : 0);
        else select(active > 0 ? active - 1 : last);
      } else if (event.key === "Enter" && active >= 0 && !box.hidden) {
        event.preventDefault();
        location.assign(options[active].getAttribute("data-url"));
      } else if (event.key === "Escape" && !box.hidden) {
        event.preventDefault();
        open(false);
      }
    });
    document.addEventListener("click", function (event) { if (!form.contains(event.target)) open(false); });
  }

  // --- the words of a search, marked on the page opened from a result -------------------------------
  function markWordsOnPage() {
    var wanted = new URLSearchParams(location.search).get(HIGHLIGHT);
    var main = document.querySelector(".article-body") || document.querySelector("main");
    if (!wanted || !main) return;
    var highlight = new Set(wanted.split(" ").filter(Boolean));
    var walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentElement.closest("script, style, math, svg, mark, .visually-hidden") ? NodeFilter.FILTER_REJECT
          : NodeFilter.FILTER_ACCEPT;
      }
    });
    var found = [];
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var spans = hits(node.data, highlight);
      if (spans.length) found.push([node, spans]);
    }
    var first = null;
    found.forEach(function (entry) {
      var node = entry[0], at = 0, parts = [];
      entry[1].forEach(function (span) {
        parts.push(document.createTextNode(node.data.slice(at, span[0])));
        var mark = document.createElement("mark");
        mark.className = "search-hit";
        mark.textContent = node.data.slice(span[0], span[1]);
        parts.push(mark);
        if (!first) first = mark;
        at = span[1];
      });
      parts.push(document.createTextNode(node.data.slice(at)));
      node.replaceWith.apply(node, parts);
    });
    if (first && !location.hash) first.scrollIntoView({ block: "center" });
  }

  var app = document.getElementById("search-app");
  if (input && app) setupSearchPage(app);
  else if (input && input.form) setupInstantResults();
  markWordsOnPage();
})();
