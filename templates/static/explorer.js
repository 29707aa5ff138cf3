/* The threshold explorer: compute a reader's scenario in the browser, from the data the build writes.
   The same file runs under node (module.exports) for the test that checks it against the Python core
   (generator/explorer/scenario.py): keep the two in step. No framework, no dependency. */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  else if (!root.PolicywikiExplorer) { root.PolicywikiExplorer = api; api.start(); } // once, however often included
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";
  var MAX_COUNT = 1e50, MAX_OOMS = 30;
  var NUMBER_FIELDS = ["tc", "params", "tokens", "per_token", "query_tokens", "samples", "ooms", "rate", "deployments"];
  var NOT_YET = "not yet enacted", NOT_RECORDED = "not recorded";

  // --- the computation (mirrors generator/explorer/scenario.py) ------------------------------------
  function normalise(text) { return String(text).replace(/\s+/g, " ").trim().toLowerCase(); }

  function statusOn(instrument, date) {
    var history = instrument.history || [];
    if (history.length) {
      var current = NOT_YET;
      history.forEach(function (entry) { if (entry.date <= date) current = entry.status; });
      return current;
    }
    var since = instrument.status_date;
    return since == null || since <= date ? instrument.status : NOT_RECORDED;
  }

  function standing(data, status) { return data.standings[normalise(status)] || "unknown"; }

  function notApplicable(threshold, conditions) {
    if (threshold.quantity === "compute_cluster_rate") return "cluster_rate";
    if (threshold.quantity !== "training_compute" && threshold.quantity !== "effective_compute") return "quantity";
    if (!threshold.counts_operations) return "unit";
    if (threshold.data_condition) {
      var wanted = normalise(threshold.data_condition);
      if (!conditions.some(function (c) { return normalise(c) === wanted; })) return "data_condition";
    }
    return null;
  }

  function isIsoDate(text) {
    var m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(text);
    if (!m || Number(m[1]) < 1) return false;
    var d = new Date(0);
    d.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    return d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
  }

  function resolveInputs(data, inputs) {
    var errors = [], given = {};
    NUMBER_FIELDS.forEach(function (name) {
      var v = inputs[name];
      if (v === undefined || v === null) { given[name] = null; return; }
      if (typeof v !== "number" || !isFinite(v) || v < 0) { errors.push(name); given[name] = null; return; }
      given[name] = v;
    });
    var model = null;
    data.models.forEach(function (m) { if (m.id === inputs.model) model = m; });
    if (inputs.model && model === null) errors.push("model");
    var tc = given.tc, source = "tc";
    if (tc === null && given.params !== null && given.tokens !== null) { tc = 6 * given.params * given.tokens; source = "6nd"; }
    if (tc === null && model !== null && model.training_compute != null) { tc = model.training_compute; source = "model"; }
    if (tc === null || tc <= 0 || tc > MAX_COUNT) errors.push("tc");
    var perToken = given.per_token !== null ? given.per_token : (model && model.inference_per_token != null ? model.inference_per_token : null);
    var queryTokens = given.query_tokens !== null ? given.query_tokens : (model && model.reasoning_tokens != null ? model.reasoning_tokens : null);
    var samples = given.samples === null ? 1 : given.samples;
    var ooms = given.ooms === null ? 0 : given.ooms;
    var rate = given.rate === null ? data.rate.default : given.rate;
    [["params", given.params], ["tokens", given.tokens], ["per_token", perToken], ["query_tokens", queryTokens],
     ["deployments", given.deployments]].forEach(function (pair) {
      if (pair[1] !== null && pair[1] > MAX_COUNT) errors.push(pair[0]);
    });
    if (!(samples > 0 && samples <= MAX_COUNT)) errors.push("samples");
    if (ooms > MAX_OOMS) errors.push("ooms");
    if (!(data.rate.band[0] <= rate && rate <= data.rate.band[1])) errors.push("rate");
    var date = inputs.date || data.date;
    if (typeof date !== "string" || !isIsoDate(date)) { errors.push("date"); date = null; }
    var conditions = inputs.conditions;
    if (conditions === undefined || conditions === null) conditions = model !== null ? model.data_conditions : [];
    var resolved = {
      model: model !== null ? model.id : null, tc: tc, training_source: source, per_token: perToken,
      query_tokens: queryTokens, samples: samples, ooms: ooms, rate: rate, deployments: given.deployments,
      date: date, conditions: Array.from(new Set(conditions)).sort()
    };
    return [resolved, Array.from(new Set(errors)).sort()];
  }

  function computeScenario(data, inputs) {
    var pair = resolveInputs(data, inputs), r = pair[0];
    if (pair[1].length) return { inputs: r, errors: pair[1], result: null };
    var tc = r.tc, ic = null;
    if (r.per_token !== null && r.query_tokens !== null) ic = r.per_token * r.query_tokens * r.samples;
    var logTc = Math.log10(tc);
    var coom = ic !== null && ic !== 0 ? logTc + Math.log10(ic) : null;
    var effective = logTc + r.rate * r.ooms;
    var lifetime = null;
    if (r.deployments !== null && ic !== null) {
      var deployment = r.deployments * ic, total = tc + 0 + deployment;
      lifetime = { training: tc + 0, deployment: deployment, total: total, deployment_share: total ? deployment / total : 0 };
    }
    var instruments = {};
    data.instruments.forEach(function (i) { instruments[i.slug] = i; });
    var thresholds = data.thresholds.map(function (t) {
      var instrument = instruments[t.instrument], why = notApplicable(t, r.conditions);
      var atLeast = normalise(t.comparator || "") === "at least"; // "or more"; any other comparator is "greater than"
      var passes = function (x, limit) { return atLeast ? x >= limit : x > limit; };
      var byTraining = why === null ? passes(tc, t.value) : null;
      // With no scale-up effective compute is training compute: log10's rounding must not make it cross alone.
      var byEffective = why === null ? byTraining || (r.rate * r.ooms > 0 && passes(effective, Math.log10(t.value))) : null;
      var status = statusOn(instrument, r.date);
      return { instrument: t.instrument, threshold: t.id, applies: why === null, not_applicable: why,
               crossed_by_training: byTraining, crossed_by_effective: byEffective, status: status,
               standing: standing(data, status) };
    });
    return { inputs: r, errors: [], result: {
      training_compute: tc, inference_per_query: ic, coom: coom,
      coom_undefined: coom !== null ? null : (ic === null ? "no_inference" : "zero_inference"),
      effective_oom: effective, effective_compute: Math.pow(10, effective),
      effective_band: [logTc + data.rate.band[0] * r.ooms, logTc + data.rate.band[1] * r.ooms],
      lifetime: lifetime,
      lifetime_undefined: lifetime ? null : (r.deployments === null ? "no_deployments" : "no_inference"),
      crossover_deployments: ic ? tc / ic : null, thresholds: thresholds } };
  }

  // --- numbers as the wiki writes them (mirrors generator/threshold/numbers.py) -------------------
  // Python rounds an exact binary tie to even; toFixed/toExponential round it up: correct that case.
  function halfEven(x, digits, method) {
    var s = x[method](digits), full = Math.abs(x)[method](100);
    var cut = full.indexOf(".") + 1 + digits, tail = full.slice(cut).split("e")[0];
    if (!/^50*$/.test(tail)) return s;
    var kept = full.slice(0, cut).replace(/\.$/, "");
    if (Number(kept.slice(-1)) % 2 !== 0) return s;
    return (x < 0 ? "-" : "") + kept + (method === "toExponential" ? full.slice(full.indexOf("e")) : "");
  }
  function group(digits) { return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ","); }
  function generalFormat(x, p) { // Python's format(x, ".{p}g")
    var e = halfEven(x, p - 1, "toExponential"), exponent = Number(e.split("e")[1]);
    if (exponent >= -4 && exponent < p) {
      var f = halfEven(x, p - 1 - exponent, "toFixed");
      return f.indexOf(".") >= 0 ? f.replace(/0+$/, "").replace(/\.$/, "") : f;
    }
    var parts = e.split("e"), m = parts[0].indexOf(".") >= 0 ? parts[0].replace(/0+$/, "").replace(/\.$/, "") : parts[0];
    var n = Math.abs(exponent);
    return m + "e" + (exponent < 0 ? "-" : "+") + (n < 10 ? "0" : "") + n;
  }
  function plain(value, digits) {
    if (value === Math.trunc(value)) return (value < 0 ? "-" : "") + group(String(Math.abs(value)));
    if (Math.abs(value) >= 1) {
      var decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(Math.abs(value))));
      var s = halfEven(value, decimals, "toFixed").split(".");
      return group(s[0]) + (s.length > 1 ? "." + s[1] : "");
    }
    return generalFormat(value, digits);
  }
  function mantissaExponent(value, digits) {
    var exponent = Math.floor(Math.log10(Math.abs(value)));
    var text = halfEven(value / Number("1e" + exponent), Math.max(digits - 1, 0), "toFixed");
    if (Math.abs(Number(text)) >= 10) {
      exponent += 1;
      text = halfEven(value / Number("1e" + exponent), Math.max(digits - 1, 0), "toFixed");
    }
    if (text.indexOf(".") >= 0) text = text.replace(/0+$/, "").replace(/\.$/, "");
    return [text, exponent];
  }
  /** [mantissa text or null, exponent or null, plain text]: the parts of format_compute. */
  function computeParts(value, digits) {
    if (digits === undefined) digits = 2;
    if (value === 0 || Math.abs(value) < 1e6) return [null, null, plain(value, digits)];
    var me = mantissaExponent(value, digits);
    return [me[0] === "1" ? null : me[0], String(me[1]), null];
  }
  function formatCompute(value, digits) {
    var p = computeParts(value, digits);
    if (p[2] !== null) return p[2];
    return (p[0] === null ? "" : p[0] + " × ") + "10^" + p[1];
  }
  function formatOom(value, digits) {
    if (digits === undefined) digits = 1;
    var rounded = Number(halfEven(value, digits, "toFixed"));
    if (Math.abs(rounded - Math.round(rounded)) < Number("1e-" + (digits + 3))) return BigInt(Math.round(rounded)).toString();
    return halfEven(rounded, digits, "toFixed");
  }
  function machine(value) { // Python's repr(float), as the figures' CSVs write numbers
    var e = value.toExponential(), parts = e.split("e"), exponent = Number(parts[1]);
    var negative = value < 0, digits = parts[0].replace("-", "").replace(".", "");
    if (exponent >= -4 && exponent < 16) {
      var text;
      if (exponent < 0) text = "0." + "0".repeat(-exponent - 1) + digits;
      else if (digits.length > exponent + 1) text = digits.slice(0, exponent + 1) + "." + digits.slice(exponent + 1);
      else text = digits + "0".repeat(exponent + 1 - digits.length) + ".0";
      return (negative ? "-" : "") + text;
    }
    var n = Math.abs(exponent);
    return parts[0] + "e" + (exponent < 0 ? "-" : "+") + (n < 10 ? "0" : "") + n;
  }
  function parseNumber(text) { // generator/threshold/numbers.py parse_number; NaN when not a number
    var cleaned = String(text).trim();
    var m = /^(?:([0-9.]+)\s*[x×*]\s*)?10\s*\^\s*([+-]?[0-9.]+)$/.exec(cleaned);
    var value;
    if (m) {
      var exponent = Number(m[2]);
      value = (m[1] ? Number(m[1]) : 1) * (Number.isInteger(exponent) ? Number("1e" + exponent) : Math.pow(10, exponent));
    } else value = /^[+-]?(\d[\d_]*\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(cleaned) ? Number(cleaned.replace(/_/g, "")) : NaN;
    return isFinite(value) ? value : NaN;
  }

  // --- citable results: the CSV (the figures' format) and the URL ------------------------------------
  var CSV_HEADER = ["instrument", "threshold", "provision", "threshold_value", "unit", "data_condition", "status_on_date",
    "standing", "applies", "crossed_by_training", "crossed_by_effective", "training_compute_flop",
    "inference_per_query_flop", "coom", "inference_scaleup_ooms", "rate", "effective_oom", "effective_compute_flop",
    "deployments", "lifetime_compute_flop", "deployment_share", "date"];
  function csvCell(v) { // generator/threshold/figure_parts.py csv_value
    if (v === null || v === undefined) return "";
    if (typeof v === "boolean") return v ? "true" : "false";
    var text = typeof v !== "number" ? String(v)
      : Number.isInteger(v) && Math.abs(v) < 1e15 ? v.toFixed(0) : generalFormat(v, 6);
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }
  function scenarioCsv(data, outcome) {
    var r = outcome.result, i = outcome.inputs, lines = [CSV_HEADER.join(",")];
    if (!r) return lines.join("\n") + "\n";
    r.thresholds.forEach(function (row, k) {
      var t = data.thresholds[k];
      lines.push([row.instrument, row.threshold, t.provision, t.value, t.unit, t.data_condition, row.status, row.standing,
        row.applies, row.crossed_by_training, row.crossed_by_effective, r.training_compute, r.inference_per_query, r.coom,
        i.ooms, i.rate, r.effective_oom, r.effective_compute, i.deployments, r.lifetime && r.lifetime.total,
        r.lifetime && r.lifetime.deployment_share, i.date].map(csvCell).join(","));
    });
    return lines.join("\n") + "\n";
  }
  var PARAMS = [["model", "model"], ["tc", "tc"], ["n", "params"], ["d", "tokens"], ["ptok", "per_token"],
    ["qtok", "query_tokens"], ["samples", "samples"], ["ooms", "ooms"], ["r", "rate"], ["deploy", "deployments"], ["date", "date"]];
  function fromQuery(search) {
    var q = new URLSearchParams(search), inputs = {};
    PARAMS.forEach(function (p) {
      var text = q.get(p[0]);
      if (text === null || text.trim() === "") return;
      inputs[p[1]] = p[1] === "model" || p[1] === "date" ? text.trim() : parseNumber(text);
    });
    if (q.has("cond")) inputs.conditions = q.getAll("cond").filter(function (c) { return c !== ""; });
    return inputs;
  }
  function toQuery(inputs) {
    var q = new URLSearchParams();
    PARAMS.forEach(function (p) {
      var v = inputs[p[1]];
      if (v === null || v === undefined || (typeof v === "number" && isNaN(v))) return;
      q.append(p[0], typeof v === "number" ? String(v).replace("e+", "e") : v);
    });
    if (inputs.conditions) { if (inputs.conditions.length) inputs.conditions.forEach(function (c) { q.append("cond", c); }); else q.append("cond", ""); }
    return q.toString();
  }

  // --- the page -----------------------------------------------------------------------------------
  var WORDS = { no_inference: "no inference per query given", zero_inference: "inference per query is 0, and log10(0) is undefined",
    no_deployments: "give a deployment count", cluster_rate: "a computing cluster's rate, not a model's compute",
    quantity: "not compared with a model's training compute", unit: "its unit is not a count of operations",
    data_condition: "applies only to models trained primarily on " };
  var LABELS = { tc: "training compute", params: "parameters", tokens: "training tokens", per_token: "compute per token",
    query_tokens: "tokens per query", samples: "samples", ooms: "inference scale-up", rate: "r", deployments: "deployments",
    date: "date", model: "model" };
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { node.append(c); });
    return node;
  }
  function computeNode(value, unit) { // format_compute_html: a superscript power with a hidden caret
    var p = computeParts(value), span = el("span", { class: "explorer-number", "data-value": machine(value) });
    if (p[2] !== null) span.append(p[2]);
    else {
      if (p[0] !== null) span.append(p[0] + " × ");
      span.append("10", el("sup", { class: "power" }, [el("span", { class: "visually-hidden" }, ["^"]), p[1]]));
    }
    if (unit) span.append(" " + unit);
    span.append(el("span", { class: "explorer-exact" }, [" (exact: " + machine(value) + ")"]));
    return span;
  }
  function oomNode(value, prefix) {
    return el("span", { class: "explorer-number", "data-value": machine(value) },
      [prefix + formatOom(value), el("span", { class: "explorer-exact" }, [" (exact: " + machine(value) + ")"])]);
  }
  function verdict(v) { return v === null ? "n/a" : v ? "crossed" : "not crossed"; }

  function start() {
    var page = document.getElementById("explorer");
    if (page) initPage(page);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-explorer-embed]"), initEmbed);
  }

  function initPage(root) {
    var data = JSON.parse(document.getElementById("explorer-data").textContent);
    var form = root.querySelector("form"), field = function (id) { return document.getElementById(id); };
    var text = { tc: "x-tc", params: "x-params", tokens: "x-tokens", per_token: "x-per-token", query_tokens: "x-query-tokens",
      samples: "x-samples", ooms: "x-ooms", deployments: "x-deployments" };
    function write(id, v) { field(id).value = v === null || v === undefined ? "" : typeof v === "number" ? String(v).replace("e+", "e") : v; }
    function fillModel(id, keep) {
      var model = data.models.filter(function (m) { return m.id === id; })[0];
      if (!model) return;
      if (!keep.tc) { write("x-tc", model.training_compute); setMode("tc"); }
      if (!keep.per_token) write("x-per-token", model.inference_per_token);
      if (!keep.query_tokens) write("x-query-tokens", model.reasoning_tokens);
      if (!keep.conditions) checkConditions(model.data_conditions);
    }
    function setMode(mode) { form.querySelector("input[name=training][value='" + mode + "']").checked = true; }
    function checkConditions(list) {
      Array.prototype.forEach.call(form.querySelectorAll("input[name=cond]"), function (box) { box.checked = list.indexOf(box.value) >= 0; });
    }
    function read() {
      var inputs = { model: field("x-model").value || null };
      var mode = form.querySelector("input[name=training]:checked").value;
      Object.keys(text).forEach(function (name) {
        if ((mode === "tc") !== (name === "tc") && (name === "tc" || name === "params" || name === "tokens")) return;
        var raw = field(text[name]).value.trim();
        inputs[name] = raw === "" ? null : parseNumber(raw);
      });
      inputs.rate = Number(field("x-rate").value);
      inputs.date = field("x-date").value || null;
      inputs.conditions = Array.prototype.filter.call(form.querySelectorAll("input[name=cond]"), function (b) { return b.checked; })
        .map(function (b) { return b.value; });
      return inputs;
    }
    var given = fromQuery(location.search);
    if (given.model) field("x-model").value = given.model;
    Object.keys(text).forEach(function (name) { if (name in given) write(text[name], isNaN(given[name]) ? "" : given[name]); });
    if ("params" in given && !("tc" in given)) setMode("6nd");
    if ("rate" in given) field("x-rate").value = given.rate;
    field("x-date").value = given.date || data.date;
    if (given.conditions) checkConditions(given.conditions);
    if (given.model) fillModel(given.model, given);
    form.addEventListener("input", update);
    form.addEventListener("change", function (event) {
      if (event.target.id === "x-model") { fillModel(event.target.value, {}); update(); }
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
    field("x-exact").addEventListener("change", function () { root.classList.toggle("show-exact", field("x-exact").checked); });
    root.hidden = false;
    update();

    function update() {
      var inputs = read(), outcome = computeScenario(data, inputs), r = outcome.result;
      field("x-rate-value").textContent = formatOom(inputs.rate, 2);
      Object.keys(text).concat(["rate", "date"]).forEach(function (name) {
        var input = field(text[name] || (name === "rate" ? "x-rate" : "x-date"));
        if (outcome.errors.indexOf(name) >= 0) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
      });
      var outputs = ["tc", "ic", "coom", "effective", "band", "lifetime", "share", "crossover"];
      outputs.forEach(function (id) { field("x-out-" + id).replaceChildren("—"); });
      var body = field("x-rows");
      body.replaceChildren();
      if (!r) {
        say("Check these inputs: " + outcome.errors.map(function (e) { return LABELS[e]; }).join(", ") + ".");
        return;
      }
      field("x-out-tc").replaceChildren(computeNode(r.training_compute, "FLOP"),
        outcome.inputs.training_source === "6nd" ? " (6 · N · D)" : outcome.inputs.training_source === "model" ? " (the model's figure)" : "");
      var chosen = data.models.filter(function (m) { return m.id === outcome.inputs.model; })[0];
      if (chosen) { // the model's figures, with the works they come from
        field("x-out-tc").append(" Sources: ");
        chosen.sources.forEach(function (key, k) {
          var source = data.sources[key];
          field("x-out-tc").append(k ? "; " : "", source ? el("a", { href: new URL(source.url, location.href).href }, [source.text]) : key);
        });
        field("x-out-tc").append(".");
      }
      field("x-out-ic").replaceChildren(r.inference_per_query === null ? "not given" : computeNode(r.inference_per_query, "FLOP per query"));
      field("x-out-coom").replaceChildren(r.coom === null ? "undefined: " + WORDS[r.coom_undefined] : oomNode(r.coom, ""));
      field("x-out-effective").replaceChildren(computeNode(r.effective_compute, "FLOP"), " (effective OOM ", oomNode(r.effective_oom, ""), ")");
      field("x-out-band").replaceChildren(oomNode(r.effective_band[0], ""), " to ", oomNode(r.effective_band[1], ""), " OOM");
      if (r.lifetime) {
        field("x-out-lifetime").replaceChildren(computeNode(r.lifetime.total, "FLOP"), " (deployment ", computeNode(r.lifetime.deployment, "FLOP"), ")");
        field("x-out-share").replaceChildren(el("span", { class: "explorer-number", "data-value": machine(r.lifetime.deployment_share) },
          [formatOom(100 * r.lifetime.deployment_share, 1) + " %"]));
      } else {
        field("x-out-lifetime").replaceChildren("not computed: " + WORDS[r.lifetime_undefined]);
        field("x-out-share").replaceChildren("not computed");
      }
      field("x-out-crossover").replaceChildren(r.crossover_deployments === null ? "undefined: " + WORDS.no_inference.replace("given", "above 0")
        : computeNode(r.crossover_deployments, "queries"));
      var instruments = {}, crossedT = 0, crossedE = 0, na = 0;
      data.instruments.forEach(function (i) { instruments[i.slug] = i; });
      r.thresholds.forEach(function (row, k) {
        var t = data.thresholds[k], inst = instruments[row.instrument];
        crossedT += row.crossed_by_training ? 1 : 0; crossedE += row.crossed_by_effective ? 1 : 0; na += row.applies ? 0 : 1;
        var scope = [t.scope];
        if (t.data_condition) scope.push(el("br"), "Only models trained primarily on " + t.data_condition + ".");
        if (row.not_applicable && row.not_applicable !== "data_condition") scope.push(el("br"), "Not applicable: " + WORDS[row.not_applicable] + ".");
        body.append(el("tr", { "data-threshold": row.threshold, "data-training": verdict(row.crossed_by_training),
          "data-effective": verdict(row.crossed_by_effective), class: "standing-" + row.standing.replace(/ /g, "-") }, [
          el("th", { scope: "row" }, [el("a", { href: new URL(inst.url, location.href).href }, [inst.title]), ", " + t.provision + ": > ",
            computeNode(t.value, t.unit)]),
          el("td", { "data-label": "Scope" }, scope),
          el("td", { "data-label": "Status on the date" }, [row.status + (row.standing !== row.status ? " (" + row.standing + ")" : "")]),
          el("td", { "data-label": "Crossed" }, ["by training: ", el("strong", {}, [verdict(row.crossed_by_training)]), el("br"),
            "by effective compute: ", el("strong", {}, [verdict(row.crossed_by_effective)])])]));
      });
      var query = toQuery(inputs);
      history.replaceState(null, "", "?" + query);
      var address = root.getAttribute("data-canonical") + "?" + query;
      field("x-cite").replaceChildren(root.getAttribute("data-site") + ", “Threshold explorer”, scenario: training compute " +
        formatCompute(r.training_compute) + " FLOP, inference per query " + (r.inference_per_query === null ? "not given" : formatCompute(r.inference_per_query) + " FLOP") +
        ", scale-up " + formatOom(inputs.ooms || 0) + " OOM at r = " + inputs.rate + (inputs.deployments != null ? ", " + formatCompute(inputs.deployments) + " deployments" : "") +
        ", statuses on " + outcome.inputs.date + ". ", el("a", { href: address }, [address]), " (accessed " + new Date().toISOString().slice(0, 10) + ").");
      field("x-csv").setAttribute("href", "data:text/csv;charset=utf-8," + encodeURIComponent(scenarioCsv(data, outcome)));
      say("Crossed by training: " + crossedT + " of " + r.thresholds.length + " thresholds; by effective compute: " + crossedE +
        "; not applicable: " + na + ". COOM " + (r.coom === null ? "undefined" : formatOom(r.coom)) +
        "; effective compute 10^" + formatOom(r.effective_oom) + " FLOP.");
    }
    function say(message) { var live = field("x-announce"); if (live.textContent !== message) live.textContent = message; }
  }

  // --- the compact form in an article: a GET form to the explorer, computed in place when it can -----
  function initEmbed(form) {
    var out = form.querySelector("[data-explorer-result]");
    fetch(form.getAttribute("data-explorer-embed")).then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        var run = function () {
          var inputs = {};
          ["model", "tc", "ooms", "r"].forEach(function (name) {
            var input = form.elements[name], raw = input ? input.value.trim() : "";
            if (raw !== "") inputs[name === "r" ? "rate" : name] = name === "model" ? raw : parseNumber(raw);
          });
          var outcome = computeScenario(data, inputs), r = outcome.result;
          if (!r) { out.textContent = "Check these inputs: " + outcome.errors.map(function (e) { return LABELS[e]; }).join(", ") + "."; return; }
          var names = function (key) {
            return r.thresholds.filter(function (row) { return row[key]; }).map(function (row) {
              var t = data.thresholds.filter(function (x) { return x.id === row.threshold && x.instrument === row.instrument; })[0];
              var inst = data.instruments.filter(function (i) { return i.slug === row.instrument; })[0];
              return inst.title + " " + t.provision + " (" + row.status + ")";
            });
          };
          var byT = names("crossed_by_training"), byE = names("crossed_by_effective");
          out.textContent = "Training compute " + formatCompute(r.training_compute) + " FLOP; effective compute 10^" + formatOom(r.effective_oom) +
            " FLOP. Crossed by training: " + (byT.join("; ") || "none") + ". Crossed by effective compute: " + (byE.join("; ") || "none") + ".";
        };
        form.addEventListener("input", run);
        run();
      }).catch(function () { /* no data (a page opened from disk): the form still opens the explorer */ });
  }

  var api = { computeScenario: computeScenario, statusOn: statusOn, formatCompute: formatCompute,
              formatOom: formatOom, machine: machine, parseNumber: parseNumber, computeParts: computeParts,
              scenarioCsv: scenarioCsv, fromQuery: fromQuery, toQuery: toQuery, start: start };
  return api;
});
