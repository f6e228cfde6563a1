// Export of the current view (what the date filter shows) as SVG, PNG
// (the SVG drawn on a canvas) and GraphML (for Gephi and yEd).
"use strict";
var AG = window.AG || (window.AG = {});

AG.exporter = (function () {
  function download(name, blob) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  // A standalone copy of the SVG at its on-screen size.
  function svgText(svg) {
    var copy = svg.cloneNode(true);
    var r = svg.getBoundingClientRect();
    copy.setAttribute("width", Math.round(r.width));
    copy.setAttribute("height", Math.round(r.height));
    copy.setAttribute("viewBox", "0 0 " + Math.round(r.width) + " " + Math.round(r.height));
    copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(copy);
  }

  function svg(view) {
    download("actorgraph.svg", new Blob([svgText(view.svg)], {type: "image/svg+xml"}));
  }

  // The view as a PNG at twice its on-screen size (an SVG image drawn on a
  // canvas; the SVG refers to nothing outside itself, so the canvas stays clean).
  function pngBlob(view) {
    var r = view.svg.getBoundingClientRect(), scale = 2;
    var url = URL.createObjectURL(new Blob([svgText(view.svg)], {type: "image/svg+xml"}));
    return new Promise(function (resolve, reject) {
      var img = new Image();
      img.onload = function () {
        var c = document.createElement("canvas");
        c.width = Math.round(r.width * scale); c.height = Math.round(r.height * scale);
        var ctx = c.getContext("2d");
        ctx.fillStyle = "#ffffff";
        ctx.fillRect(0, 0, c.width, c.height);
        ctx.scale(scale, scale);
        ctx.drawImage(img, 0, 0);
        URL.revokeObjectURL(url);
        c.toBlob(function (b) { if (b) resolve(b); else reject(new Error("no PNG")); }, "image/png");
      };
      img.onerror = function () { URL.revokeObjectURL(url); reject(new Error("the SVG did not load as an image")); };
      img.src = url;
    });
  }

  function png(view) {
    pngBlob(view).then(function (b) { download("actorgraph.png", b); },
                       function (e) { alert("PNG export failed: " + e.message); });
  }

  function xml(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
                    .replace(/"/g, "&quot;");
  }

  function graphmlText(view, styleFor) {
    var vis = view.lastVisible || view.visible();
    var g = view.graph;
    var keys = [["name", "node", "string"], ["labels", "node", "string"], ["kind", "node", "string"],
                ["color", "node", "string"], ["type", "edge", "string"], ["valid_from", "edge", "string"],
                ["valid_to", "edge", "string"], ["grade", "edge", "string"],
                ["contested", "edge", "boolean"], ["certain", "edge", "boolean"]];
    var out = ['<?xml version="1.0" encoding="UTF-8"?>',
               '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'];
    keys.forEach(function (k) {
      out.push('  <key id="' + k[0] + '" for="' + k[1] + '" attr.name="' + k[0] + '" attr.type="' + k[2] + '"/>');
    });
    out.push('  <graph id="G" edgedefault="directed">');
    vis.nodes.forEach(function (s, id) {
      var v = g.nodes.get(id), st = styleFor(v);
      out.push('    <node id="' + xml(id) + '">' +
               '<data key="name">' + xml(v.name) + '</data>' +
               '<data key="labels">' + xml(v.labels.join(":")) + '</data>' +
               '<data key="kind">' + xml(st.kind) + '</data>' +
               '<data key="color">' + xml(st.fill) + '</data></node>');
    });
    vis.edges.forEach(function (x) {
      var e = x.e;
      out.push('    <edge id="' + xml(e.id) + '" source="' + xml(e.start) + '" target="' + xml(e.end) + '">' +
               '<data key="type">' + xml(e.type) + '</data>' +
               '<data key="valid_from">' + xml(AG.time.text(e.valid_from) || "") + '</data>' +
               '<data key="valid_to">' + xml(AG.time.text(e.valid_to) || "") + '</data>' +
               '<data key="grade">' + xml(e.grade || "") + '</data>' +
               '<data key="contested">' + (e.contested ? "true" : "false") + '</data>' +
               '<data key="certain">' + (x.s === "yes" ? "true" : "false") + '</data></edge>');
    });
    out.push("  </graph>", "</graphml>", "");
    return out.join("\n");
  }

  function graphml(view, styleFor) {
    download("actorgraph.graphml", new Blob([graphmlText(view, styleFor)], {type: "application/xml"}));
  }

  return {svg: svg, png: png, graphml: graphml, svgText: svgText, pngBlob: pngBlob,
          graphmlText: graphmlText};
})();
