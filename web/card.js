// The entity card (GET /api/entity/ID): names, properties, relationships
// with their intervals, and every claim with its source, locator, quote,
// claimant, stance and grade.
"use strict";
var AG = window.AG || (window.AG = {});

AG.card = (function () {
  var h = AG.format.h, text = AG.format.text;

  function ref(x) {
    if (x === null || x === undefined) return "";
    if (typeof x === "object") return x.name || x.id || text(x);
    return String(x);
  }

  function claimsTable(claims) {
    if (!claims || !claims.length) return h("p", {class: "muted", text: "No claims."});
    var head = h("tr", {}, ["source", "locator", "quote", "claimant", "stance", "grade"].map(function (c) {
      return h("th", {text: c});
    }));
    var rows = claims.map(function (c) {
      var about = c.property ? c.property + (c.value !== undefined && c.value !== null ? " = " + text(c.value) : "") : null;
      return h("tr", {class: "claim stance-" + (c.stance || "")}, [
        h("td", {title: c.source ? ref(c.source) : "", text: c.source_name || ref(c.source)}),
        h("td", {text: c.locator || ""}),
        h("td", {class: "quote"}, [
          about ? h("div", {class: "about", text: about}) : null,
          c.quote ? h("q", {text: c.quote}) : null,
          c.note ? h("div", {class: "note", text: c.note}) : null]),
        h("td", {class: c.claimant || c.claimant_name ? "" : "muted",
                 text: c.claimant_name || (c.claimant ? ref(c.claimant) : "the source")}),
        h("td", {class: "stance", text: c.stance || ""}),
        h("td", {class: "grade", text: c.grade || ""})]);
    });
    return h("table", {class: "claims"}, [h("thead", {}, [head]), h("tbody", {}, rows)]);
  }

  // Relationship rows: type, direction, the other end, interval, claims.
  function relationships(card, onOpen) {
    var rels = card.relationships || [];
    if (!rels.length) return h("p", {class: "muted", text: "No relationships."});
    return h("div", {class: "rels"}, rels.map(function (r) {
      var out = r.direction ? r.direction === "out" : (r.start === card.id || (r.start && r.start.id === card.id));
      var other = r.other || (out ? r.end : r.start);
      var otherId = typeof other === "object" && other ? other.id : other;
      var otherName = r.other_name || (typeof other === "object" && other ? other.name || other.id : other);
      var claims = (r.claims || []).concat(r.property_claims || []);
      var iv = AG.model.validOf(r);
      var contested = r.contested !== undefined ? r.contested :
        claims.some(function (c) { return c.stance === "denies"; }) &&
        claims.some(function (c) { return c.stance === "asserts"; });
      var props = Object.keys(r.properties || {}).map(function (k) { return k + ": " + text(r.properties[k]); });
      return h("details", {class: "rel" + (contested ? " contested" : ""), open: ""}, [
        h("summary", {}, [
          h("span", {class: "dir", text: out ? "→" : "←"}), " ",
          h("span", {class: "rtype", text: r.type}), " ",
          h("a", {href: "#", class: "node-ref", "data-id": otherId || "",
                  onclick: function (ev) { ev.preventDefault(); if (otherId) onOpen(otherId); },
                  text: otherName || "?"}), " ",
          h("span", {class: "interval", text: AG.time.interval(iv.from, iv.to, iv.to_latest)}),
          r.grade ? h("span", {class: "badge grade", text: r.grade}) : null,
          contested ? h("span", {class: "badge contested", text: "contested"}) : null]),
        props.length ? h("div", {class: "props", text: props.join("; ")}) : null,
        claimsTable(claims)]);
    }));
  }

  function aliases(card) {
    var a = card.aliases || [];
    if (!a.length) return null;
    return h("p", {class: "aliases"}, [h("b", {text: "Also known as: "}), a.map(function (x) {
      if (typeof x === "string") return x;
      var v = AG.model.validOf(x);
      var iv = v.from || v.to ? " " + AG.time.interval(v.from, v.to, v.to_latest) : "";
      return (x.name || x.alias || text(x)) + iv;
    }).join("; ")]);
  }

  function properties(card) {
    var p = card.properties || {};
    var keys = Object.keys(p);
    if (!keys.length) return null;
    return h("table", {class: "props"}, keys.map(function (k) {
      return h("tr", {}, [h("th", {text: k}), h("td", {text: text(p[k])})]);
    }));
  }

  // Claims about the entity itself and about its properties.
  function ownClaims(card) {
    var c = (card.claims || []).slice();
    var pc = card.property_claims;
    if (pc && typeof pc === "object" && !Array.isArray(pc)) {
      Object.keys(pc).forEach(function (k) {
        (pc[k] || []).forEach(function (x) { c.push(Object.assign({property: k}, x)); });
      });
    } else if (Array.isArray(pc)) {
      // [{name, value, contested, claims: [...]}] (docs/http-api.md)
      pc.forEach(function (p) {
        if (p && Array.isArray(p.claims))
          p.claims.forEach(function (x) {
            c.push(Object.assign({property: p.name, value: p.value}, x));
          });
        else if (p) c.push(p);
      });
    }
    return c;
  }

  // Renders `card` into `box`; actions: onOpen(id), onExpand(id), onHistory(id).
  function render(box, card, actions) {
    box.innerHTML = "";
    if (card.node && typeof card.node === "object") card = Object.assign({}, card.node, card);
    var labels = card.labels || [];
    var civ = AG.model.validOf(card);
    box.appendChild(h("div", {class: "card", "data-id": card.id}, [
      h("h2", {text: card.name || card.id}),
      h("p", {class: "muted"}, [h("code", {text: card.id}), labels.length ? " :" + labels.join(":") : "",
        civ.from || civ.to ? " " + AG.time.interval(civ.from, civ.to, civ.to_latest) : "",
        card.as_of_txn ? " as of transaction " + card.as_of_txn : "",
        card.contested ? h("span", {class: "badge contested", text: "contested"}) : null]),
      h("div", {class: "card-actions"}, [
        h("button", {type: "button", class: "expand", onclick: function () { actions.onExpand(card.id); },
                     text: "Expand neighbours"}),
        h("button", {type: "button", onclick: function () { actions.onHistory(card.id); },
                     text: "History"})]),
      aliases(card),
      properties(card),
      h("h3", {text: "Claims about " + (card.name || card.id)}),
      claimsTable(ownClaims(card)),
      h("h3", {text: "Relationships"}),
      relationships(card, actions.onOpen)]));
  }

  function renderHistory(box, id, hist) {
    var list = Array.isArray(hist) ? hist : (hist && (hist.transactions || hist.history)) || [];
    var old = box.querySelector(".history");
    if (old) old.remove();
    box.appendChild(h("div", {class: "history"}, [
      h("h3", {text: "History of " + ((hist && hist.name) || id)}),
      list.length ? h("div", {}, list.map(function (x) {
        if (typeof x !== "object" || x === null) return h("p", {text: String(x)});
        return h("div", {class: "txn"}, [
          h("b", {text: "Transaction " + x.txn}), " ", h("span", {class: "muted", text: (x.time || "") + " " + (x.description || "")}),
          h("ul", {}, (x.changes || []).map(function (c) { return h("li", {text: typeof c === "string" ? c : text(c)}); }))]);
      })) : h("pre", {text: JSON.stringify(hist, null, 2)})]));
  }

  return {render: render, renderHistory: renderHistory, claimsTable: claimsTable};
})();
