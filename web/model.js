// The graph behind the network view: nodes and relationships found anywhere
// in a query's rows (inside lists, maps and paths too), keyed by external id.
"use strict";
var AG = window.AG || (window.AG = {});

AG.model = (function () {
  function isNode(v) {
    return v && typeof v === "object" && !Array.isArray(v) && typeof v.id === "string" &&
           Array.isArray(v.labels);
  }
  function isRel(v) {
    return v && typeof v === "object" && !Array.isArray(v) && typeof v.type === "string" &&
           v.start !== undefined && v.end !== undefined;
  }
  function isPath(v) {
    return v && typeof v === "object" && Array.isArray(v.nodes) && Array.isArray(v.relationships);
  }
  // Tagged forms ({"$node": {...}}) if the server uses them.
  function untag(v) {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      var keys = Object.keys(v);
      if (keys.length === 1 && (keys[0] === "$node" || keys[0] === "$rel" || keys[0] === "$path") &&
          v[keys[0]] && typeof v[keys[0]] === "object")
        return v[keys[0]];
    }
    return v;
  }
  function endId(e) { return typeof e === "object" && e ? e.id : String(e); }
  // The interval as {from, to, to_latest} ("valid" in docs/http-api.md), or
  // as flat valid_from / valid_to fields.
  function validOf(x) {
    var v = x && x.valid && typeof x.valid === "object" ? x.valid : null;
    if (v) return {from: v.from, to: v.to, to_latest: v.to_latest};
    return {from: x ? x.valid_from : null, to: x ? x.valid_to : null,
            to_latest: x ? x.valid_to_latest : null};
  }

  function Graph() {
    this.nodes = new Map();  // id -> node
    this.edges = new Map();  // id -> relationship
  }

  Graph.prototype.addNode = function (n) {
    var old = this.nodes.get(n.id);
    if (old && !old.placeholder) return old;
    var iv = validOf(n);
    var node = {id: n.id, labels: n.labels || [], name: n.name || n.id, aliases: n.aliases || [],
                properties: n.properties || {}, valid_from: iv.from, valid_to: iv.to,
                valid_to_latest: iv.to_latest, placeholder: !!n.placeholder};
    if (old) { node.x = old.x; node.y = old.y; node.fixed = old.fixed; }
    this.nodes.set(n.id, node);
    return node;
  };

  Graph.prototype.addRel = function (r) {
    var id = r.id !== undefined && r.id !== null ? String(r.id)
           : endId(r.start) + "-" + r.type + "-" + endId(r.end);
    var start = endId(r.start), end = endId(r.end);
    if (typeof r.start === "object" && isNode(r.start)) this.addNode(r.start);
    if (typeof r.end === "object" && isNode(r.end)) this.addNode(r.end);
    if (!this.nodes.has(start)) this.addNode({id: start, labels: [], placeholder: true});
    if (!this.nodes.has(end)) this.addNode({id: end, labels: [], placeholder: true});
    var old = this.edges.get(id);
    var iv = validOf(r);
    var e = {id: id, type: r.type, start: start, end: end, properties: r.properties || {},
             valid_from: iv.from, valid_to: iv.to, valid_to_latest: iv.to_latest,
             contested: r.contested, grade: r.grade === null ? undefined : r.grade,
             asserts: r.asserts, denies: r.denies};
    if (old) {
      if (e.contested === undefined) e.contested = old.contested;
      if (e.grade === undefined) e.grade = old.grade;
    }
    this.edges.set(id, e);
    return e;
  };

  // Adds every node, relationship and path in `value`.
  Graph.prototype.addValue = function (value) {
    var self = this;
    (function walk(v, depth) {
      if (depth > 8 || v === null || typeof v !== "object") return;
      v = untag(v);
      if (Array.isArray(v)) { v.forEach(function (x) { walk(x, depth + 1); }); return; }
      if (isPath(v)) {
        v.nodes.forEach(function (n) { walk(n, depth + 1); });
        v.relationships.forEach(function (r) { walk(r, depth + 1); });
        return;
      }
      if (isNode(v)) { self.addNode(v); return; }
      if (isRel(v)) { self.addRel(v); return; }
      Object.keys(v).forEach(function (k) { walk(v[k], depth + 1); });
    })(value, 0);
  };

  Graph.prototype.addRows = function (rows) {
    var self = this;
    (rows || []).forEach(function (row) { self.addValue(row); });
  };

  // Admiralty grade "B2" -> 0 (worst, F6) .. 1 (best, A1); null when unknown.
  function gradeQuality(g) {
    if (typeof g !== "string" || !/^[A-Fa-f][1-6]$/.test(g)) return null;
    var r = "ABCDEF".indexOf(g[0].toUpperCase()), c = +g[1] - 1;
    return 1 - (r + c) / 10;
  }
  // The better of two grades (A1 over B2).
  function betterGrade(a, b) {
    var qa = gradeQuality(a), qb = gradeQuality(b);
    if (qa === null) return qb === null ? undefined : b;
    if (qb === null) return a;
    return qb > qa ? b : a;
  }

  return {Graph: Graph, validOf: validOf, isNode: isNode, isRel: isRel, isPath: isPath, untag: untag,
          gradeQuality: gradeQuality, betterGrade: betterGrade};
})();
