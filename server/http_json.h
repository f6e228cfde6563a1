// The HTTP API's JSON forms (docs/http-api.md): query values, claims and
// errors. Values that JSON has no type for are tagged objects, so a client
// tells them from maps: {"$node": …}, {"$rel": …}, {"$path": …},
// {"$date": "2022-03"}, {"$float": "NaN"}. Nodes and relationships are
// described from the result's snapshot; relationships carry whether their
// claims contest them and the best asserting grade.
//
// Thread-safety: pure functions; call on a worker (they read the view).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "engine/read_view.h"
#include "common/status.h"
#include "query/query_engine.h"

namespace actorgraph::server {

// Throws std::logic_error on a value kind it has no form for.
nlohmann::json HttpValueJson(const ReadView& view, const Value& v);
nlohmann::json HttpNodeJson(const ReadView& view, const Node& n);
nlohmann::json HttpRelJson(const ReadView& view, const Relationship& r);
nlohmann::json HttpClaimJson(const ReadView& view, const Claim& c);
nlohmann::json HttpIntervalJson(const ValidInterval& v);

// Compact JSON text; invalid UTF-8 in strings is replaced, never an error.
std::string JsonText(const nlohmann::json& j);

// An error as the API sends it, and the HTTP status that goes with it.
struct HttpError {
  int status = 500;
  std::string kind;  // syntax, semantic, type, runtime, limit, permission, auth, not_found, …
  std::string message;
  int line = 0, column = 0;
  std::string hint;
  nlohmann::json ToJson() const;
};

// The HTTP form of a query or storage error: 400 for syntax, semantic, type
// and runtime errors, 403 for a reader writing, 408 for the time limit, 413
// for the row and memory limits, 404 for an unknown id, 500 otherwise.
// `db_dir` is replaced by the database's name in messages.
HttpError ToHttpError(const Status& s, const std::string& db_dir);

}  // namespace actorgraph::server
