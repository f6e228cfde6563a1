// list-changes: what changed in a sanctions list between two dates, from the
// list versions imported (import/list_versions.h).
#include <algorithm>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "engine/entity_lookup.h"
#include "engine/read_view.h"
#include "import/list_versions.h"
#include "tools/cli/commands.h"

namespace actorgraph::cli {

namespace {

struct Change {
  std::string kind;  // added, removed, changed
  std::string entity, name, programs;
  std::vector<std::string> versions;  // dates of the versions that show the entity
};

// The newest version published on or before `date`, or null.
const StoredListVersion* InForce(const std::vector<StoredListVersion>& versions, const PartialDate& date) {
  const StoredListVersion* best = nullptr;
  for (const auto& v : versions)
    if (v.published && v.published->first_day() <= date.last_day()) best = &v;
  return best;
}

std::string Programs(const ListEntry& e) {
  std::string out;
  for (const char* key : {"program", "regime"})
    for (const auto& [k, v] : e.props)
      if (k == key && v.kind() == Value::Kind::kString) out += (out.empty() ? "" : "; ") + v.as_string();
  return out;
}

std::string CsvCell(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

int RunListChanges(CliContext& ctx, const Args& args) {
  std::string authority_text, format = "table";
  std::optional<PartialDate> from, to;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const bool has_value = i + 1 < args.size();
    if (a == "--from" || a == "--to") {
      if (!has_value) return Usage("list-changes", a + " needs a date");
      auto d = PartialDate::Parse(args[++i]);
      if (!d.ok()) return Usage("list-changes", a + ": " + d.status().message());
      (a == "--from" ? from : to) = *d;
    } else if (a == "--format") {
      if (!has_value) return Usage("list-changes", "--format needs table, csv or json");
      format = args[++i];
      if (format != "table" && format != "csv" && format != "json")
        return Usage("list-changes", "--format takes table, csv or json");
    } else if (a.rfind("--", 0) == 0) {
      return Usage("list-changes", "unknown option '" + a + "'");
    } else if (authority_text.empty()) {
      authority_text = a;
    } else {
      return Usage("list-changes", "unexpected argument '" + a + "'");
    }
  }
  if (authority_text.empty()) return Usage("list-changes", "name the list's authority (an id or a name)");
  if (!from || !to) return Usage("list-changes", "give both --from DATE and --to DATE");
  auto db = ctx.Db();
  if (!db.ok()) return Fail(db.status());
  auto view = (*db)->Read();

  // The authority: an id or a name, among those that have list versions.
  auto authorities = ListAuthorities(*view);
  if (!authorities.ok()) return Fail(authorities.status());
  std::string authority;
  if (std::find(authorities->begin(), authorities->end(), authority_text) != authorities->end()) {
    authority = authority_text;
  } else {
    auto found = LookupEntity(*view, authority_text);
    if (found.ok())
      for (const auto& m : found->matches) {
        Node n;
        if (view->GetNode(m.node, &n).ok() &&
            std::find(authorities->begin(), authorities->end(), n.xid) != authorities->end())
          authority = n.xid;
      }
  }
  if (authority.empty()) {
    std::string known;
    for (const auto& a : *authorities) known += (known.empty() ? "" : ", ") + a;
    return Fail(Status::NotFound("no sanctions list of '" + authority_text + "' has been imported" +
                                 (known.empty() ? std::string(" (none has)") : "; lists known: " + known)));
  }
  auto versions = ReadListVersions(*view, authority);
  if (!versions.ok()) return Fail(versions.status());
  const StoredListVersion* before = InForce(*versions, *from);
  const StoredListVersion* after = InForce(*versions, *to);

  std::map<std::string, const ListEntry*> old_entries, new_entries;
  if (before)
    for (const auto& e : before->entries) old_entries[e.entity] = &e;
  if (after)
    for (const auto& e : after->entries) new_entries[e.entity] = &e;
  // Dates of the versions that show each entity.
  std::map<std::string, std::vector<std::string>> shown_in;
  for (const auto& v : *versions)
    for (const auto& e : v.entries) shown_in[e.entity].push_back(v.published ? v.published->ToString() : "undated");

  std::vector<Change> changes;
  auto add = [&](const char* kind, const ListEntry& e) {
    Change c{kind, e.entity, "", Programs(e), shown_in[e.entity]};
    if (auto id = view->FindNode(e.entity)) {
      Node n;
      if (view->GetNode(*id, &n).ok()) c.name = n.name;
    }
    changes.push_back(std::move(c));
  };
  for (const auto& [id, e] : new_entries) {
    auto it = old_entries.find(id);
    if (it == old_entries.end()) add("added", *e);
    else if (it->second->digest != e->digest) add("changed", *e);
  }
  for (const auto& [id, e] : old_entries)
    if (!new_entries.count(id)) add("removed", *e);

  auto version_text = [](const StoredListVersion* v) {
    return v ? (v->published ? v->published->ToString() : std::string("undated")) : std::string("none");
  };
  auto& out = std::cout;
  if (format == "json") {
    for (const auto& c : changes)
      out << nlohmann::json{{"change", c.kind}, {"entity", c.entity}, {"name", c.name},
                            {"programs", c.programs}, {"versions", c.versions}}
                 .dump()
          << "\n";
  } else if (format == "csv") {
    out << "change,entity,name,programs,versions\n";
    for (const auto& c : changes) {
      std::string vs;
      for (const auto& v : c.versions) vs += (vs.empty() ? "" : " ") + v;
      out << c.kind << "," << CsvCell(c.entity) << "," << CsvCell(c.name) << "," << CsvCell(c.programs) << ","
          << CsvCell(vs) << "\n";
    }
  } else {
    for (const auto& c : changes) {
      std::string vs;
      for (const auto& v : c.versions) vs += (vs.empty() ? "" : ", ") + v;
      out << c.kind << "\t" << c.entity << "\t" << c.name << "\t" << c.programs << "\t[" << vs << "]\n";
    }
  }
  size_t counts[3] = {0, 0, 0};
  for (const auto& c : changes) ++counts[c.kind == "added" ? 0 : c.kind == "removed" ? 1 : 2];
  ctx.info() << "List of " << authority << ": version in force at " << from->ToString() << ": "
             << version_text(before) << ", at " << to->ToString() << ": " << version_text(after) << "; "
             << counts[0] << " added, " << counts[1] << " removed, " << counts[2] << " changed ("
             << versions->size() << " version(s) imported)\n";
  return 0;
}

}  // namespace actorgraph::cli
