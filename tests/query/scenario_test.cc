// Runs the plain-text scenario files in tests/query/scenarios/. A file holds
// scenarios; each has setup statements, one query, and the expected table
// (in order or in any order) or the expected error:
//
//   === a name
//   --- load sahel                  (optional: the bundled Sahel dataset,
//   --- load tests/fixtures/x.jsonl  or any native JSON-lines file)
//   --- setup
//   CREATE (:Person {id: 'a', name: 'A'})
//   --- query
//   MATCH (p:Person) RETURN p.name AS name
//   --- expect any order            (or: expect in order, expect error)
//   name
//   'A'
//
// Table cells are separated by '|'. Values are written as literals: 'text',
// 42, 1.5, true, null, [1, 2], {k: 'v'}, dates as 2022-03, nodes as (id),
// relationships as [:TYPE id], paths as <(a)-[:T]->(b)>. An expected error
// is a piece of text the error message must contain (one line each).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/database.h"
#include "engine/read_view.h"
#include "import/native_loader.h"
#include "query/query_engine.h"
#include "tests/test_util.h"

namespace actorgraph {
namespace {

struct Scenario {
  std::string file;
  int line = 0;
  std::string name;
  std::vector<std::string> loads;  // native JSON-lines files, relative to the repo
  std::vector<std::string> setup;
  std::string query;
  enum class Expect { kOrdered, kAnyOrder, kError } expect = Expect::kAnyOrder;
  std::vector<std::string> expected;  // header then rows, or error fragments
};

std::string Trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\r"), b = s.find_last_not_of(" \t\r");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

std::vector<Scenario> ParseFile(const std::string& path) {
  std::vector<Scenario> out;
  std::ifstream in(path);
  std::string line, section;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.rfind("=== ", 0) == 0) {
      out.push_back({});
      out.back().file = std::filesystem::path(path).filename().string();
      out.back().line = n;
      out.back().name = Trim(line.substr(4));
      section.clear();
      continue;
    }
    if (out.empty()) continue;
    Scenario& s = out.back();
    if (line.rfind("--- ", 0) == 0) {
      section = Trim(line.substr(4));
      if (section == "load sahel") s.loads.push_back("data/sahel/sahel.jsonl");
      else if (section.rfind("load ", 0) == 0) s.loads.push_back(Trim(section.substr(5)));
      if (section == "setup") s.setup.emplace_back();
      if (section == "expect in order") s.expect = Scenario::Expect::kOrdered;
      if (section == "expect any order") s.expect = Scenario::Expect::kAnyOrder;
      if (section == "expect error") s.expect = Scenario::Expect::kError;
      continue;
    }
    if (section == "setup") s.setup.back() += line + "\n";
    else if (section == "query") s.query += line + "\n";
    else if (section.rfind("expect", 0) == 0 && !Trim(line).empty() && line[0] != '#')
      s.expected.push_back(Trim(line));
  }
  return out;
}

std::string Render(const ReadView& view, const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kNode: {
      Node n;
      return view.GetNode(v.as_node(), &n).ok() ? "(" + n.xid + ")" : "(?)";
    }
    case Value::Kind::kRel: {
      Relationship r;
      return view.GetRel(v.as_rel(), &r).ok() ? "[:" + r.type + " " + r.xid + "]" : "[?]";
    }
    case Value::Kind::kPath: {
      const PathValue& p = v.as_path();
      std::string s = "<" + Render(view, Value(NodeRef{p.nodes[0]}));
      for (size_t i = 0; i < p.rels.size(); ++i) {
        Relationship r;
        const bool ok = view.GetRel(p.rels[i], &r).ok();
        const bool fwd = ok && r.src == p.nodes[i];
        s += std::string(fwd ? "-" : "<-") + "[:" + (ok ? r.type : "?") + "]" + (fwd ? "->" : "-") +
             Render(view, Value(NodeRef{p.nodes[i + 1]}));
      }
      return s + ">";
    }
    case Value::Kind::kList: {
      std::string s = "[";
      for (size_t i = 0; i < v.as_list().size(); ++i) s += (i ? ", " : "") + Render(view, v.as_list()[i]);
      return s + "]";
    }
    case Value::Kind::kMap: {
      std::string s = "{";
      bool first = true;
      for (const auto& [k, x] : v.as_map()) {
        s += (first ? "" : ", ") + k + ": " + Render(view, x);
        first = false;
      }
      return s + "}";
    }
    default: return v.ToString();
  }
}

std::string JoinRow(const std::vector<std::string>& cells) {
  std::string s;
  for (size_t i = 0; i < cells.size(); ++i) s += (i ? " | " : "") + cells[i];
  return s;
}

std::string NormalizeRow(const std::string& row) {
  std::vector<std::string> cells;
  std::string cell;
  int depth = 0;
  bool quote = false;
  for (size_t i = 0; i < row.size(); ++i) {
    char c = row[i];
    if (c == '\\' && quote && i + 1 < row.size()) {
      cell += c;
      cell += row[++i];
      continue;
    }
    if (c == '\'') quote = !quote;
    if (!quote && (c == '[' || c == '{' || c == '<')) ++depth;
    if (!quote && (c == ']' || c == '}' || c == '>') && depth > 0) --depth;
    if (c == '|' && !quote && depth == 0) {
      cells.push_back(Trim(cell));
      cell.clear();
      continue;
    }
    cell += c;
  }
  cells.push_back(Trim(cell));
  return JoinRow(cells);
}

void PrintTo(const Scenario& s, std::ostream* os) { *os << s.file << ":" << s.line << " " << s.name; }

class ScenarioTest : public ::testing::TestWithParam<Scenario> {};

TEST_P(ScenarioTest, Runs) {
  const Scenario& s = GetParam();
  SCOPED_TRACE(s.file + ":" + std::to_string(s.line) + " " + s.name);
  testing::TempDir dir;
  auto db = Database::Open(dir.path());
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  for (const auto& file : s.loads) {
    auto txn = (*db)->BeginWrite("load " + file);
    NativeLoader loader(txn.get());
    Status st = loader.LoadFiles({testing::SourcePath(file)});
    ASSERT_TRUE(st.ok()) << st.ToString();
    ASSERT_TRUE(txn->Commit().ok());
  }
  query::QueryEngine engine(db->get());
  for (const auto& stmt : s.setup) {
    auto c = engine.Run(stmt);
    ASSERT_TRUE(c.ok()) << "setup failed: " << stmt << "\n" << c.status().ToString();
  }
  // Errors surface when the statement starts or while its rows stream.
  auto cursor = engine.Run(s.query);
  Status error = cursor.status();
  std::vector<std::vector<Value>> rows;
  while (error.ok()) {
    auto more = (*cursor)->Next(100, &rows);
    if (!more.ok()) error = more.status();
    else if (!*more) break;
  }
  if (s.expect == Scenario::Expect::kError) {
    ASSERT_FALSE(error.ok()) << "expected an error, the query succeeded";
    for (const auto& frag : s.expected)
      EXPECT_NE(error.message().find(frag), std::string::npos)
          << "error message lacks '" << frag << "':\n" << error.message();
    return;
  }
  ASSERT_TRUE(error.ok()) << error.ToString();
  ASSERT_FALSE(s.expected.empty()) << "scenario has no expected header";
  EXPECT_EQ(NormalizeRow(s.expected[0]), JoinRow((*cursor)->columns())) << "columns";
  std::vector<std::string> got, want;
  for (const auto& r : rows) {
    std::vector<std::string> cells;
    for (const auto& v : r) cells.push_back(Render((*cursor)->view(), v));
    got.push_back(JoinRow(cells));
  }
  for (size_t i = 1; i < s.expected.size(); ++i)
    if (s.expected[i] != "(no rows)") want.push_back(NormalizeRow(s.expected[i]));
  if (s.expect == Scenario::Expect::kAnyOrder) {
    std::sort(got.begin(), got.end());
    std::sort(want.begin(), want.end());
  }
  std::string got_text, want_text;
  for (const auto& g : got) got_text += g + "\n";
  for (const auto& w : want) want_text += w + "\n";
  EXPECT_EQ(want_text, got_text);
}

std::vector<Scenario> AllScenarios() {
  std::vector<Scenario> all;
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(testing::SourcePath("tests/query/scenarios")))
    if (e.path().extension() == ".scenario") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  for (const auto& f : files)
    for (auto& s : ParseFile(f)) all.push_back(std::move(s));
  return all;
}

std::string ScenarioName(const ::testing::TestParamInfo<Scenario>& info) {
  std::string n = info.param.file.substr(0, info.param.file.find('.')) + "_" + std::to_string(info.param.line);
  for (char& c : n)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return n;
}

INSTANTIATE_TEST_SUITE_P(Scenarios, ScenarioTest, ::testing::ValuesIn(AllScenarios()), ScenarioName);

}  // namespace
}  // namespace actorgraph
