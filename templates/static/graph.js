// The explorable graph (d3, vendored in static/vendor/d3.min.js): the global graph from graph.json, each
// article's local graph from its page alone (the neighbours it lists and their data-lines), so that an article
// page never downloads the whole wiki's graph. Zoom, pan
// and drag; hover or focus an article to light its neighbours; filter by connection type and kind; find an
// article by name; a click or Enter opens it.
// Labels that would collide are hidden (the most connected win) and come back as you zoom in. The static SVG
// and the lists of connections stay for readers without script; a wiki too big for one picture still draws
// every article, but its lines only for the article in focus.
(function () {
  "use strict";
  if (!window.d3) return;
  var PRIORITY = ["related", "uses", "discusses", "links"];  // one line per pair: the most specific type
  var BIG = 1500;  // beyond this many articles: fewer layout steps, lines only on focus
  var CAP = 2000;  // beyond this many, the most connected first, and a button to draw them all
  Array.prototype.forEach.call(document.querySelectorAll(".graph-figure"), function (figure, index) {
    if (figure.classList.contains("graph-local")) { build(figure, fromList(figure), index); return; }
    var source = figure.getAttribute("data-graph-json");
    var fallback = function () { build(figure, fromSvg(figure), index); };
    if (source && /^https?:/.test(location.protocol)) {
      fetch(source).then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (json) { build(figure, capped(fromJson(json, source)), index); })
        .catch(fallback);
    } else {
      fallback();
    }
  });

  // A local graph, all from its page (so from disk too): the article, the neighbours its list links to, a line
  // from the article to each (data-type), and the lines among them: each once, on one of its ends, in
  // data-lines as "other-slug:type other-slug:type" (graphview.py local_graph).
  function fromList(figure) {
    var current = {id: figure.getAttribute("data-slug"), title: figure.getAttribute("data-title"),
                   kind: figure.getAttribute("data-kind"), href: null, current: true};
    var nodes = [current], here = {}, links = [], lines = [];
    here[current.id] = true;
    figure.querySelectorAll(".graph-neighbours a[data-slug]").forEach(function (a) {
      var slug = a.getAttribute("data-slug");
      if (here[slug]) return;
      here[slug] = true;
      nodes.push({id: slug, title: a.textContent.trim(), kind: a.getAttribute("data-kind"), href: a.getAttribute("href")});
      links.push({source: current.id, target: slug, type: a.getAttribute("data-type") || "links"});
      (a.getAttribute("data-lines") || "").split(" ").forEach(function (line) {
        var colon = line.lastIndexOf(":");
        if (colon > 0) lines.push({source: slug, target: line.slice(0, colon), type: line.slice(colon + 1)});
      });
    });
    lines.forEach(function (l) {  // only between articles the list shows, of a type the graph knows
      if (here[l.target] && l.target !== l.source && PRIORITY.indexOf(l.type) >= 0) links.push(l);
    });
    return {nodes: nodes, links: links};
  }

  function fromSvg(figure) {  // nodes and edges as the static drawing has them
    var nodes = [], byPoint = {}, links = [];
    figure.querySelectorAll(".graph-canvas .nodes > .node").forEach(function (element) {
      var circle = element.querySelector("circle"), kind = /node-(\w+)/.exec(element.getAttribute("class"));
      var node = {id: element.getAttribute("data-slug") || "current", title: element.textContent.trim(),
                  kind: kind ? kind[1] : "concept", href: element.getAttribute("href"),
                  current: element.classList.contains("node-current"),
                  x: Number(circle.getAttribute("cx")), y: Number(circle.getAttribute("cy"))};
      nodes.push(node);
      byPoint[circle.getAttribute("cx") + "," + circle.getAttribute("cy")] = node;  // as the lines' ends are written
    });
    figure.querySelectorAll(".graph-canvas .edges line").forEach(function (line) {
      var a = byPoint[line.getAttribute("x1") + "," + line.getAttribute("y1")];
      var b = byPoint[line.getAttribute("x2") + "," + line.getAttribute("y2")];
      var type = /edge-(\w+)/.exec(line.getAttribute("class"));
      if (a && b) links.push({source: a.id, target: b.id, type: type ? type[1] : "links"});
    });
    return {nodes: nodes, links: links};
  }

  function fromJson(json, source) {
    var root = source.replace(/graph\.json$/, ""), nodes = [], known = {}, best = {};
    json.nodes.forEach(function (n) {
      if (n.type !== "article") return;
      known[n.id] = true;
      nodes.push({id: n.id, title: n.title, kind: n.kind, href: root + n.url});
    });
    json.edges.forEach(function (e) {
      var rank = PRIORITY.indexOf(e.type);
      if (rank < 0 || !known[e.source] || !known[e.target] || e.source === e.target) return;
      var key = e.source < e.target ? e.source + "\n" + e.target : e.target + "\n" + e.source;
      if (!(key in best) || rank < best[key]) best[key] = rank;
    });
    var links = Object.keys(best).sort().map(function (key) {
      var ends = key.split("\n");
      return {source: ends[0], target: ends[1], type: PRIORITY[best[key]]};
    });
    return {nodes: nodes, links: links};
  }

  // A huge wiki first draws its CAP most connected articles (each article's page draws its own neighbours);
  // "Draw all" draws every one, lines only for the article in focus.
  function capped(data) {
    if (data.nodes.length <= CAP) return data;
    var degree = {};
    data.links.forEach(function (l) {
      degree[l.source] = (degree[l.source] || 0) + 1;
      degree[l.target] = (degree[l.target] || 0) + 1;
    });
    var keep = new Set(data.nodes.slice().sort(function (a, b) {
      return (degree[b.id] || 0) - (degree[a.id] || 0) || (a.id < b.id ? -1 : 1);
    }).slice(0, CAP).map(function (n) { return n.id; }));
    return {nodes: data.nodes.filter(function (n) { return keep.has(n.id); }),
            links: data.links.filter(function (l) { return keep.has(l.source) && keep.has(l.target); })
              .map(function (l) { return {source: l.source, target: l.target, type: l.type}; }),
            full: data};
  }

  function build(figure, data, index) {
    if (!data.nodes.length) return;
    var d3 = window.d3, local = figure.classList.contains("graph-local"), big = data.nodes.length > BIG;
    var width = 960, height = local ? 480 : 640, prefix = "graph-" + index;
    var byId = new Map(data.nodes.map(function (n) { n.neighbours = new Set(); return [n.id, n]; }));
    data.links.forEach(function (l) {
      byId.get(l.source).neighbours.add(l.target);
      byId.get(l.target).neighbours.add(l.source);
    });
    data.nodes.forEach(function (n) { n.degree = n.neighbours.size; });

    var box = document.createElement("div");
    box.className = "graph-explorer";
    box.innerHTML =
      '<div class="graph-controls">' +
      '<p class="graph-find"><label for="' + prefix + '-find">Find an article</label> ' +
      '<input id="' + prefix + '-find" type="search" list="' + prefix + '-titles" autocomplete="off">' +
      '<datalist id="' + prefix + '-titles"></datalist> <button type="button" data-act="find">Find</button></p>' +
      '<fieldset class="graph-filter" data-filter="type"><legend>Connections</legend></fieldset>' +
      '<fieldset class="graph-filter" data-filter="kind"><legend>Kinds</legend></fieldset>' +
      '<p class="graph-zoom"><button type="button" data-act="in" aria-label="Zoom in">+</button>' +
      '<button type="button" data-act="out" aria-label="Zoom out">−</button>' +
      '<button type="button" data-act="reset">Reset view</button></p></div>' +
      '<p class="graph-status" role="status"></p>' +
      (data.full ? '<p class="graph-cap">Showing the ' + data.nodes.length.toLocaleString("en") + ' most connected of ' +
       data.full.nodes.length.toLocaleString("en") + ' articles; each article’s page draws its own neighbours. ' +
       '<button type="button" data-act="all">Draw all ' + data.full.nodes.length.toLocaleString("en") +
       ' (slower)</button></p>' : '') +
      '<p class="graph-help">Drag the background to pan, scroll or pinch to zoom, drag a point to move it. ' +
      'Hover or focus (Tab) an article to light its connections; click or press Enter to open it.</p>';
    var titles = box.querySelector("datalist");
    data.nodes.slice().sort(function (a, b) { return a.title.localeCompare(b.title); }).forEach(function (n) {
      var option = document.createElement("option");
      option.value = n.title;
      titles.appendChild(option);
    });
    var types = PRIORITY.filter(function (t) { return data.links.some(function (l) { return l.type === t; }); });
    var kinds = Array.from(new Set(data.nodes.map(function (n) { return n.kind; }))).sort();
    var shown = {type: new Set(types), kind: new Set(kinds)};
    [["type", types], ["kind", kinds]].forEach(function (pair) {
      var set = box.querySelector('[data-filter="' + pair[0] + '"]');
      pair[1].forEach(function (value) {
        var label = document.createElement("label"), input = document.createElement("input");
        input.type = "checkbox";
        input.checked = true;
        input.value = value;
        input.addEventListener("change", function () {
          if (input.checked) shown[pair[0]].add(value); else shown[pair[0]].delete(value);
          applyFilters();
        });
        label.appendChild(input);
        label.appendChild(document.createTextNode(" " + value));
        set.appendChild(label);
      });
    });

    var canvas = figure.querySelector(".graph-canvas");
    canvas.insertAdjacentElement("beforebegin", box);
    var stage = document.createElement("div");
    stage.className = "graph-stage";
    canvas.insertAdjacentElement("beforebegin", stage);
    // The static picture (or a local graph's list) stays for readers without script; the list stays, folded.
    if (local) canvas.open = false; else canvas.hidden = true;

    var svg = d3.select(stage).append("svg").attr("class", "graph-svg graph-live" + (big ? " graph-big" : ""))
      .attr("viewBox", [0, 0, width, height]).attr("role", "group")
      .attr("aria-label", (local ? "Local graph" : "Graph") + ": " + data.nodes.length + " articles, " +
            data.links.length + " connections. Tab through the articles; the list below gives the same connections.");
    var layer = svg.append("g").attr("class", "graph-layer");
    // A big graph draws only the lit article's lines: tens of thousands of lines would make every frame slow.
    var edgeGroup = layer.append("g").attr("class", "edges"), edges;
    showEdges(big ? [] : data.links);
    var nodes = layer.append("g").attr("class", "nodes").selectAll("a").data(data.nodes).join("a")
      .attr("class", function (n) { return "node node-" + n.kind + (n.current ? " node-current" : ""); })
      .attr("href", function (n) { return n.href; }).attr("data-slug", function (n) { return n.id; })
      .attr("aria-label", function (n) { return n.title; });  // its name, even while its label is hidden
    nodes.append("circle").attr("class", "node-mark").attr("r", function (n) {
      return n.current ? 9 : Math.min(4 + Math.sqrt(n.degree) * 1.2, 12);
    });
    nodes.append("text").attr("dy", -12).attr("text-anchor", "middle").text(function (n) { return n.title; });

    // The layout: computed before the first paint (no jiggling), then live only while a point is dragged.
    var centre = data.nodes.filter(function (n) { return n.current; })[0];
    if (centre) { centre.fx = width / 2; centre.fy = height / 2; }
    var simulation = d3.forceSimulation(data.nodes)
      .force("link", d3.forceLink(data.links).id(function (n) { return n.id; }).distance(local ? 110 : 70))
      .force("charge", d3.forceManyBody().strength(local ? -300 : -160))
      .force("collide", d3.forceCollide(14))
      .force("x", d3.forceX(width / 2).strength(0.06)).force("y", d3.forceY(height / 2).strength(0.08))
      .stop();
    if (big) simulation.force("charge").theta(1.5).distanceMax(200);  // coarser, cheaper repulsion
    simulation.tick(big ? 40 : 300);
    simulation.on("tick", draw);
    draw();

    var transform = d3.zoomIdentity, lit = null;
    var zoom = d3.zoom().scaleExtent([0.15, 8]).on("zoom", function (event) {
      transform = event.transform;
      layer.attr("transform", transform);
      layer.style("font-size", (12 / transform.k) + "px");
    }).on("end", placeLabels);
    svg.call(zoom);
    var fit = fitted();
    svg.call(zoom.transform, fit);
    nodes.call(d3.drag()
      .on("start", function (event, n) { if (!event.active) simulation.alphaTarget(0.2).restart(); n.fx = n.x; n.fy = n.y; })
      .on("drag", function (event, n) { n.fx = event.x; n.fy = event.y; })
      .on("end", function (event, n) {
        if (!event.active) simulation.alphaTarget(0);
        if (!n.current) { n.fx = null; n.fy = null; }
        placeLabels();
      }));

    nodes.on("pointerenter focus", function (event, n) { light(n); })
      .on("pointerleave blur", function () { light(null); });
    box.addEventListener("click", function (event) {
      var act = event.target.getAttribute && event.target.getAttribute("data-act");
      if (act === "in") svg.transition().duration(200).call(zoom.scaleBy, 1.5);
      if (act === "out") svg.transition().duration(200).call(zoom.scaleBy, 1 / 1.5);
      if (act === "reset") svg.transition().duration(200).call(zoom.transform, fit);
      if (act === "find") find();
      if (act === "all") {
        simulation.stop();
        box.remove();
        stage.remove();
        build(figure, data.full, index);
      }
    });
    var input = box.querySelector("input[type=search]"), status = box.querySelector(".graph-status");
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); find(); }
    });
    input.addEventListener("change", function () { if (byTitle(input.value)) find(); });
    placeLabels();

    function fitted() {  // the transform that shows every article, labels included, within the frame
      var xs = data.nodes.map(function (n) { return n.x; }), ys = data.nodes.map(function (n) { return n.y; });
      var x0 = Math.min.apply(null, xs) - 90, x1 = Math.max.apply(null, xs) + 90;
      var y0 = Math.min.apply(null, ys) - 30, y1 = Math.max.apply(null, ys) + 15;
      var k = Math.min(width / (x1 - x0), height / (y1 - y0), 2);
      return d3.zoomIdentity.translate(width / 2 - k * (x0 + x1) / 2, height / 2 - k * (y0 + y1) / 2).scale(k);
    }

    function showEdges(links) {
      edges = edgeGroup.selectAll("line").data(links).join("line")
        .attr("class", function (l) { return "edge edge-" + l.type; });
    }

    function draw() {
      edges.attr("x1", function (l) { return l.source.x; }).attr("y1", function (l) { return l.source.y; })
        .attr("x2", function (l) { return l.target.x; }).attr("y2", function (l) { return l.target.y; });
      nodes.attr("transform", function (n) { return "translate(" + n.x + "," + n.y + ")"; });
    }

    function byTitle(text) {
      var wanted = text.trim().toLowerCase();
      if (!wanted) return null;
      return data.nodes.filter(function (n) { return n.title.toLowerCase() === wanted; })[0] ||
        data.nodes.filter(function (n) { return n.title.toLowerCase().indexOf(wanted) >= 0; })[0] || null;
    }

    function find() {
      var n = byTitle(input.value);
      if (!n) { status.textContent = "No article matches “" + input.value.trim() + "”."; return; }
      if (!shown.kind.has(n.kind)) {
        shown.kind.add(n.kind);
        box.querySelector('[data-filter="kind"] input[value="' + n.kind + '"]').checked = true;
        applyFilters();
      }
      var k = Math.max(transform.k, 1.5);
      svg.call(zoom.transform, d3.zoomIdentity.translate(width / 2 - n.x * k, height / 2 - n.y * k).scale(k));
      status.textContent = n.title + ": " + n.degree + " connection" + (n.degree === 1 ? "" : "s") +
        ". Press Enter to open it.";
      nodes.filter(function (m) { return m === n; }).node().focus();
    }

    function light(n) {
      svg.classed("is-lighting", !!n);
      nodes.classed("is-active", function (m) { return m === n; })
        .classed("is-neighbour", function (m) { return !!n && n.neighbours.has(m.id); });
      if (big) {
        showEdges(n ? data.links.filter(function (l) { return l.source === n || l.target === n; }) : []);
        draw();
        applyEdgeFilters();
      }
      edges.classed("is-lit", function (l) { return !!n && (l.source === n || l.target === n); });
      lit = n;
      placeLabels();
    }

    function applyFilters() {
      nodes.classed("is-filtered", function (n) { return !shown.kind.has(n.kind); })
        .attr("tabindex", function (n) { return shown.kind.has(n.kind) ? null : -1; })
        .attr("aria-hidden", function (n) { return shown.kind.has(n.kind) ? null : "true"; });
      applyEdgeFilters();
      placeLabels();
    }

    function applyEdgeFilters() {
      edges.classed("is-filtered", function (l) {
        return !shown.type.has(l.type) || !shown.kind.has(l.source.kind) || !shown.kind.has(l.target.kind);
      });
    }

    // Greedy label placement: the current article, then the most connected, each label kept only if its box
    // (in screen units, at the present zoom) overlaps none already kept.
    // While an article is lit, only it and its neighbours compete for labels (a hub's neighbours would
    // otherwise all print over each other).
    function placeLabels() {
      var k = transform.k, kept = [], font = 12;
      var rank = function (n) {
        if (lit) return n === lit ? 2e9 : lit.neighbours.has(n.id) ? 1e9 + n.degree : -1;
        return n.current ? 1e9 : n.degree;
      };
      var order = data.nodes.filter(function (n) { return rank(n) >= 0; }).sort(function (a, b) {
        return rank(b) - rank(a) || (a.id < b.id ? -1 : 1);
      });
      var visible = new Set();
      order.forEach(function (n) {
        if (!shown.kind.has(n.kind)) return;
        var w = n.title.length * font * 0.58 + 4, h = font + 4;
        var x = n.x * k - w / 2, y = n.y * k - 12 - h;
        for (var i = 0; i < kept.length; i++) {
          var o = kept[i];
          if (x < o[0] + o[2] && o[0] < x + w && y < o[1] + o[3] && o[1] < y + h) return;
        }
        kept.push([x, y, w, h]);
        visible.add(n);
      });
      nodes.classed("label-hidden", function (n) { return !visible.has(n); });
    }
  }
})();
