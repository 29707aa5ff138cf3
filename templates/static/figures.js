// Computed figures (generator/threshold): the figure's SVG file put in the page as live SVG, the exact value and
// source of a point on hover and focus, series a reader can hide and show, a PNG made from the figure's own SVG,
// and the page's address in "Cite this figure". Without this script the figures still show (an <img> of the
// same file), with their data tables, CSV and SVG downloads.
(function () {
  "use strict";
  var figures = document.querySelectorAll(".computed-figure");
  if (!figures.length) return;
  var script = document.currentScript;
  if (script) {  // the figure styles, beside this script, only on pages that show a figure
    var sheet = document.createElement("link");
    sheet.rel = "stylesheet";
    sheet.href = script.src.replace(/figures\.js(\?.*)?$/, "figures.css");
    document.head.appendChild(sheet);
  }
  Array.prototype.forEach.call(figures, function (figure) {
    // The page shows the figure's own file with an <img>; live SVG (page colours, marks to hover, series to
    // hide) comes from the same file, fetched. From disk (file:) browsers refuse the fetch: the image stays.
    // Only once the image has loaded (it loads lazily, as the reader nears it), so a figure never read costs
    // nothing, and the fetch is answered from the browser's cache.
    var image = figure.querySelector(".figure-graphic img.figure-image");
    addCiteLink(figure);
    if (!image || !/^https?:/.test(location.protocol)) return;
    var live = function () {
      fetch(image.currentSrc || image.src).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      }).then(function (text) { enhance(figure, inline(image, text)); }).catch(function () {});
    };
    if (image.complete && image.naturalWidth) live(); else image.addEventListener("load", live, {once: true});
  });

  // The file is black on white for any viewer; in the page it takes the page's colours: its root colour goes
  // (currentColor then follows the page) and the background sentinel becomes the page background.
  function inline(image, text) {
    var parsed = new DOMParser().parseFromString(text.replace(/#fefdfc/gi, "var(--bg, Canvas)"), "image/svg+xml");
    var root = parsed.documentElement;
    if (root.namespaceURI !== "http://www.w3.org/2000/svg") throw new Error("not an SVG");
    var svg = document.importNode(root, true);
    svg.removeAttribute("color");
    svg.setAttribute("style", image.getAttribute("style") || "");  // its legibility floor (min-width)
    // Hidden, not removed: removing an image that is still loading aborts its request (a failed request).
    image.hidden = true;
    image.insertAdjacentElement("beforebegin", svg);
    return svg;
  }

  function enhance(figure, svg) {
    var id = figure.id.replace(/^figure-/, "");
    addTooltips(figure, svg);
    addSeriesToggles(figure, svg, id);
    addPngDownload(figure, svg, id);
    figure.classList.add("figure-live");
  }

  function addCiteLink(figure) {
    var cite = figure.querySelector(".figure-cite");
    if (cite && /^https?:/.test(location.protocol)) {
      var link = document.createElement("a");
      link.href = location.origin + location.pathname + "#" + figure.id;
      link.textContent = link.href;
      cite.appendChild(document.createTextNode(" "));
      cite.appendChild(link);
    }
  }

  function addTooltips(figure, svg) {
    var tip = document.createElement("div");
    tip.className = "figure-tooltip";
    tip.hidden = true;
    tip.setAttribute("aria-hidden", "true");  // the mark's own label already says it to screen readers
    figure.appendChild(tip);
    function show(event) {
      var mark = event.target;
      tip.textContent = mark.getAttribute("aria-label");
      tip.hidden = false;
      var box = mark.getBoundingClientRect(), frame = figure.getBoundingClientRect();
      var left = Math.min(Math.max(box.left - frame.left + box.width / 2 - tip.offsetWidth / 2, 0),
                          Math.max(frame.width - tip.offsetWidth, 0));
      tip.style.left = left + "px";
      tip.style.top = (box.top - frame.top - tip.offsetHeight - 6) + "px";
    }
    function hide() { tip.hidden = true; }
    Array.prototype.forEach.call(svg.querySelectorAll(".figure-mark"), function (mark) {
      var title = mark.querySelector("title");  // our tooltip replaces the browser's slower one
      if (title) title.remove();
      mark.addEventListener("pointerenter", show);
      mark.addEventListener("focus", show);
      mark.addEventListener("pointerleave", hide);
      mark.addEventListener("blur", hide);
      mark.addEventListener("keydown", function (event) { if (event.key === "Escape") hide(); });
    });
  }

  function addSeriesToggles(figure, svg, id) {
    var names = [];
    Array.prototype.forEach.call(svg.querySelectorAll(".figure-mark"), function (mark) {
      var index = Number(mark.getAttribute("data-series"));
      if (names[index] === undefined) names[index] = mark.getAttribute("data-series-name");
    });
    if (names.filter(Boolean).length < 2) return;
    var box = document.createElement("fieldset");
    box.className = "figure-series";
    var legend = document.createElement("legend");
    legend.textContent = "Series shown";
    box.appendChild(legend);
    names.forEach(function (name, index) {
      if (name === undefined) return;
      var label = document.createElement("label");
      var input = document.createElement("input");
      input.type = "checkbox";
      input.checked = true;
      input.addEventListener("change", function () {
        var parts = svg.querySelectorAll('[id^="' + id + "-series-" + index + '-"], .figure-mark[data-series="' + index + '"]');
        Array.prototype.forEach.call(parts, function (part) { part.classList.toggle("series-hidden", !input.checked); });
      });
      label.appendChild(input);
      label.appendChild(document.createTextNode(" " + name));
      box.appendChild(label);
    });
    figure.querySelector(".figure-graphic").insertAdjacentElement("afterend", box);
  }

  function addPngDownload(figure, svg, id) {
    var downloads = figure.querySelector(".figure-downloads");
    if (!downloads) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "figure-png";
    button.textContent = "the figure (PNG)";
    button.addEventListener("click", function () {
      var style = getComputedStyle(figure);
      var copy = svg.cloneNode(true);
      copy.querySelectorAll(".series-hidden, .figure-marks").forEach(function (part) {
        if (part.classList.contains("figure-marks") || part.classList.contains("series-hidden")) part.remove();
      });
      var box = svg.viewBox.baseVal, scale = 2;
      copy.setAttribute("width", box.width * scale);
      copy.setAttribute("height", box.height * scale);
      copy.removeAttribute("style");
      var text = new XMLSerializer().serializeToString(copy)
        .replace(/currentColor/g, style.color).replace(/var\(--bg, Canvas\)/g, "#ffffff");
      var image = new Image();
      image.onload = function () {
        var canvas = document.createElement("canvas");
        canvas.width = box.width * scale;
        canvas.height = box.height * scale;
        var context = canvas.getContext("2d");
        context.fillStyle = style.backgroundColor === "rgba(0, 0, 0, 0)" ? "#ffffff" : style.backgroundColor;
        context.fillRect(0, 0, canvas.width, canvas.height);
        context.drawImage(image, 0, 0);
        canvas.toBlob(function (blob) {
          var link = document.createElement("a");
          link.href = URL.createObjectURL(blob);
          link.download = id + ".png";
          document.body.appendChild(link);
          link.click();
          link.remove();
          setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
        }, "image/png");
      };
      image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(text);
    });
    downloads.appendChild(document.createTextNode(", "));
    downloads.appendChild(button);
  }
})();
