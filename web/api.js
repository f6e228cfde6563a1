// Talking to the server (docs/http-api.md): the token lives in sessionStorage
// and goes in the Authorization header, never in a URL.
"use strict";
var AG = window.AG || (window.AG = {});

AG.api = (function () {
  var KEY = "actorgraph.token";

  function token() {
    try { return sessionStorage.getItem(KEY) || ""; } catch (e) { return ""; }
  }
  function setToken(t) {
    try {
      if (t) sessionStorage.setItem(KEY, t); else sessionStorage.removeItem(KEY);
    } catch (e) { /* storage disabled: the token lasts for this page only */ }
  }

  // An error the server described: {kind, message, line, column, hint}, status.
  function ApiError(status, body) {
    var e = (body && body.error) || {};
    this.status = status;
    this.kind = e.kind || (status === 401 ? "unauthorized" : "error");
    this.message = e.message || ("HTTP " + status);
    this.line = e.line;
    this.column = e.column;
    this.hint = e.hint;
  }
  ApiError.prototype.toString = function () {
    var where = this.line ? " (line " + this.line + ", column " + this.column + ")" : "";
    return this.kind + where + ": " + this.message + (this.hint ? " — " + this.hint : "");
  };

  function request(method, path, body) {
    var headers = {"Accept": "application/json"};
    var t = token();
    if (t) headers["Authorization"] = "Bearer " + t;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    return fetch(path, {method: method, headers: headers,
                        body: body === undefined ? undefined : JSON.stringify(body),
                        cache: "no-store"})
      .then(function (resp) {
        return resp.text().then(function (txt) {
          var json = null;
          try { json = txt ? JSON.parse(txt) : null; } catch (e) { json = null; }
          if (!resp.ok) throw new ApiError(resp.status, json || {error: {message: txt}});
          return json;
        });
      });
  }

  function query(text, params, options) {
    var body = {query: text, params: params || {}};
    var o = {};
    Object.keys(options || {}).forEach(function (k) {
      if (options[k] !== null && options[k] !== undefined && options[k] !== "") o[k] = options[k];
    });
    if (Object.keys(o).length) body.options = o;
    return request("POST", "/api/query", body);
  }

  return {
    token: token, setToken: setToken, ApiError: ApiError, query: query,
    entity: function (id, options) {
      var q = [];
      if (options && options.system_time !== undefined && options.system_time !== "")
        q.push("system_time=" + encodeURIComponent(options.system_time));
      return request("GET", "/api/entity/" + encodeURIComponent(id) + (q.length ? "?" + q.join("&") : ""));
    },
    history: function (id) { return request("GET", "/api/history/" + encodeURIComponent(id)); },
    schema: function () { return request("GET", "/api/schema"); }
  };
})();
