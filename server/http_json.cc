#include "server/http_json.h"

#include <filesystem>
#include <stdexcept>

#include "analytics/evidence.h"
#include "engine/value_json.h"

namespace actorgraph::server {

using nlohmann::json;

namespace {

std::string Xid(const ReadView& view, NodeId id) {
  Node n;
  return view.GetNode(id, &n).ok() ? n.xid : "#" + std::to_string(id);
}

json Props(const ValueMap& props) {
  json o = json::object();
  for (const auto& [k, x] : props)
    o[k] = ValueToJson(x);
  return o;
}

json DateOrNull(const std::optional<PartialDate>& d) {
  return d ? json(d->ToString()) : json(nullptr);
}

}  // namespace

json HttpIntervalJson(const ValidInterval& v) {
  json j{{"from", DateOrNull(v.from)}, {"to", DateOrNull(v.to)}};
  if (v.to_latest) j["to_latest"] = v.to_latest->ToString();
  return j;
}

json HttpNodeJson(const ReadView& view, const Node& n) {
  (void)view;
  json aliases = json::array();
  for (const auto& a : n.aliases) {
    json x{{"name", a.name}};
    if (!a.valid.unbounded()) x["valid"] = HttpIntervalJson(a.valid);
    aliases.push_back(std::move(x));
  }
  return json{
      {"id", n.xid},        {"labels", n.labels},           {"name", n.name},
      {"aliases", aliases}, {"properties", Props(n.props)}, {"valid", HttpIntervalJson(n.valid)}};
}

json HttpRelJson(const ReadView& view, const Relationship& r) {
  json j{{"id", r.xid},
         {"type", r.type},
         {"start", Xid(view, r.src)},
         {"end", Xid(view, r.dst)},
         {"properties", Props(r.props)},
         {"valid", HttpIntervalJson(r.valid)}};
  auto ev = analytics::RelEvidence(view, r.id);
  if (ev.ok()) {
    j["contested"] = ev->contested();
    j["grade"] = ev->best ? json(ev->best->ToString()) : json(nullptr);
    j["asserts"] = ev->asserts;
    j["denies"] = ev->denies;
  }
  return j;
}

json HttpClaimJson(const ReadView& view, const Claim& c) {
  Node source;
  json src = nullptr;
  if (view.GetNode(c.source, &source).ok()) src = json{{"id", source.xid}, {"name", source.name}};
  json claimant = nullptr;
  Node who;
  if (c.claimant && view.GetNode(*c.claimant, &who).ok())
    claimant = json{{"id", who.xid}, {"name", who.name}};
  json j{{"id", c.xid},
         {"stance", StanceName(c.stance)},
         {"grade", c.grade ? json(c.grade->ToString()) : json(nullptr)},
         {"source", src},
         {"locator", c.locator},
         {"quote", c.quote},
         {"claimant", claimant},
         {"note", c.note},
         {"recorded_txn", c.recorded}};
  if (!c.property.empty()) j["property"] = c.property;
  if (c.value) j["value"] = ValueToJson(*c.value);
  return j;
}

json HttpValueJson(const ReadView& view, const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kNull:
    case Value::Kind::kBool:
    case Value::Kind::kInt:
    case Value::Kind::kString:
      return ValueToJson(v);
    case Value::Kind::kFloat:  // {"$float": "NaN"} for what JSON cannot write
      return ValueToJson(v);
    case Value::Kind::kDate:  // {"$date": "2022-03"}: partial dates keep their precision
      return ValueToJson(v);
    case Value::Kind::kList: {
      json a = json::array();
      for (const auto& x : v.as_list())
        a.push_back(HttpValueJson(view, x));
      return a;
    }
    case Value::Kind::kMap: {
      json o = json::object();
      for (const auto& [k, x] : v.as_map())
        o[k] = HttpValueJson(view, x);
      return o;
    }
    case Value::Kind::kNode: {
      Node n;
      if (!view.GetNode(v.as_node(), &n).ok())
        return json{{"$node", {{"internal_id", v.as_node()}}}};
      return json{{"$node", HttpNodeJson(view, n)}};
    }
    case Value::Kind::kRel: {
      Relationship r;
      if (!view.GetRel(v.as_rel(), &r).ok()) return json{{"$rel", {{"internal_id", v.as_rel()}}}};
      return json{{"$rel", HttpRelJson(view, r)}};
    }
    // {"$temporal": "2015-07-21T21:40:32.142+01:00", "type": "datetime"}
    case Value::Kind::kTemporal:
      return json{{"$temporal", v.as_temporal().ToString()},
                  {"type", Temporal::TypeName(v.as_temporal().type)}};
    case Value::Kind::kPath: {
      json nodes = json::array(), rels = json::array();
      for (NodeId n : v.as_path().nodes)
        nodes.push_back(HttpValueJson(view, Value(NodeRef{n})));
      for (RelId r : v.as_path().rels)
        rels.push_back(HttpValueJson(view, Value(RelRef{r})));
      return json{{"$path", {{"nodes", nodes}, {"relationships", rels}}}};
    }
    default:
      break;
  }
  // A value kind added to common/value.h needs its JSON form here and in
  // docs/http-api.md (and the Python client).
  throw std::logic_error(std::string("the HTTP API has no JSON form for values of kind ") +
                         Value::KindName(v.kind()));
}

std::string JsonText(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

json HttpError::ToJson() const {
  json e{{"kind", kind}, {"message", message}};
  e["line"] = line ? json(line) : json(nullptr);
  e["column"] = column ? json(column) : json(nullptr);
  e["hint"] = hint.empty() ? json(nullptr) : json(hint);
  return json{{"error", e}};
}

HttpError ToHttpError(const Status& s, const std::string& db_dir) {
  const query::QueryError q = query::ToQueryError(s);
  HttpError e;
  e.message = s.message();
  e.line = q.line;
  e.column = q.column;
  const std::string name = std::filesystem::path(db_dir).filename().string();
  for (size_t at; !db_dir.empty() && (at = e.message.find(db_dir)) != std::string::npos;)
    e.message.replace(at, db_dir.size(), name);
  if (e.message.find("may only read") != std::string::npos) {
    static const std::string kSemantic = "semantic error: ";
    if (e.message.rfind(kSemantic, 0) == 0)
      e.message = "permission denied: " + e.message.substr(kSemantic.size());
    e.status = 403;
    e.kind = "permission";
    e.hint = "this token is a reader's; writing needs a writer token";
    return e;
  }
  switch (q.kind) {
    case query::ErrorKind::kSyntax:
      e.status = 400;
      e.kind = "syntax";
      break;
    case query::ErrorKind::kSemantic:
      e.status = 400;
      e.kind = "semantic";
      break;
    case query::ErrorKind::kType:
      e.status = 400;
      e.kind = "type";
      break;
    case query::ErrorKind::kRuntime:
      e.status = 400;
      e.kind = "runtime";
      break;
    case query::ErrorKind::kLimit:
      e.kind = "limit";
      if (e.message.find("time limit") != std::string::npos) {
        e.status = 408;
        e.hint = "narrow the query, or ask for a longer options.time_limit_ms (the server caps it)";
      } else if (e.message.find("cancelled") != std::string::npos) {
        e.status = 503;
      } else {
        e.status = 413;
        e.hint = "add LIMIT, or stream with Accept: application/x-ndjson";
      }
      break;
    case query::ErrorKind::kStorage:
      e.status = 500;
      e.kind = "storage";
      break;
    default:
      e.status = 500;
      e.kind = "internal";
      break;
  }
  if (s.code() == Status::Code::kNotFound) {
    e.status = 404;
    e.kind = "not_found";
  }
  if (s.code() == Status::Code::kInvalidArgument && q.kind != query::ErrorKind::kSyntax &&
      e.status == 500) {
    e.status = 400;
    e.kind = "invalid";
  }
  return e;
}

}  // namespace actorgraph::server
