#include "tools/cli/result_format.h"

#include <algorithm>

#include "engine/value_json.h"

namespace actorgraph::cli {

Result<OutputFormat> ParseOutputFormat(const std::string& s) {
  if (s == "table") return OutputFormat::kTable;
  if (s == "csv") return OutputFormat::kCsv;
  if (s == "json") return OutputFormat::kJson;
  return Status::InvalidArgument("unknown format '" + s + "' (table, csv or json)");
}

namespace {

std::string NodeText(const EntityLookup& view, NodeId id) {
  Node n;
  if (!view.GetNode(id, &n)) return "(#" + std::to_string(id) + ")";
  return n.name + " (" + n.xid + ")";
}

std::string NodeXid(const EntityLookup& view, NodeId id) {
  Node n;
  return view.GetNode(id, &n) ? n.xid : "#" + std::to_string(id);
}

std::string RelText(const EntityLookup& view, RelId id) {
  Relationship r;
  if (!view.GetRel(id, &r)) return "[#" + std::to_string(id) + "]";
  std::string s = "(" + NodeXid(view, r.src) + ")-[:" + r.type;
  if (!r.valid.unbounded()) s += " " + r.valid.ToString();
  return s + "]->(" + NodeXid(view, r.dst) + ")";
}

// Values nested in lists and maps keep their literal form ('text').
std::string Nested(const EntityLookup& view, const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kNode:
      return NodeText(view, v.as_node());
    case Value::Kind::kRel:
      return RelText(view, v.as_rel());
    case Value::Kind::kList: {
      std::string s = "[";
      for (size_t i = 0; i < v.as_list().size(); ++i)
        s += (i ? ", " : "") + Nested(view, v.as_list()[i]);
      return s + "]";
    }
    case Value::Kind::kMap: {
      std::string s = "{";
      bool first = true;
      for (const auto& [k, x] : v.as_map()) {
        s += (first ? "" : ", ") + k + ": " + Nested(view, x);
        first = false;
      }
      return s + "}";
    }
    case Value::Kind::kPath:
      return CellText(view, v);
    default:
      return v.ToString();
  }
}

size_t Width(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s)
    n += (c & 0xC0) != 0x80;
  return n;
}

std::string Truncate(const std::string& s, size_t max) {
  if (Width(s) <= max) return s;
  if (max == 0) return "";
  std::string out;
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = s[i];
    if ((c & 0xC0) != 0x80 && ++n > max - 1) break;
    out += s[i];
  }
  return out + "…";
}

// Tables: rows that set the column widths, and the widest cell.
constexpr size_t kTableSampleRows = 1000;
constexpr size_t kTableMaxCell = 160;

std::string CsvEscape(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s)
    out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

std::string CellText(const EntityLookup& view, const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kNull:
      return "";
    case Value::Kind::kString:
      return v.as_string();
    case Value::Kind::kPath: {
      const PathValue& p = v.as_path();
      std::string s = "(" + NodeXid(view, p.nodes[0]) + ")";
      for (size_t i = 0; i < p.rels.size(); ++i) {
        Relationship r;
        const bool ok = view.GetRel(p.rels[i], &r);
        const bool forward = ok && r.src == p.nodes[i];
        s += std::string(forward ? "-" : "<-") + "[:" + (ok ? r.type : "?") + "]" +
             (forward ? "->" : "-") + "(" + NodeXid(view, p.nodes[i + 1]) + ")";
      }
      return s;
    }
    default:
      return Nested(view, v);
  }
}

nlohmann::json ValueJson(const EntityLookup& view, const Value& v) {
  using nlohmann::json;
  switch (v.kind()) {
    case Value::Kind::kNode: {
      Node n;
      if (!view.GetNode(v.as_node(), &n)) return json{{"internal_id", v.as_node()}};
      json props = json::object();
      for (const auto& [k, x] : n.props)
        props[k] = ValueToJson(x, true);
      json j{{"id", n.xid}, {"labels", n.labels}, {"name", n.name}, {"properties", props}};
      if (n.valid.from) j["valid_from"] = n.valid.from->ToString();
      if (n.valid.to) j["valid_to"] = n.valid.to->ToString();
      if (n.valid.to_latest) j["valid_to_latest"] = n.valid.to_latest->ToString();
      return j;
    }
    case Value::Kind::kRel: {
      Relationship r;
      if (!view.GetRel(v.as_rel(), &r)) return json{{"internal_id", v.as_rel()}};
      json props = json::object();
      for (const auto& [k, x] : r.props)
        props[k] = ValueToJson(x, true);
      json j{{"id", r.xid},
             {"type", r.type},
             {"start", NodeXid(view, r.src)},
             {"end", NodeXid(view, r.dst)},
             {"properties", props}};
      j["valid_from"] = r.valid.from ? json(r.valid.from->ToString()) : json(nullptr);
      j["valid_to"] = r.valid.to ? json(r.valid.to->ToString()) : json(nullptr);
      if (r.valid.to_latest) j["valid_to_latest"] = r.valid.to_latest->ToString();
      return j;
    }
    case Value::Kind::kPath: {
      json nodes = json::array(), rels = json::array();
      for (NodeId n : v.as_path().nodes)
        nodes.push_back(ValueJson(view, Value(NodeRef{n})));
      for (RelId r : v.as_path().rels)
        rels.push_back(ValueJson(view, Value(RelRef{r})));
      return json{{"nodes", nodes}, {"relationships", rels}};
    }
    case Value::Kind::kList: {
      json a = json::array();
      for (const auto& x : v.as_list())
        a.push_back(ValueJson(view, x));
      return a;
    }
    case Value::Kind::kMap: {
      json o = json::object();
      for (const auto& [k, x] : v.as_map())
        o[k] = ValueJson(view, x);
      return o;
    }
    default:
      return ValueToJson(v, true);
  }
}

namespace {

// A local cursor as a RowSource: values are described from its snapshot.
class ViewLookup final : public EntityLookup {
 public:
  explicit ViewLookup(const ReadView& v) : v_(v) {}
  bool GetNode(NodeId id, Node* out) const override { return v_.GetNode(id, out).ok(); }
  bool GetRel(RelId id, Relationship* out) const override { return v_.GetRel(id, out).ok(); }

 private:
  const ReadView& v_;
};

class CursorSource final : public RowSource {
 public:
  explicit CursorSource(query::ResultCursor& c) : c_(c), lookup_(c.view()) {}
  const std::vector<std::string>& columns() const override { return c_.columns(); }
  Result<bool> Next(size_t max, std::vector<std::vector<Value>>* rows) override {
    return c_.Next(max, rows);
  }
  const EntityLookup& lookup() const override { return lookup_; }

 private:
  query::ResultCursor& c_;
  ViewLookup lookup_;
};

}  // namespace

std::string CellText(const ReadView& view, const Value& v) {
  return CellText(ViewLookup(view), v);
}

nlohmann::json ValueJson(const ReadView& view, const Value& v) {
  return ValueJson(ViewLookup(view), v);
}

Result<uint64_t> WriteResult(query::ResultCursor& cursor, OutputFormat format, std::ostream& out) {
  CursorSource source(cursor);
  return WriteResult(source, format, out);
}

Result<uint64_t> WriteResult(RowSource& cursor, OutputFormat format, std::ostream& out) {
  const auto& cols = cursor.columns();
  const EntityLookup& view = cursor.lookup();
  uint64_t count = 0;
  std::vector<std::vector<Value>> batch;
  if (format == OutputFormat::kTable) {
    // Column widths come from the header and the first kTableSampleRows
    // rows; later rows stream with those widths (a longer cell is cut and
    // ends in '…'), so memory stays flat on a result of any size.
    std::vector<std::vector<std::string>> sample;
    std::vector<size_t> w(cols.size());
    for (size_t i = 0; i < cols.size(); ++i)
      w[i] = Width(cols[i]);
    auto row = [&](const std::vector<std::string>& line) {
      std::string s;
      for (size_t i = 0; i < line.size(); ++i) {
        const bool last = i + 1 == line.size();
        const std::string cell = last ? line[i] : Truncate(line[i], w[i]);
        s += cell;
        if (!last) s += std::string(w[i] - Width(cell) + 2, ' ');
      }
      while (!s.empty() && s.back() == ' ')
        s.pop_back();
      out << s << '\n';
    };
    auto cells_of = [&](const std::vector<Value>& r) {
      std::vector<std::string> line;
      for (const auto& v : r)
        line.push_back(Truncate(CellText(view, v), kTableMaxCell));
      return line;
    };
    bool more = true, header_done = false;
    auto header = [&] {
      for (const auto& line : sample)
        for (size_t i = 0; i < line.size() && i < w.size(); ++i)
          w[i] = std::max(w[i], Width(line[i]));
      if (!cols.empty()) {
        row(cols);
        std::vector<std::string> rule;
        for (size_t i = 0; i < cols.size(); ++i) {
          std::string dashes;
          for (size_t k = 0; k < w[i]; ++k)
            dashes += "─";
          rule.push_back(dashes);
        }
        row(rule);
      }
      for (const auto& line : sample)
        row(line);
      sample.clear();
      sample.shrink_to_fit();
      header_done = true;
    };
    while (more) {
      batch.clear();
      AG_ASSIGN_OR_RETURN(more, cursor.Next(1024, &batch));
      for (const auto& r : batch) {
        ++count;
        if (header_done) {
          row(cells_of(r));
          continue;
        }
        sample.push_back(cells_of(r));
        if (sample.size() >= kTableSampleRows) header();
      }
    }
    if (!header_done) header();
    return count;
  }
  if (format == OutputFormat::kCsv && !cols.empty()) {
    for (size_t i = 0; i < cols.size(); ++i)
      out << (i ? "," : "") << CsvEscape(cols[i]);
    out << '\n';
  }
  while (true) {
    batch.clear();
    AG_ASSIGN_OR_RETURN(bool more, cursor.Next(1024, &batch));
    for (const auto& r : batch) {
      if (format == OutputFormat::kCsv) {
        for (size_t i = 0; i < r.size(); ++i)
          out << (i ? "," : "") << CsvEscape(CellText(view, r[i]));
        out << '\n';
      } else {
        // Keys in the statement's column order (a json object would sort
        // them), as the table and CSV give them.
        const auto dump = [](const nlohmann::json& j) {
          return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        };
        out << '{';
        for (size_t i = 0; i < r.size(); ++i)
          out << (i ? "," : "") << dump(cols[i]) << ':' << dump(ValueJson(view, r[i]));
        out << "}\n";
      }
      ++count;
    }
    if (!more) break;
  }
  return count;
}

bool WantsProfile(const std::string& text) {
  return text.find("PROFILE") != std::string::npos || text.find("profile") != std::string::npos;
}

void PrintRunReport(const RunReport& r, bool profile, bool stats, OutputFormat format,
                    std::ostream& info) {
  if (profile && !r.plan.empty() && r.columns != std::vector<std::string>{"plan"})
    info << "\nProfile:\n" << r.plan;
  if (stats && format == OutputFormat::kTable)
    info << "(" << r.rows << " row" << (r.rows == 1 ? "" : "s") << ", "
         << static_cast<int64_t>(r.ms * 1000) / 1000.0 << " ms)\n";
  if (stats && !r.summary.empty()) info << r.summary << "\n";
  if (stats && !r.notices.empty()) info << r.notices << "\n";
}

}  // namespace actorgraph::cli
