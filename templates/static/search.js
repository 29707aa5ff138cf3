// The /search/ page: searches the site's own index (written by generator/searchindex.py under search/).
// It fetches search/meta.json, then only the term shards of the words typed (words grouped by their first
// two characters) and the docs shards of the results shown. Every word must match (AND); the last word also
// matches as a prefix while it is being typed. Scores: each stored score (title, aliases, summary, headings,
// body, weighed per article at build time) times the word's inverse document frequency, summed over words.
// Results are built as DOM nodes from text: nothing from the index is ever parsed as HTML.
(function () {
  "use strict";
  var app = document.getElementById("search-app");
  if (!app) return;
  var root = new URL("../", document.currentScript.src); // this file lives in <site>/static/
  var base = new URL("./", new URL(app.getAttribute("data-index"), location.href));
  var input = document.getElementById("search-input");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var fallback = document.getElementById("search-fallback");
  var SHOWN = 20;
  var PREFIX_FACTOR = 0.7; // a word that only starts with what is typed counts for less than the word itself
  var IDLE = "Type in the search box at the top of the page.";

  // --- words: exactly as generator/searchindex.py makes them --------------------------------------
  function words(text) {
    text = text.toLowerCase().replace(/\u2212/g, "-").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
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
  function load(path) {
    if (!files[path]) {
      files[path] = fetch(new URL(path, base)).then(function (response) {
        if (!response.ok) throw new Error(path + ": " + response.status);
        return response.json();
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

  function matches(meta, terms, word) {
    // doc id → best score of this word; and the index words it matched (for highlighting)
    var scores = new Map();
    var matched = [];
    Object.keys(terms).forEach(function (key) {
      var exact = key === word.term;
      if (!exact && !(word.prefix && (key.startsWith(word.term) || key.startsWith(word.raw)))) return;
      matched.push(key);
      var ids = terms[key][0], values = terms[key][1];
      var df = ids.length;
      var weight = Math.log(1 + (meta.docs - df + 0.5) / (df + 0.5)) * (exact ? 1 : PREFIX_FACTOR);
      for (var i = 0; i < ids.length; i++) {
        var score = weight * values[i];
        if (!(scores.get(ids[i]) >= score)) scores.set(ids[i], score);
      }
    });
    return { scores: scores, matched: matched };
  }

  function search(text) {
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
        var top = ranked.slice(0, SHOWN);
        var highlight = new Set();
        perWord.forEach(function (word) { word.matched.forEach(function (key) { highlight.add(key); }); });
        var per = meta.docsPerShard;
        return Promise.all(top.map(function (id) { return load("docs/" + Math.floor(id / per) + ".json"); }))
          .then(function (docShards) {
            var docs = top.map(function (id, i) { return docShards[i][id % per]; });
            return { count: ranked.length, docs: docs, highlight: highlight };
          });
      });
    });
  }

  // --- showing results --------------------------------------------------------------------------
  function marked(text, highlight) {
    // `text` as text nodes, with the words that matched in <mark> elements
    var fragment = document.createDocumentFragment();
    var at = 0;
    var pattern = /(?:[\p{L}\p{N}\p{M}]|(?<=[0-9])\^[-\u2212]?(?=[0-9]))+/gu;
    var match;
    while ((match = pattern.exec(text)) !== null) {
      var hit = words(match[0]).some(function (word) { return highlight.has(normal(word)); });
      if (!hit) continue;
      fragment.append(document.createTextNode(text.slice(at, match.index)));
      var mark = document.createElement("mark");
      mark.textContent = match[0];
      fragment.append(mark);
      at = match.index + match[0].length;
    }
    fragment.append(document.createTextNode(text.slice(at)));
    return fragment;
  }

  function resultItem(doc, highlight) {
    var item = document.createElement("li");
    item.className = "search-result";
    var link = document.createElement("a");
    link.href = new URL(doc[0] + "index.html", root).href;
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
    summary.append(marked(doc[2], highlight));
    item.append(summary);
    return item;
  }

  var latest = 0;
  function run(text) {
    var ticket = ++latest;
    if (!words(text).length) {
      list.replaceChildren();
      status.textContent = IDLE;
      if (fallback) fallback.hidden = false;
      return;
    }
    status.textContent = "Searching…";
    search(text).then(function (result) {
      text = text.trim();
      if (ticket !== latest) return;
      list.replaceChildren.apply(list, result.docs.map(function (doc) { return resultItem(doc, result.highlight); }));
      var shown = result.count > SHOWN ? " (the first " + SHOWN + " are shown)" : "";
      status.textContent = result.count === 0 ? "No articles match “" + text + "”." :
        result.count + (result.count === 1 ? " article matches" : " articles match") + " “" + text + "”" + shown + ".";
      if (fallback) fallback.hidden = result.count > 0;
    }).catch(function () {
      if (ticket !== latest) return;
      status.textContent = "Search is unavailable here (it needs the site to be served over http, not opened " +
        "from disk). Every article is listed below.";
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
})();
