// The network view: a force layout (Fruchterman–Reingold, run to rest before
// drawing, so what is drawn does not move under the analyst's pointer), drawn
// as SVG with zoom and pan. Colours come from the ontology's actor styles;
// contested relationships are dashed red; line width follows the best grade;
// at a chosen date, what might hold is dotted and grey.
//
// Every visual attribute is set on the elements themselves (not only in CSS)
// so an exported SVG looks like the screen.
"use strict";
var AG = window.AG || (window.AG = {});

AG.network = (function () {
  var SVGNS = "http://www.w3.org/2000/svg";
  var R = 11;  // node radius

  function el(name, attrs, parent) {
    var e = document.createElementNS(SVGNS, name);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(e);
    return e;
  }

  // A deterministic random sequence, so one query lays out the same each time.
  function rng(seed) {
    var s = seed >>> 0 || 1;
    return function () {
      s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
      return s / 4294967296;
    };
  }
  function hash(str) {
    var h = 2166136261;
    for (var i = 0; i < str.length; i++) { h ^= str.charCodeAt(i); h = Math.imul(h, 16777619); }
    return h >>> 0;
  }

  // Places the nodes without a position near a placed neighbour, then runs
  // the layout; nodes the analyst dragged (fixed) stay where they are.
  function layout(graph) {
    var nodes = Array.from(graph.nodes.values());
    var edges = Array.from(graph.edges.values());
    var n = nodes.length;
    if (!n) return;
    var rand = rng(hash(nodes.map(function (x) { return x.id; }).join("|")));
    var index = new Map();
    nodes.forEach(function (v, i) { index.set(v.id, i); });
    var adj = nodes.map(function () { return []; });
    edges.forEach(function (e) {
      var a = index.get(e.start), b = index.get(e.end);
      if (a === undefined || b === undefined || a === b) return;
      adj[a].push(b); adj[b].push(a);
    });
    var fresh = 0;
    nodes.forEach(function (v, i) {
      if (v.x !== undefined) return;
      fresh++;
      var placed = adj[i].map(function (j) { return nodes[j]; })
                         .filter(function (w) { return w.x !== undefined; });
      if (placed.length) {
        v.x = placed[0].x + (rand() - 0.5) * 80;
        v.y = placed[0].y + (rand() - 0.5) * 80;
      } else {
        var a = rand() * 2 * Math.PI, r = 40 * Math.sqrt(n) * rand();
        v.x = Math.cos(a) * r; v.y = Math.sin(a) * r;
      }
    });
    if (!fresh) return;
    var k = 120;  // ideal edge length
    var iterations = n > 400 ? 120 : 300;
    var temp = k * Math.sqrt(n) / 2;
    var dx = new Float64Array(n), dy = new Float64Array(n);
    for (var it = 0; it < iterations; it++) {
      dx.fill(0); dy.fill(0);
      for (var i = 0; i < n; i++) {
        for (var j = i + 1; j < n; j++) {
          var x = nodes[i].x - nodes[j].x, y = nodes[i].y - nodes[j].y;
          var d2 = x * x + y * y;
          if (d2 < 0.01) { x = rand() - 0.5; y = rand() - 0.5; d2 = x * x + y * y; }
          var f = k * k / d2;  // repulsion k^2/d, along the unit vector
          dx[i] += x * f; dy[i] += y * f; dx[j] -= x * f; dy[j] -= y * f;
        }
      }
      for (var a = 0; a < n; a++) {
        for (var q = 0; q < adj[a].length; q++) {
          var b = adj[a][q];
          if (b < a) continue;
          var ex = nodes[a].x - nodes[b].x, ey = nodes[a].y - nodes[b].y;
          var d = Math.sqrt(ex * ex + ey * ey) || 0.01;
          var g = d / k;  // attraction d^2/k, along the unit vector
          dx[a] -= ex * g; dy[a] -= ey * g; dx[b] += ex * g; dy[b] += ey * g;
        }
        // A weak pull to the centre keeps separate components together.
        dx[a] -= nodes[a].x * 0.02; dy[a] -= nodes[a].y * 0.02;
      }
      for (var m = 0; m < n; m++) {
        if (nodes[m].fixed) continue;
        var len = Math.sqrt(dx[m] * dx[m] + dy[m] * dy[m]);
        if (len > 0) {
          var step = Math.min(len, temp);
          nodes[m].x += dx[m] / len * step;
          nodes[m].y += dy[m] / len * step;
        }
      }
      temp = Math.max(temp * 0.97, 1);
    }
  }

  // The view: `opts` gives styleFor(node) -> {kind, fill, stroke},
  // onSelect(node), onExpand(node).
  function View(svg, opts) {
    this.svg = svg;
    this.opts = opts;
    this.graph = new AG.model.Graph();
    this.scale = 1; this.tx = 0; this.ty = 0;
    this.filter = null;  // {day, maybe} or null: everything
    this.selected = null;
    this.build();
    this.bindPanZoom();
  }

  View.prototype.build = function () {
    var svg = this.svg;
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    svg.setAttribute("xmlns", SVGNS);
    var defs = el("defs", {}, svg);
    [["arrow", "#555"], ["arrow-contested", "#c0392b"], ["arrow-maybe", "#999"]].forEach(function (m) {
      var mk = el("marker", {id: m[0], viewBox: "0 0 10 10", refX: "10", refY: "5",
                             markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse",
                             markerUnits: "userSpaceOnUse"}, defs);
      el("path", {d: "M0,0 L10,5 L0,10 z", fill: m[1]}, mk);
    });
    el("rect", {class: "background", x: "-100000", y: "-100000", width: "200000",
                height: "200000", fill: "#ffffff"}, svg);
    this.viewport = el("g", {class: "viewport"}, svg);
    this.edgeLayer = el("g", {class: "edges"}, this.viewport);
    this.nodeLayer = el("g", {class: "nodes"}, this.viewport);
    this.legend = el("g", {class: "legend"}, svg);
  };

  View.prototype.setGraph = function (graph) {
    this.graph = graph;
    layout(graph);
    this.render();
    this.fit();
  };

  // Lays out new nodes (after an expansion) and redraws, keeping the view.
  View.prototype.update = function () {
    layout(this.graph);
    this.render();
  };

  // "yes", "maybe" or "no" for an entity at the current filter date.
  View.prototype.state = function (x) {
    if (!this.filter) return "yes";
    return AG.time.holdsAt(x.valid_from, x.valid_to, x.valid_to_latest, this.filter.day);
  };

  View.prototype.visible = function () {
    var self = this, f = this.filter;
    var show = function (s) { return s === "yes" || (s === "maybe" && f && f.maybe); };
    var nodes = new Map(), edges = [];
    this.graph.nodes.forEach(function (v) {
      var s = self.state(v);
      if (show(s)) nodes.set(v.id, s);
    });
    var degree = new Map(), shown = new Map();
    this.graph.edges.forEach(function (e) {
      degree.set(e.start, (degree.get(e.start) || 0) + 1);
      degree.set(e.end, (degree.get(e.end) || 0) + 1);
      var s = self.state(e);
      if (show(s) && nodes.has(e.start) && nodes.has(e.end)) {
        edges.push({e: e, s: s});
        shown.set(e.start, true); shown.set(e.end, true);
      }
    });
    // At a date, a node whose every relationship is gone goes too: it was
    // drawn for those relationships. A node the query returned alone stays.
    if (f) nodes.forEach(function (s, id) { if (degree.get(id) && !shown.has(id)) nodes.delete(id); });
    return {nodes: nodes, edges: edges};
  };

  View.prototype.render = function () {
    var self = this, opts = this.opts;
    var vis = this.visible();
    this.lastVisible = vis;
    var el0 = this.edgeLayer, nl = this.nodeLayer;
    while (el0.firstChild) el0.removeChild(el0.firstChild);
    while (nl.firstChild) nl.removeChild(nl.firstChild);

    // Parallel relationships between one pair bend apart.
    var pairCount = new Map(), pairSeen = new Map();
    vis.edges.forEach(function (x) {
      var key = [x.e.start, x.e.end].sort().join("\u0000");
      pairCount.set(key, (pairCount.get(key) || 0) + 1);
    });
    var showEdgeLabels = vis.edges.length <= 80;
    vis.edges.forEach(function (x) {
      var e = x.e, a = self.graph.nodes.get(e.start), b = self.graph.nodes.get(e.end);
      var key = [e.start, e.end].sort().join("\u0000");
      var total = pairCount.get(key), i = pairSeen.get(key) || 0;
      pairSeen.set(key, i + 1);
      var bend = (i - (total - 1) / 2) * 28 * (e.start < e.end ? 1 : -1);
      var q = AG.model.gradeQuality(e.grade);
      var width = q === null ? 1.5 : 1 + 4 * q;
      var stroke = x.s === "maybe" ? "#999999" : e.contested ? "#c0392b" : "#555555";
      var dash = x.s === "maybe" ? "2 4" : e.contested ? "7 4" : "";
      var g = el("g", {class: "edge" + (e.contested ? " contested" : "") + (x.s === "maybe" ? " maybe" : ""),
                       "data-id": e.id, "data-state": x.s}, el0);
      var d, mx, my;
      if (a === b) {  // a loop
        d = "M" + (a.x - 6) + "," + (a.y - R) + " C" + (a.x - 40) + "," + (a.y - 60) + " " +
            (a.x + 40) + "," + (a.y - 60) + " " + (a.x + 6) + "," + (a.y - R);
        mx = a.x; my = a.y - 50;
      } else {
        var vx = b.x - a.x, vy = b.y - a.y, len = Math.sqrt(vx * vx + vy * vy) || 1;
        var nx = -vy / len, ny = vx / len;
        var cx = (a.x + b.x) / 2 + nx * bend, cy = (a.y + b.y) / 2 + ny * bend;
        // Trim both ends to the node circles, towards the control point.
        var t1 = trim(a, cx, cy, R), t2 = trim(b, cx, cy, R + 1);
        d = "M" + t1[0] + "," + t1[1] + " Q" + cx + "," + cy + " " + t2[0] + "," + t2[1];
        mx = (a.x + b.x) / 4 + cx / 2; my = (a.y + b.y) / 4 + cy / 2;
      }
      var path = el("path", {d: d, fill: "none", stroke: stroke, "stroke-width": width.toFixed(2),
                             "marker-end": "url(#" + (x.s === "maybe" ? "arrow-maybe" : e.contested ? "arrow-contested" : "arrow") + ")"}, g);
      if (dash) path.setAttribute("stroke-dasharray", dash);
      var title = el("title", {}, g);
      title.textContent = e.type + " " + AG.time.interval(e.valid_from, e.valid_to, e.valid_to_latest) +
        (e.grade ? " grade " + e.grade : "") + (e.contested ? " (contested)" : "") +
        (x.s === "maybe" ? " (might hold at this date)" : "");
      if (showEdgeLabels) {
        var t = el("text", {x: mx.toFixed(1), y: (my - 3).toFixed(1), "text-anchor": "middle",
                            "font-size": "9", fill: x.s === "maybe" ? "#999999" : e.contested ? "#c0392b" : "#666666",
                            "font-family": "sans-serif", class: "edge-label"}, g);
        t.textContent = e.type;
      }
    });

    var kinds = new Map();
    vis.nodes.forEach(function (s, id) {
      var v = self.graph.nodes.get(id);
      var style = opts.styleFor(v);
      kinds.set(style.kind, style);
      var g = el("g", {class: "node" + (s === "maybe" ? " maybe" : ""), "data-id": v.id,
                       transform: "translate(" + v.x.toFixed(1) + "," + v.y.toFixed(1) + ")"}, nl);
      el("circle", {r: R, fill: style.fill, stroke: self.selected === v.id ? "#000000" : style.stroke,
                    "stroke-width": self.selected === v.id ? "3" : "1.5",
                    "stroke-dasharray": s === "maybe" ? "2 3" : "none"}, g);
      var label = v.name.length > 32 ? v.name.slice(0, 31) + "…" : v.name;
      var t = el("text", {y: R + 12, "text-anchor": "middle", "font-size": "11",
                          "font-family": "sans-serif", fill: "#222222", stroke: "#ffffff",
                          "stroke-width": "3", "paint-order": "stroke", class: "node-label"}, g);
      t.textContent = label;
      var title = el("title", {}, g);
      title.textContent = v.name + " (" + v.id + ")" + (v.labels.length ? " :" + v.labels.join(":") : "");
      self.bindNode(g, v);
    });
    this.drawLegend(kinds);
    this.applyTransform();
  };

  function trim(node, tx, ty, r) {
    var vx = tx - node.x, vy = ty - node.y, len = Math.sqrt(vx * vx + vy * vy) || 1;
    return [(node.x + vx / len * r).toFixed(1), (node.y + vy / len * r).toFixed(1)];
  }

  View.prototype.drawLegend = function (kinds) {
    var lg = this.legend;
    while (lg.firstChild) lg.removeChild(lg.firstChild);
    var items = Array.from(kinds.values());
    var lines = [["#555555", "", "asserted"], ["#c0392b", "7 4", "contested"]];
    if (this.filter && this.filter.maybe) lines.push(["#999999", "2 4", "might hold at the date"]);
    var h = 14 * (items.length + lines.length + 1) + 12;
    el("rect", {x: 8, y: 8, width: 170, height: h, fill: "#ffffff", "fill-opacity": "0.9",
                stroke: "#cccccc", rx: 4}, lg);
    var y = 24;
    items.forEach(function (s) {
      el("circle", {cx: 20, cy: y - 4, r: 5, fill: s.fill, stroke: s.stroke}, lg);
      var t = el("text", {x: 32, y: y, "font-size": "11", "font-family": "sans-serif", fill: "#222222"}, lg);
      t.textContent = s.kind;
      y += 14;
    });
    lines.forEach(function (l) {
      var p = el("line", {x1: 14, y1: y - 4, x2: 27, y2: y - 4, stroke: l[0], "stroke-width": 2}, lg);
      if (l[1]) p.setAttribute("stroke-dasharray", l[1]);
      var t = el("text", {x: 32, y: y, "font-size": "11", "font-family": "sans-serif", fill: "#222222"}, lg);
      t.textContent = l[2];
      y += 14;
    });
    var t = el("text", {x: 14, y: y, "font-size": "10", "font-family": "sans-serif", fill: "#555555"}, lg);
    t.textContent = "line width: best grade (A1 widest)";
    lg.style.display = items.length ? "" : "none";
  };

  View.prototype.applyTransform = function () {
    this.viewport.setAttribute("transform", "translate(" + this.tx.toFixed(1) + "," +
      this.ty.toFixed(1) + ") scale(" + this.scale.toFixed(4) + ")");
  };

  // Fits the drawing into the visible area.
  View.prototype.fit = function () {
    var nodes = Array.from(this.graph.nodes.values());
    var rect = this.svg.getBoundingClientRect();
    var w = rect.width || 800, h = rect.height || 500;
    if (!nodes.length) { this.scale = 1; this.tx = w / 2; this.ty = h / 2; this.applyTransform(); return; }
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    nodes.forEach(function (v) {
      x0 = Math.min(x0, v.x); y0 = Math.min(y0, v.y); x1 = Math.max(x1, v.x); y1 = Math.max(y1, v.y);
    });
    var pad = 60, legend = this.legend.style.display === "none" ? 0 : 180;  // keep clear of the legend
    var s = Math.min((w - legend - 2 * pad) / Math.max(x1 - x0, 1), (h - 2 * pad) / Math.max(y1 - y0, 1));
    this.scale = Math.max(0.1, Math.min(s, 1.6));
    this.tx = legend + (w - legend) / 2 - (x0 + x1) / 2 * this.scale;
    this.ty = h / 2 - (y0 + y1) / 2 * this.scale;
    this.applyTransform();
  };

  View.prototype.bindPanZoom = function () {
    var self = this, svg = this.svg, drag = null;
    svg.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      var r = svg.getBoundingClientRect(), px = ev.clientX - r.left, py = ev.clientY - r.top;
      var f = Math.exp(-ev.deltaY * 0.0015), s = Math.max(0.05, Math.min(self.scale * f, 8));
      self.tx = px - (px - self.tx) * s / self.scale;
      self.ty = py - (py - self.ty) * s / self.scale;
      self.scale = s;
      self.applyTransform();
    }, {passive: false});
    svg.addEventListener("pointerdown", function (ev) {
      if (ev.target.closest && ev.target.closest(".node")) return;
      drag = {x: ev.clientX, y: ev.clientY, tx: self.tx, ty: self.ty};
      svg.setPointerCapture(ev.pointerId);
    });
    svg.addEventListener("pointermove", function (ev) {
      if (!drag) return;
      self.tx = drag.tx + ev.clientX - drag.x;
      self.ty = drag.ty + ev.clientY - drag.y;
      self.applyTransform();
    });
    svg.addEventListener("pointerup", function () { drag = null; });
  };

  // Dragging a node moves it (and keeps it there); a click selects it; a
  // double click expands its neighbours.
  View.prototype.bindNode = function (g, v) {
    var self = this, start = null;
    g.addEventListener("pointerdown", function (ev) {
      ev.stopPropagation();
      start = {x: ev.clientX, y: ev.clientY, vx: v.x, vy: v.y, moved: false};
      g.setPointerCapture(ev.pointerId);
    });
    g.addEventListener("pointermove", function (ev) {
      if (!start) return;
      var ddx = (ev.clientX - start.x) / self.scale, ddy = (ev.clientY - start.y) / self.scale;
      if (Math.abs(ddx) + Math.abs(ddy) > 3) start.moved = true;
      if (!start.moved) return;
      v.x = start.vx + ddx; v.y = start.vy + ddy; v.fixed = true;
      g.setAttribute("transform", "translate(" + v.x.toFixed(1) + "," + v.y.toFixed(1) + ")");
    });
    g.addEventListener("pointerup", function () {
      if (!start) return;
      var moved = start.moved;
      start = null;
      if (moved) self.render(); else self.select(v.id);
    });
    g.addEventListener("dblclick", function (ev) {
      ev.stopPropagation();
      self.opts.onExpand(v);
    });
  };

  View.prototype.select = function (id) {
    this.selected = id;
    this.render();
    var v = this.graph.nodes.get(id);
    if (v) this.opts.onSelect(v);
  };

  View.prototype.setFilter = function (f) {
    this.filter = f;
    this.render();
  };

  return {View: View, layout: layout};
})();
