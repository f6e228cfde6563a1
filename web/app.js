// The workbench: wires the editor, the server, the table, the network, the
// entity card, the time controls and the exports together.
"use strict";
var AG = window.AG || (window.AG = {});

(function () {
  var $ = function (id) { return document.getElementById(id); };
  var h = AG.format.h;
  var state = {result: null, query: "", params: {}, running: false, extent: null};

  var editor = AG.editor.attach($("query"), $("query-hl"), run);
  var view = new AG.network.View($("network"), {
    styleFor: AG.styles.styleFor,
    onSelect: function (v) { openCard(v.id); },
    onExpand: function (v) { expand(v.id); }
  });

  function status(msg, kind) {
    var s = $("status");
    s.textContent = msg;
    s.className = kind || "";
  }

  // ---- login ---------------------------------------------------------------
  function showLogin() {
    var t = AG.api.token();
    $("token").value = "";
    $("login-state").textContent = t ? "signed in (token kept for this tab)" : "no token";
    $("logout").hidden = !t;
  }
  $("login").addEventListener("submit", function (ev) {
    ev.preventDefault();
    AG.api.setToken($("token").value.trim());
    showLogin();
    loadSchema();
  });
  $("logout").addEventListener("click", function () { AG.api.setToken(""); showLogin(); });

  // ---- options -------------------------------------------------------------
  function options() {
    var o = {};
    var txn = $("system-time").value.trim();
    if (txn) o.system_time = /^\d+$/.test(txn) ? +txn : txn;
    var g = $("min-grade").value;
    if (g) o.min_grade = g;
    if ($("server-time").checked && $("time-on").checked) o.valid_at = AG.time.dayText(+$("slider").value);
    return o;
  }

  function params() {
    var txt = $("params").value.trim();
    if (!txt) return {};
    var p = JSON.parse(txt);  // throws on bad JSON: reported by run()
    if (!p || typeof p !== "object" || Array.isArray(p)) throw new Error("parameters must be a JSON object");
    return p;
  }

  // ---- running queries -----------------------------------------------------
  function run() {
    var q = editor.get().trim();
    if (!q || state.running) return;
    var p;
    try { p = params(); } catch (e) {
      status("Parameters: " + e.message, "error");
      return;
    }
    state.running = true;
    $("run").disabled = true;
    status("Running…", "busy");
    document.body.setAttribute("data-state", "running");
    var t0 = performance.now();
    AG.editor.remember(q);
    fillHistory();
    shareLink(q, p);
    AG.api.query(q, p, options()).then(function (res) {
      state.result = res; state.query = q; state.params = p;
      renderTable(res);
      var g = new AG.model.Graph();
      g.addRows(res.rows);
      return enrich(g).then(function () {
        timeExtent(g);
        view.setGraph(g);
        applyTimeFilter();
        var ms = Math.round(performance.now() - t0);
        status((res.rows || []).length + " rows, " + g.nodes.size + " nodes, " + g.edges.size +
               " relationships (" + ms + " ms)" + statsText(res.stats), "ok");
        document.body.setAttribute("data-state", "done");
      });
    }).catch(function (e) {
      showError(e);
      document.body.setAttribute("data-state", "error");
    }).then(function () {
      state.running = false;
      $("run").disabled = false;
    });
  }

  function statsText(s) {
    if (!s || typeof s !== "object") return "";
    var parts = Object.keys(s).filter(function (k) { return typeof s[k] !== "object"; })
                     .map(function (k) { return k + " " + s[k]; });
    return parts.length ? "; " + parts.join(", ") : "";
  }

  function showError(e) {
    if (e instanceof AG.api.ApiError) {
      status(e.toString(), "error");
      if (e.status === 401) $("token").focus();
      if (e.line) markError(e.line, e.column);
    } else {
      status(String(e && e.message || e), "error");
    }
  }

  // Puts the caret where the server says the error is.
  function markError(line, column) {
    var lines = editor.get().split("\n"), pos = 0;
    for (var i = 0; i < line - 1 && i < lines.length; i++) pos += lines[i].length + 1;
    pos += Math.max(0, (column || 1) - 1);
    var ta = $("query");
    ta.focus();
    ta.setSelectionRange(pos, pos + 1);
  }

  // Grade and contested status of each relationship, when the query's rows
  // do not carry them: one more query over the pairs drawn.
  function enrich(g) {
    var missing = Array.from(g.edges.values()).filter(function (e) { return e.contested === undefined; });
    if (!missing.length) return Promise.resolve();
    var pairs = {}, list = [];
    missing.forEach(function (e) {
      var k = e.start + "\u0000" + e.end;
      if (!pairs[k]) { pairs[k] = true; list.push([e.start, e.end]); }
    });
    if (list.length > 2000) return Promise.resolve();
    var q = "UNWIND $pairs AS p MATCH (a {id: p[0]})-[r]->(b {id: p[1]}) " +
            "RETURN r, contested(r) AS contested, " +
            "[c IN claims(r) WHERE c.stance = 'asserts' | c.grade] AS grades";
    var o = options();
    delete o.valid_at;
    return AG.api.query(q, {pairs: list}, o).then(function (res) {
      (res.rows || []).forEach(function (row) {
        var r = AG.model.untag(row[0]);
        if (!r || r.id === undefined) return;
        var e = g.edges.get(String(r.id));
        if (!e) return;
        e.contested = !!row[1];
        var best;
        (row[2] || []).forEach(function (gr) { best = AG.model.betterGrade(best, gr); });
        e.grade = best;
      });
    }).catch(function () { /* the network still draws, without grades */ });
  }

  // ---- the table -----------------------------------------------------------
  function renderTable(res) {
    var box = $("table");
    box.innerHTML = "";
    var cols = res.columns || [];
    var rows = res.rows || [];
    var LIMIT = 1000;
    var table = h("table", {class: "results"}, [
      h("thead", {}, [h("tr", {}, cols.map(function (c) { return h("th", {text: c}); }))]),
      h("tbody", {}, rows.slice(0, LIMIT).map(function (r) {
        return h("tr", {}, (Array.isArray(r) ? r : cols.map(function (c) { return r[c]; })).map(function (v) {
          return h("td", {}, [AG.format.cell(v, openCard)]);
        }));
      }))]);
    box.appendChild(table);
    if (rows.length > LIMIT)
      box.appendChild(h("p", {class: "muted", text: "Showing the first " + LIMIT + " of " + rows.length + " rows."}));
    if (!rows.length) box.appendChild(h("p", {class: "muted", text: "No rows."}));
  }

  // ---- the entity card -----------------------------------------------------
  function openCard(id) {
    var box = $("card");
    box.innerHTML = "";
    box.appendChild(h("p", {class: "muted", text: "Loading " + id + "…"}));
    var o = options();
    AG.api.entity(id, o).then(function (card) {
      AG.card.render(box, card, {onOpen: openCard, onExpand: expand, onHistory: showHistory});
      var v = view.graph.nodes.get(id);
      if (v && v.placeholder && card) {  // now we know its name and labels
        view.graph.addNode({id: id, labels: card.labels || [], name: card.name || id,
                            properties: card.properties || {}});
        view.render();
      }
    }).catch(function (e) {
      box.innerHTML = "";
      box.appendChild(h("p", {class: "error", text: String(e)}));
    });
  }

  function showHistory(id) {
    AG.api.history(id).then(function (hist) {
      AG.card.renderHistory($("card"), id, hist);
    }).catch(function (e) { status(String(e), "error"); });
  }

  // Adds a node's neighbours to the network (not to the table).
  function expand(id) {
    var q = "MATCH (n {id: $id})-[r]-(m) RETURN n, r, m LIMIT 200";
    status("Expanding " + id + "…", "busy");
    AG.api.query(q, {id: id}, options()).then(function (res) {
      var before = view.graph.nodes.size;
      view.graph.addRows(res.rows);
      return enrich(view.graph).then(function () {
        timeExtent(view.graph);
        view.update();
        view.fit();
        applyTimeFilter();
        status("Expanded " + id + ": " + (view.graph.nodes.size - before) + " new nodes", "ok");
      });
    }).catch(showError);
  }

  // ---- time ----------------------------------------------------------------
  // The slider spans the dates in the graph, with a margin.
  function timeExtent(g) {
    var lo = Infinity, hi = -Infinity;
    function see(d) {
      var s = AG.time.span(d);
      if (s) { lo = Math.min(lo, s[0]); hi = Math.max(hi, s[1]); }
    }
    g.edges.forEach(function (e) { see(e.valid_from); see(e.valid_to); see(e.valid_to_latest); });
    g.nodes.forEach(function (v) { see(v.valid_from); see(v.valid_to); });
    if (lo === Infinity) { hi = AG.time.today(); lo = hi - 3650; }
    lo -= 60; hi += 60;
    var s = $("slider"), cur = +s.value;
    s.min = lo; s.max = hi;
    if (!$("time-on").checked || cur < lo || cur > hi) s.value = Math.min(Math.max(cur, lo), hi);
    if (!$("time-on").checked) s.value = Math.round((lo + hi) / 2);
    $("slider-min").textContent = AG.time.dayText(lo);
    $("slider-max").textContent = AG.time.dayText(hi);
    showDate();
  }

  function showDate() {
    $("slider-date").textContent = $("time-on").checked ? AG.time.dayText(+$("slider").value) : "(any date)";
  }

  function applyTimeFilter() {
    showDate();
    view.setFilter($("time-on").checked ? {day: +$("slider").value, maybe: $("maybe").checked} : null);
    var vis = view.lastVisible;
    $("shown").textContent = vis ? vis.nodes.size + " nodes, " + vis.edges.length + " relationships shown" : "";
  }

  $("slider").addEventListener("input", function () {
    $("time-on").checked = true;
    applyTimeFilter();
  });
  $("slider").addEventListener("change", function () {
    if ($("server-time").checked && state.query) run();
  });
  $("time-on").addEventListener("change", function () {
    applyTimeFilter();
    if ($("server-time").checked && state.query) run();
  });
  $("maybe").addEventListener("change", applyTimeFilter);
  $("server-time").addEventListener("change", function () { if (state.query) run(); });
  $("system-time").addEventListener("change", function () { if (state.query) run(); });
  $("min-grade").addEventListener("change", function () { if (state.query) run(); });

  // ---- history, sharing ----------------------------------------------------
  function fillHistory() {
    var sel = $("history");
    sel.innerHTML = "";
    sel.appendChild(h("option", {value: "", text: "History…"}));
    AG.editor.history().forEach(function (q) {
      sel.appendChild(h("option", {value: q, text: q.replace(/\s+/g, " ").slice(0, 90)}));
    });
  }
  $("history").addEventListener("change", function (ev) {
    if (ev.target.value) editor.set(ev.target.value);
    ev.target.value = "";
  });

  // The address bar holds the query (never the token) so it can be shared.
  function shareLink(q, p) {
    var url = "?q=" + encodeURIComponent(q);
    if (Object.keys(p).length) url += "&params=" + encodeURIComponent(JSON.stringify(p));
    history.replaceState(null, "", url);
  }

  // ---- exports -------------------------------------------------------------
  $("export-svg").addEventListener("click", function () { AG.exporter.svg(view); });
  $("export-png").addEventListener("click", function () { AG.exporter.png(view); });
  $("export-graphml").addEventListener("click", function () { AG.exporter.graphml(view, AG.styles.styleFor); });
  $("fit").addEventListener("click", function () { view.fit(); });
  $("run").addEventListener("click", run);

  // ---- start ---------------------------------------------------------------
  function loadSchema() {
    return AG.api.schema().then(function (s) {
      AG.styles.load(s);
      if (s && typeof s.latest_txn === "number") {
        $("system-time").placeholder = "latest (" + s.latest_txn + ")";
        var list = $("txns");
        list.innerHTML = "";
        for (var t = s.latest_txn; t >= 1 && t > s.latest_txn - 500; t--)
          list.appendChild(h("option", {value: String(t)}));
      }
      if (view.graph.nodes.size) view.render();
    }).catch(function () { /* keep the built-in styles */ });
  }

  showLogin();
  fillHistory();
  var url = new URLSearchParams(location.search);
  if (url.get("params")) $("params").value = url.get("params");
  loadSchema().then(function () {
    if (url.get("q")) {
      editor.set(url.get("q"));
      run();
    } else {
      document.body.setAttribute("data-state", "ready");
    }
  });
  AG.app = {view: view, run: run, editor: editor, openCard: openCard, expand: expand};
})();
