// Partial dates ("2022", "2022-03", "2022-03-27") and valid-time intervals,
// with the engine's three answers (common/interval.h): a fact valid from
// 2022-03 certainly holds on 2022-04-10, certainly not on 2022-02-10, and
// might hold on 2022-03-05.
"use strict";
var AG = window.AG || (window.AG = {});

AG.time = (function () {
  var DAY = 86400000;

  // A date as the server writes it: a string, or {"$date": "..."}.
  function text(v) {
    if (v === null || v === undefined) return null;
    if (typeof v === "object" && typeof v.$date === "string") return v.$date;
    if (typeof v === "string") return v;
    return null;
  }

  // [first day, day after the last day) of a partial date, as day numbers.
  function span(v) {
    var s = text(v);
    if (!s) return null;
    var m = /^(-?\d{1,6})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(s);
    if (!m) return null;
    var y = +m[1];
    if (m[3]) {
      var d = Date.UTC(y, +m[2] - 1, +m[3]) / DAY;
      return [d, d + 1];
    }
    if (m[2]) return [Date.UTC(y, +m[2] - 1, 1) / DAY, Date.UTC(y, +m[2], 1) / DAY];
    return [Date.UTC(y, 0, 1) / DAY, Date.UTC(y + 1, 0, 1) / DAY];
  }

  function dayText(day) {
    return new Date(day * DAY).toISOString().slice(0, 10);
  }

  function today() {
    return Math.floor(Date.now() / DAY);
  }

  // "yes", "no" or "maybe" for the interval [from, to) (to_latest: the end
  // is known only to fall between to and to_latest) on the day `day`.
  function holdsAt(from, to, toLatest, day) {
    var f = span(from), t = span(to), tl = span(toLatest);
    var certainStart = f ? f[1] - 1 : -Infinity;  // the last day it may begin
    var possibleStart = f ? f[0] : -Infinity;
    var certainEnd = t ? t[0] : Infinity;  // before this day it surely holds
    var possibleEnd = tl ? tl[1] - 1 : t ? t[1] - 1 : Infinity;
    if (day < possibleStart || day >= possibleEnd) return "no";
    if (day >= certainStart && day < certainEnd) return "yes";
    return "maybe";
  }

  // "[2022-03, 2023)" like the engine's ValidInterval::ToString.
  function interval(from, to, toLatest) {
    var f = text(from), t = text(to), tl = text(toLatest);
    if (!f && !t) return "always";
    return "[" + (f || "…") + ", " + (t ? t + (tl ? "…" + tl : "") : "…") + ")";
  }

  return {text: text, span: span, dayText: dayText, today: today, holdsAt: holdsAt,
          interval: interval};
})();
