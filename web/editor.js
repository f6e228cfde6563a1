// The query editor: a textarea over a highlighted copy of its text (the
// textarea's own text is transparent, its caret is not), and a history of
// run queries kept in localStorage.
"use strict";
var AG = window.AG || (window.AG = {});

AG.editor = (function () {
  var KEYWORDS = ("MATCH OPTIONAL WHERE RETURN WITH UNWIND AS ORDER BY SKIP LIMIT ASC ASCENDING " +
    "DESC DESCENDING DISTINCT CREATE MERGE SET REMOVE DELETE DETACH ON CALL YIELD UNION ALL " +
    "AND OR XOR NOT IN IS NULL TRUE FALSE CASE WHEN THEN ELSE END STARTS ENDS CONTAINS EXISTS " +
    "FOR VALID_TIME SYSTEM_TIME OF FROM TO MIN GRADE EXPLAIN PROFILE SHORTEST").split(" ");
  var KW = {};
  KEYWORDS.forEach(function (k) { KW[k] = true; });

  var TOKEN = new RegExp([
    "(//[^\\n]*|/\\*[\\s\\S]*?(?:\\*/|$))",           // 1 comment
    "('(?:[^'\\\\]|\\\\.)*'?|\"(?:[^\"\\\\]|\\\\.)*\"?)", // 2 string
    "(\\$[A-Za-z_][A-Za-z0-9_]*)",                     // 3 parameter
    "(:\\s*`[^`]*`|:\\s*[A-Za-z_][A-Za-z0-9_]*)",      // 4 label or type
    "(\\b\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?\\b)",      // 5 number
    "([A-Za-z_][A-Za-z0-9_.]*)(?=\\s*\\()",            // 6 function
    "([A-Za-z_][A-Za-z0-9_]*)",                         // 7 word
  ].join("|"), "g");

  function esc(s) {
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function highlight(src) {
    var out = "", last = 0, m;
    TOKEN.lastIndex = 0;
    while ((m = TOKEN.exec(src))) {
      out += esc(src.slice(last, m.index));
      var word = m[6] || m[7];
      var cls = m[1] ? "c" : m[2] ? "s" : m[3] ? "p" : m[4] ? "l" : m[5] ? "n"
              : KW[word.toUpperCase()] ? "k" : m[6] ? "f" : null;
      out += cls ? '<span class="hl-' + cls + '">' + esc(m[0]) + "</span>" : esc(m[0]);
      last = TOKEN.lastIndex;
    }
    // A trailing newline needs a character after it to take up a line.
    return out + esc(src.slice(last)) + "\n";
  }

  var HISTORY_KEY = "actorgraph.history", HISTORY_MAX = 50;

  function history() {
    try {
      var h = JSON.parse(localStorage.getItem(HISTORY_KEY) || "[]");
      return Array.isArray(h) ? h : [];
    } catch (e) { return []; }
  }
  function remember(q) {
    q = q.trim();
    if (!q) return;
    var h = history().filter(function (x) { return x !== q; });
    h.unshift(q);
    try { localStorage.setItem(HISTORY_KEY, JSON.stringify(h.slice(0, HISTORY_MAX))); } catch (e) {}
  }

  // Wires the textarea `ta` to its highlight layer `pre`; onRun on Ctrl-Enter.
  function attach(ta, pre, onRun) {
    function sync() {
      pre.innerHTML = highlight(ta.value);
      pre.scrollTop = ta.scrollTop;
      pre.scrollLeft = ta.scrollLeft;
    }
    ta.addEventListener("input", sync);
    ta.addEventListener("scroll", sync);
    ta.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
        ev.preventDefault();
        onRun();
      } else if (ev.key === "Tab" && !ev.shiftKey) {
        ev.preventDefault();
        var s = ta.selectionStart;
        ta.setRangeText("  ", s, ta.selectionEnd, "end");
        sync();
      }
    });
    sync();
    return {set: function (v) { ta.value = v; sync(); }, get: function () { return ta.value; }};
  }

  return {highlight: highlight, history: history, remember: remember, attach: attach};
})();
