// Neo4j admin-import CSV: node files (a column ":ID", optionally ":ID(Space)"
// and ":LABEL") and relationship files (":START_ID", ":END_ID", ":TYPE").
// Other columns are properties, typed by a suffix: name:int, since:date,
// tags:string[] (array elements separated by ';'). Every node file is read
// before any relationship file, whatever the order on the command line.
//
// Mapping: a node's id is the :ID value ("Space:value" with an id space);
// its name comes from a column name/title (else the id); an aliases:string[]
// column gives aliases; valid_from/valid_to columns give the interval.
// Relationship ids derive from their content, so re-imports match.
#include <cctype>
#include <fstream>

#include "common/ascii.h"
#include "import/csv_drain.h"
#include "import/identifiers.h"
#include "import/importer.h"
#include "import/loose_date.h"

namespace actorgraph {

namespace {

struct Column {
  std::string name;   // property name; empty for special columns
  std::string type;   // int, float, boolean, date, string, … ("[]" suffix: array)
  std::string role;   // ID, LABEL, START_ID, END_ID, TYPE, IGNORE or empty
  std::string space;  // id space
};

Column ParseColumn(const std::string& h) {
  Column c;
  const size_t colon = h.find(':');
  if (colon == std::string::npos) {
    c.name = h;
    c.type = "string";
    return c;
  }
  c.name = h.substr(0, colon);
  std::string t = h.substr(colon + 1);
  if (size_t p = t.find('('); p != std::string::npos && t.back() == ')') {
    c.space = t.substr(p + 1, t.size() - p - 2);
    t = t.substr(0, p);
  }
  for (const char* role : {"ID", "LABEL", "START_ID", "END_ID", "TYPE", "IGNORE"})
    if (t == role) c.role = role;
  c.type = c.role.empty() ? LowerAscii(t) : "";
  return c;
}

Result<Value> Convert(const std::string& text, const std::string& type) {
  if (type.size() > 2 && type.substr(type.size() - 2) == "[]") {
    ValueList list;
    const std::string elem = type.substr(0, type.size() - 2);
    size_t start = 0;
    while (start <= text.size()) {
      size_t end = text.find(';', start);
      if (end == std::string::npos) end = text.size();
      AG_ASSIGN_OR_RETURN(Value v, Convert(text.substr(start, end - start), elem));
      list.push_back(std::move(v));
      start = end + 1;
    }
    return Value(std::move(list));
  }
  if (type == "int" || type == "long" || type == "short" || type == "byte") {
    char* end = nullptr;
    const long long v = std::strtoll(text.c_str(), &end, 10);
    if (text.empty() || *end) return Status::InvalidArgument("'" + text + "' is not an integer");
    return Value(static_cast<int64_t>(v));
  }
  if (type == "float" || type == "double") {
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || *end) return Status::InvalidArgument("'" + text + "' is not a number");
    return Value(v);
  }
  if (type == "boolean" || type == "bool") {
    if (text == "true" || text == "TRUE" || text == "True") return Value(true);
    if (text == "false" || text == "FALSE" || text == "False") return Value(false);
    return Status::InvalidArgument("'" + text + "' is not true or false");
  }
  if (type == "date" || type == "localdatetime" || type == "datetime") {
    auto d = ParseLooseDate(text);
    if (!d) return Status::InvalidArgument("'" + text + "' is not a date");
    return Value(*d);
  }
  if (type == "string" || type.empty()) return Value(text);
  return Status::InvalidArgument("unknown column type '" + type + "'");
}

std::string IdIn(const Column& c, const std::string& v) {
  return c.space.empty() ? v : c.space + ":" + v;
}

class Neo4jCsvImporter : public Importer {
 public:
  Status Run(const std::vector<std::string>& files, ImportSink* sink) override {
    std::vector<std::string> node_files, rel_files;
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      if (!in) return Status::IOError(f + ": cannot open");
      uint64_t ignored = 0;
      LineReader lines(&in, sink->options().encoding, &ignored);
      CsvReader csv(&lines);
      CsvRecord header;
      if (!csv.Next(&header)) return Status::InvalidArgument(f + ": empty file, no header");
      bool start = false, id = false;
      for (const auto& h : header.fields) {
        const Column c = ParseColumn(h);
        start |= c.role == "START_ID";
        id |= c.role == "ID";
      }
      if (start)
        rel_files.push_back(f);
      else if (id)
        node_files.push_back(f);
      else
        return Status::InvalidArgument(f + ":1: header: no ':ID' or ':START_ID' column");
    }
    for (const auto& f : node_files)
      AG_RETURN_IF_ERROR(File(f, false, sink));
    for (const auto& f : rel_files)
      AG_RETURN_IF_ERROR(File(f, true, sink));
    return Status::OK();
  }

 private:
  Status File(const std::string& f, bool rels, ImportSink* sink) {
    AG_RETURN_IF_ERROR(sink->SetFileDocument("neo4j-csv", f, "Neo4j admin-import CSV"));
    std::ifstream in(f, std::ios::binary);
    LineReader lines(&in, sink->options().encoding, sink->bytes_counter());
    CsvReader csv(&lines);
    CsvRecord rec;
    if (!csv.Next(&rec)) return csv.status().WithContext(f);
    std::vector<Column> cols;
    for (const auto& h : rec.fields)
      cols.push_back(ParseColumn(h));
    return DrainCsv(f, &lines, &csv, sink, [&](const CsvRecord& rec) {
      const std::string where = "line " + std::to_string(rec.line);
      RecordWrites w;
      Status s = rels ? Rel(cols, rec, f, where, &w) : NodeRow(cols, rec, where, &w);
      return s.ok() ? sink->Submit(&w, f, where, rec.raw) : sink->Reject(f, where, s, rec.raw);
    });
  }

  Status Props(const std::vector<Column>& cols, const CsvRecord& r, ValueMap* props,
               ValidInterval* valid, std::vector<Alias>* aliases, std::string* name) {
    if (r.fields.size() != cols.size())
      return Status::InvalidArgument("expected " + std::to_string(cols.size()) +
                                     " columns, found " + std::to_string(r.fields.size()));
    for (size_t i = 0; i < cols.size(); ++i) {
      const Column& c = cols[i];
      if (!c.role.empty() || c.name.empty() || r.fields[i].empty()) continue;
      auto v = Convert(r.fields[i], c.type);
      if (!v.ok()) return v.status().WithContext("column '" + c.name + "'");
      if (c.name == "valid_from" || c.name == "valid_to") {
        auto d = ParseLooseDate(r.fields[i]);
        if (!d) return Status::InvalidArgument("column '" + c.name + "': not a date");
        (c.name == "valid_from" ? valid->from : valid->to) = *d;
      } else if (name && (c.name == "name" || (c.name == "title" && name->empty()))) {
        *name = r.fields[i];
      } else if (aliases && c.name == "aliases") {
        for (const auto& a : v->kind() == Value::Kind::kList ? v->as_list() : ValueList{*v})
          if (a.kind() == Value::Kind::kString) aliases->push_back({a.as_string(), {}});
      } else {
        props->emplace_back(c.name, std::move(v).value());
      }
    }
    return Status::OK();
  }

  Status NodeRow(const std::vector<Column>& cols, const CsvRecord& r, const std::string& where,
                 RecordWrites* w) {
    Node n;
    AG_RETURN_IF_ERROR(Props(cols, r, &n.props, &n.valid, &n.aliases, &n.name));
    for (size_t i = 0; i < cols.size(); ++i) {
      if (cols[i].role == "ID") n.xid = IdIn(cols[i], r.fields[i]);
      if (cols[i].role == "LABEL") {
        size_t start = 0;
        const std::string& v = r.fields[i];
        while (start <= v.size()) {
          size_t end = v.find(';', start);
          if (end == std::string::npos) end = v.size();
          std::string l = Trim(v.substr(start, end - start));
          if (!l.empty()) n.labels.push_back(l);
          start = end + 1;
        }
      }
    }
    if (n.xid.empty() || n.xid.back() == ':') return Status::InvalidArgument("column ':ID': empty");
    if (n.labels.empty()) return Status::InvalidArgument("column ':LABEL': no label");
    if (n.name.empty()) n.name = n.xid;
    w->Node(n);
    w->Claim({TargetKind::kNode, n.xid, "", {}, where, "", "", "", Stance::kAsserts});
    return Status::OK();
  }

  Status Rel(const std::vector<Column>& cols, const CsvRecord& r, const std::string& f,
             const std::string& where, RecordWrites* w) {
    Relationship rel;
    AG_RETURN_IF_ERROR(Props(cols, r, &rel.props, &rel.valid, nullptr, nullptr));
    std::string src, dst;
    for (size_t i = 0; i < cols.size(); ++i) {
      if (cols[i].role == "START_ID") src = IdIn(cols[i], r.fields[i]);
      if (cols[i].role == "END_ID") dst = IdIn(cols[i], r.fields[i]);
      if (cols[i].role == "TYPE") rel.type = r.fields[i];
    }
    if (src.empty()) return Status::InvalidArgument("column ':START_ID': empty");
    if (dst.empty()) return Status::InvalidArgument("column ':END_ID': empty");
    if (rel.type.empty()) return Status::InvalidArgument("column ':TYPE': empty");
    // Content-derived: the same row gives the same id, another row another.
    std::string content;
    for (const auto& field : r.fields)
      content += field + "\x1f";
    rel.xid = rel.type + ":" + src + ":" + dst + ":" + ShortHash(content).substr(0, 8);
    w->Rel(rel, src, dst);
    w->Claim({TargetKind::kRel, rel.xid, "", {}, where, "", "", "", Stance::kAsserts});
    return Status::OK();
  }
};

}  // namespace

std::unique_ptr<Importer> MakeNeo4jCsvImporter() {
  return std::make_unique<Neo4jCsvImporter>();
}

}  // namespace actorgraph
