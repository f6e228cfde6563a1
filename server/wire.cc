#include "server/wire.h"

#include <algorithm>

#include <capnp/message.h>

namespace actorgraph::wire {

capnp::ReaderOptions MessageReaderOptions() {
  capnp::ReaderOptions o;
  o.traversalLimitInWords = kMaxMessageWords;
  o.nestingLimit = kNestingLimit;
  return o;
}

int WireNesting(const Value& v) {
  int deepest = 0;
  switch (v.kind()) {
    case Value::Kind::kList:
      for (const auto& x : v.as_list())
        deepest = std::max(deepest, WireNesting(x));
      return 2 + deepest;  // the list, then its element
    case Value::Kind::kMap:
      for (const auto& [k, x] : v.as_map())
        deepest = std::max(deepest, WireNesting(x));
      return 3 + deepest;  // the entry list, the entry, its value
    case Value::Kind::kNode:
    case Value::Kind::kRel:
    case Value::Kind::kPath:
      return 8;  // content with properties of its own (stored values, shallow)
    default:
      return 1;
  }
}

uint64_t WireBytes(const Value& v) {
  uint64_t n = 24;  // the value's struct
  switch (v.kind()) {
    case Value::Kind::kString:
      n += v.as_string().size() + 8;
      break;
    case Value::Kind::kList:
      for (const auto& x : v.as_list())
        n += WireBytes(x);
      break;
    case Value::Kind::kMap:
      for (const auto& [k, x] : v.as_map())
        n += 24 + k.size() + 8 + WireBytes(x);
      break;
    case Value::Kind::kNode:
    case Value::Kind::kRel:
      n += 256;  // labels, name and properties, roughly
      break;
    case Value::Kind::kPath:
      n += 256 * (v.as_path().nodes.size() + v.as_path().rels.size());
      break;
    default:
      break;
  }
  return n;
}

std::string Entities::Xid(NodeId id) const {
  if (auto it = nodes.find(id); it != nodes.end()) return it->second.xid;
  if (auto it = xids.find(id); it != xids.end()) return it->second;
  return "#" + std::to_string(id);
}

void SetDate(rpc::Date::Builder b, const PartialDate& d) {
  b.setYear(d.year());
  b.setMonth(static_cast<uint8_t>(d.month()));
  b.setDay(static_cast<uint8_t>(d.day()));
  b.setPrecision(d.precision() == DatePrecision::kDay     ? rpc::DatePrecision::DAY
                 : d.precision() == DatePrecision::kMonth ? rpc::DatePrecision::MONTH
                                                          : rpc::DatePrecision::YEAR);
}

Result<PartialDate> GetDate(rpc::Date::Reader r) {
  const int y = r.getYear(), m = r.getMonth(), d = r.getDay();
  switch (r.getPrecision()) {
    case rpc::DatePrecision::YEAR:
      return PartialDate::Year(y);
    case rpc::DatePrecision::MONTH:
      if (m < 1 || m > 12) return Status::InvalidArgument("bad month in date");
      return PartialDate::Month(y, m);
    case rpc::DatePrecision::DAY:
      if (m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m))
        return Status::InvalidArgument("bad day in date");
      return PartialDate::Day(y, m, d);
  }
  return Status::InvalidArgument("unknown date precision");
}

void SetInterval(rpc::Interval::Builder b, const ValidInterval& v) {
  if (v.from) SetDate(b.initFrom(), *v.from);
  if (v.to) SetDate(b.initTo(), *v.to);
  if (v.to_latest) SetDate(b.initToLatest(), *v.to_latest);
}

Result<ValidInterval> GetInterval(rpc::Interval::Reader r) {
  ValidInterval v;
  if (r.hasFrom()) {
    AG_ASSIGN_OR_RETURN(v.from, GetDate(r.getFrom()));
  }
  if (r.hasTo()) {
    AG_ASSIGN_OR_RETURN(v.to, GetDate(r.getTo()));
  }
  if (r.hasToLatest()) {
    AG_ASSIGN_OR_RETURN(v.to_latest, GetDate(r.getToLatest()));
  }
  AG_RETURN_IF_ERROR(v.Validate());
  return v;
}

namespace {

void SetNode(rpc::Node::Builder b, NodeId id, const Entities& e) {
  b.setId(id);
  auto it = e.nodes.find(id);
  if (it == e.nodes.end()) {
    b.setFound(false);
    return;
  }
  const Node& n = it->second;
  b.setFound(true);
  b.setXid(n.xid);
  auto labels = b.initLabels(n.labels.size());
  for (size_t i = 0; i < n.labels.size(); ++i)
    labels.set(i, n.labels[i]);
  b.setName(n.name);
  SetEntries(b.initProperties(n.props.size()), n.props, e);
  if (!n.valid.unbounded()) SetInterval(b.initValid(), n.valid);
}

void SetRel(rpc::Relationship::Builder b, RelId id, const Entities& e) {
  b.setId(id);
  auto it = e.rels.find(id);
  if (it == e.rels.end()) {
    b.setFound(false);
    return;
  }
  const Relationship& r = it->second;
  b.setFound(true);
  b.setXid(r.xid);
  b.setType(r.type);
  b.setStart(r.src);
  b.setEnd(r.dst);
  b.setStartXid(e.Xid(r.src));
  b.setEndXid(e.Xid(r.dst));
  SetEntries(b.initProperties(r.props.size()), r.props, e);
  if (!r.valid.unbounded()) SetInterval(b.initValid(), r.valid);
}

Result<NodeId> GetNode(rpc::Node::Reader r, Entities* e) {
  if (!r.getFound()) return r.getId();
  Node n;
  n.id = r.getId();
  n.xid = r.getXid();
  for (auto l : r.getLabels())
    n.labels.push_back(l);
  n.name = r.getName();
  AG_ASSIGN_OR_RETURN(n.props, GetEntries(r.getProperties(), e));
  if (r.hasValid()) {
    AG_ASSIGN_OR_RETURN(n.valid, GetInterval(r.getValid()));
  }
  e->nodes.insert_or_assign(n.id, std::move(n));
  return r.getId();
}

Result<RelId> GetRel(rpc::Relationship::Reader r, Entities* e) {
  if (!r.getFound()) return r.getId();
  Relationship rel;
  rel.id = r.getId();
  rel.xid = r.getXid();
  rel.type = r.getType();
  rel.src = r.getStart();
  rel.dst = r.getEnd();
  AG_ASSIGN_OR_RETURN(rel.props, GetEntries(r.getProperties(), e));
  if (r.hasValid()) {
    AG_ASSIGN_OR_RETURN(rel.valid, GetInterval(r.getValid()));
  }
  e->xids.try_emplace(rel.src, r.getStartXid());
  e->xids.try_emplace(rel.dst, r.getEndXid());
  e->rels.insert_or_assign(rel.id, std::move(rel));
  return r.getId();
}

}  // namespace

void SetEntries(capnp::List<rpc::Entry>::Builder b, const ValueMap& m, const Entities& e) {
  for (size_t i = 0; i < m.size(); ++i) {
    b[i].setKey(m[i].first);
    SetValue(b[i].initValue(), m[i].second, e);
  }
}

void SetValue(rpc::Value::Builder b, const Value& v, const Entities& e) {
  switch (v.kind()) {
    case Value::Kind::kNull:
      b.setNull();
      return;
    case Value::Kind::kBool:
      b.setBool(v.as_bool());
      return;
    case Value::Kind::kInt:
      b.setInt(v.as_int());
      return;
    case Value::Kind::kFloat:
      b.setFloat(v.as_float());
      return;
    case Value::Kind::kString:
      b.setText(v.as_string());
      return;
    case Value::Kind::kDate:
      SetDate(b.initDate(), v.as_date());
      return;
    case Value::Kind::kTemporal:  // the wire has no temporal kind: its Cypher text
      b.setText(v.as_temporal().ToString());
      return;
    case Value::Kind::kList: {
      const ValueList& l = v.as_list();
      auto lb = b.initList(l.size());
      for (size_t i = 0; i < l.size(); ++i)
        SetValue(lb[i], l[i], e);
      return;
    }
    case Value::Kind::kMap:
      SetEntries(b.initMap(v.as_map().size()), v.as_map(), e);
      return;
    case Value::Kind::kNode:
      SetNode(b.initNode(), v.as_node(), e);
      return;
    case Value::Kind::kRel:
      SetRel(b.initRelationship(), v.as_rel(), e);
      return;
    case Value::Kind::kPath: {
      const PathValue& p = v.as_path();
      auto pb = b.initPath();
      auto nodes = pb.initNodes(p.nodes.size());
      for (size_t i = 0; i < p.nodes.size(); ++i)
        SetNode(nodes[i], p.nodes[i], e);
      auto rels = pb.initRelationships(p.rels.size());
      for (size_t i = 0; i < p.rels.size(); ++i)
        SetRel(rels[i], p.rels[i], e);
      return;
    }
  }
}

Result<ValueMap> GetEntries(capnp::List<rpc::Entry>::Reader r, Entities* e) {
  ValueMap m;
  m.reserve(r.size());
  for (auto entry : r) {
    AG_ASSIGN_OR_RETURN(Value v, GetValue(entry.getValue(), e));
    m.emplace_back(std::string(entry.getKey()), std::move(v));
  }
  return m;
}

Result<Value> GetValue(rpc::Value::Reader r, Entities* e) {
  switch (r.which()) {
    case rpc::Value::NULL_:
      return Value();
    case rpc::Value::BOOL:
      return Value(r.getBool());
    case rpc::Value::INT:
      return Value(static_cast<int64_t>(r.getInt()));
    case rpc::Value::FLOAT:
      return Value(r.getFloat());
    case rpc::Value::TEXT:
      return Value(std::string(r.getText()));
    case rpc::Value::DATE: {
      AG_ASSIGN_OR_RETURN(PartialDate d, GetDate(r.getDate()));
      return Value(d);
    }
    case rpc::Value::LIST: {
      ValueList l;
      for (auto x : r.getList()) {
        AG_ASSIGN_OR_RETURN(Value v, GetValue(x, e));
        l.push_back(std::move(v));
      }
      return Value(std::move(l));
    }
    case rpc::Value::MAP: {
      AG_ASSIGN_OR_RETURN(ValueMap m, GetEntries(r.getMap(), e));
      for (size_t i = 1; i < m.size(); ++i)
        for (size_t j = 0; j < i; ++j)
          if (m[i].first == m[j].first)
            return Status::InvalidArgument("duplicate map key " + m[i].first);
      return Value::Map(std::move(m));
    }
    default:
      break;
  }
  if (e == nullptr)
    return Status::InvalidArgument("nodes, relationships and paths cannot be parameters");
  switch (r.which()) {
    case rpc::Value::NODE: {
      AG_ASSIGN_OR_RETURN(NodeId id, GetNode(r.getNode(), e));
      return Value(NodeRef{id});
    }
    case rpc::Value::RELATIONSHIP: {
      AG_ASSIGN_OR_RETURN(RelId id, GetRel(r.getRelationship(), e));
      return Value(RelRef{id});
    }
    case rpc::Value::PATH: {
      PathValue p;
      for (auto n : r.getPath().getNodes()) {
        AG_ASSIGN_OR_RETURN(NodeId id, GetNode(n, e));
        p.nodes.push_back(id);
      }
      for (auto x : r.getPath().getRelationships()) {
        AG_ASSIGN_OR_RETURN(RelId id, GetRel(x, e));
        p.rels.push_back(id);
      }
      if (p.nodes.size() != p.rels.size() + 1) return Status::InvalidArgument("malformed path");
      return Value(std::move(p));
    }
    default:
      return Status::InvalidArgument("unknown value type");
  }
}

void SetError(rpc::Error::Builder b, rpc::ErrorKind kind, const std::string& message, int line,
              int column, Status::Code code) {
  b.setStatusCode(static_cast<uint8_t>(code));
  b.setKind(kind);
  b.setMessage(message);
  b.setLine(static_cast<uint32_t>(line > 0 ? line : 0));
  b.setColumn(static_cast<uint32_t>(column > 0 ? column : 0));
}

Status ErrorToStatus(rpc::Error::Reader r) {
  std::string m = r.getMessage();
  const int code = r.getStatusCode();
  if (code > 0 && code <= static_cast<int>(Status::Code::kInternal)) {
    switch (static_cast<Status::Code>(code)) {
      case Status::Code::kInvalidArgument:
        return Status::InvalidArgument(m);
      case Status::Code::kNotFound:
        return Status::NotFound(m);
      case Status::Code::kOntology:
        return Status::Ontology(m);
      case Status::Code::kConflict:
        return Status::Conflict(m);
      case Status::Code::kIOError:
        return Status::IOError(m);
      case Status::Code::kCorruption:
        return Status::Corruption(m);
      case Status::Code::kUnsupported:
        return Status::Unsupported(m);
      case Status::Code::kCancelled:
        return Status::Cancelled(m);
      default:
        return Status::Internal(m);
    }
  }
  switch (r.getKind()) {
    case rpc::ErrorKind::LIMIT:
      return Status::Cancelled(m);
    case rpc::ErrorKind::STORAGE:
      return Status::IOError(m);
    case rpc::ErrorKind::SEMANTIC:
      return Status::Ontology(m);
    case rpc::ErrorKind::PERMISSION:
      return Status::Unsupported(m);
    case rpc::ErrorKind::RUNTIME:
      return Status::Internal(m);
    default:
      return Status::InvalidArgument(m);
  }
}

}  // namespace actorgraph::wire
