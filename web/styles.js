// Node colours by kind of actor, from the ontology's actor styles that
// /api/schema returns (analytics/actor_style.cc): a node's kind is the first
// style whose label its labels descend from.
"use strict";
var AG = window.AG || (window.AG = {});

AG.styles = (function () {
  // Used until (or if) the schema does not answer: the same table.
  var FALLBACK = [
    ["State", "#9ecae1", "#2b6c9e"], ["ArmedForce", "#6baed6", "#1f4e79"],
    ["ArmedGroup", "#fc9272", "#a50f15"], ["PrivateMilitaryCompany", "#fdae6b", "#a63603"],
    ["Operation", "#bcbddc", "#54278f"], ["Company", "#fee391", "#8c6d00"],
    ["Person", "#c7e9c0", "#31753a"], ["Organization", "#e5d8bd", "#7f6a3f"],
    ["Actor", "#eeeeee", "#555555"], ["Event", "#f4a6c8", "#9e1f63"],
    ["Location", "#ccebc5", "#3f7f3f"], ["Document", "#ffffff", "#777777"],
    ["Identifier", "#f0f0f0", "#777777"], ["Other", "#ffffff", "#999999"]
  ].map(function (s) { return {kind: s[0], fill: s[1], stroke: s[2]}; });

  var styles = FALLBACK;
  var parents = {};    // label -> [parent labels]
  var direct = {};     // label -> style, when the schema says so per label

  function asList(x) {
    if (Array.isArray(x)) return x;
    if (x && typeof x === "object")
      return Object.keys(x).map(function (k) {
        var v = x[k];
        return typeof v === "object" && v ? Object.assign({kind: k, name: k}, v) : {kind: k, name: k};
      });
    return [];
  }

  // Reads what the schema offers: styles as a list or a map, labels with parents.
  function load(schema) {
    if (!schema || typeof schema !== "object") return;
    var st = asList(schema.actor_styles || schema.styles || schema.kinds);
    st = st.map(function (s) {
      return {kind: s.kind || s.name || s.label, fill: s.fill || s.colour || s.color || "#ffffff",
              stroke: s.stroke || s.border || "#555555", shape: s.shape};
    }).filter(function (s) { return s.kind; });
    if (st.length) styles = st;
    asList(schema.labels).forEach(function (l) {
      if (typeof l === "string") return;
      var name = l.name || l.label || l.kind;
      if (!name) return;
      var p = l.parents || l.parent || l.is_a || [];
      parents[name] = Array.isArray(p) ? p : [p];
      var s = l.style || (l.fill ? l : null);
      if (s && s.fill) direct[name] = {kind: s.kind || name, fill: s.fill, stroke: s.stroke || "#555555"};
    });
  }

  function ancestors(label) {
    var seen = {}, out = [], todo = [label];
    while (todo.length) {
      var l = todo.shift();
      if (seen[l]) continue;
      seen[l] = true; out.push(l);
      (parents[l] || []).forEach(function (p) { todo.push(p); });
    }
    return out;
  }

  function styleFor(node) {
    var labels = node.labels || [];
    for (var i = 0; i < styles.length; i++) {
      for (var j = 0; j < labels.length; j++) {
        if (ancestors(labels[j]).indexOf(styles[i].kind) >= 0) return styles[i];
      }
    }
    for (var k = 0; k < labels.length; k++) if (direct[labels[k]]) return direct[labels[k]];
    var other = styles.filter(function (s) { return s.kind === "Other"; })[0];
    return other || {kind: "Other", fill: "#ffffff", stroke: "#999999"};
  }

  return {load: load, styleFor: styleFor};
})();
