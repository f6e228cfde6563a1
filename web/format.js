// Values as an analyst reads them: dates as written (2022-03 stays
// 2022-03), nodes by name, relationships by type and interval.
"use strict";
var AG = window.AG || (window.AG = {});

AG.format = (function () {
  function h(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k];
      else if (k === "class") e.className = attrs[k];
      else if (k.slice(0, 2) === "on") e.addEventListener(k.slice(2), attrs[k]);
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      if (c === null || c === undefined) return;
      e.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return e;
  }

  // Plain text of any value.
  function text(v) {
    v = AG.model.untag(v);
    if (v === null || v === undefined) return "null";
    if (typeof v === "string") return v;
    if (typeof v !== "object") return String(v);
    if (typeof v.$date === "string") return v.$date;
    if (typeof v.$float === "string") return v.$float;
    if (AG.model.isNode(v)) return v.name + " (" + v.id + ")";
    if (AG.model.isRel(v)) {
      var iv = AG.model.validOf(v);
      return "[:" + v.type + " " + AG.time.interval(iv.from, iv.to, iv.to_latest) + "]";
    }
    if (AG.model.isPath(v)) {
      var s = "";
      v.nodes.forEach(function (n, i) {
        n = AG.model.untag(n);
        s += "(" + (n.name || n.id) + ")";
        var r = AG.model.untag(v.relationships[i]);
        if (r) s += (r.start === n.id || (r.start && r.start.id === n.id) ? "-[:" + r.type + "]->" : "<-[:" + r.type + "]-");
      });
      return s;
    }
    if (Array.isArray(v)) return "[" + v.map(text).join(", ") + "]";
    return "{" + Object.keys(v).map(function (k) { return k + ": " + text(v[k]); }).join(", ") + "}";
  }

  // A table cell: nodes are links that open their card.
  function cell(v, onNode) {
    v = AG.model.untag(v);
    if (v === null || v === undefined) return h("span", {class: "null", text: "null"});
    if (AG.model.isNode(v) && onNode) {
      return h("a", {href: "#", class: "node-ref", "data-id": v.id, title: v.id + " :" + v.labels.join(":"),
                     onclick: function (ev) { ev.preventDefault(); onNode(v.id); }, text: v.name});
    }
    return h("span", {text: text(v)});
  }

  return {h: h, text: text, cell: cell};
})();
