#include "tests/tck/tck_runner.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "common/model.h"
#include "engine/database.h"
#include "engine/read_view.h"
#include "query/query_engine.h"
#include "tests/tck/tck_procedure.h"
#include "tests/tck/tck_value.h"

namespace actorgraph::tck {

namespace fs = std::filesystem;

namespace {

bool StartsWith(const std::string& s, const char* p) {
  return s.rfind(p, 0) == 0;
}

// An engine error as a cause category: the first line, without positions,
// quoted names and "did you mean", so that like failures group together.
std::string ErrorCategory(const Status& s) {
  std::string m = s.message();
  m = m.substr(0, m.find('\n'));
  static const std::regex kPos(" at line \\d+, column \\d+");
  m = std::regex_replace(m, kPos, "");
  static const std::regex kKind("^(syntax|semantic|type) error: ");
  m = std::regex_replace(m, kKind, "");
  if (size_t p = m.find("; did you mean"); p != std::string::npos) m.resize(p);
  // Names of functions and procedures are the cause itself; others vary.
  if (m.find("function") == std::string::npos && m.find("procedure") == std::string::npos) {
    static const std::regex kQuoted("'[^']*'");
    m = std::regex_replace(m, kQuoted, "'…'");
  }
  static const std::regex kNumber("\\b\\d+\\b");
  m = std::regex_replace(m, kNumber, "N");
  if (m.size() > 100) m = m.substr(0, 100) + "…";
  return std::string(query::ErrorKindName(query::ToQueryError(s).kind)) + ": " + m;
}

// What the graph holds, for side effects: the TCK counts them as the
// difference between the graph before and after the query.
struct GraphState {
  std::set<NodeId> nodes;
  std::set<RelId> rels;
  std::set<std::string> labels;
  std::set<std::string> props;  // "n<id>.<key>=<value>" and "r<id>...."
};

GraphState Snapshot(Database* db) {
  GraphState g;
  auto view = db->Read();
  (void)view->ForEachNode([&](NodeId id) {
    Node n;
    if (!view->GetNode(id, &n).ok()) return true;
    g.nodes.insert(id);
    for (const auto& l : n.labels)
      g.labels.insert(l);
    for (const auto& [k, v] : n.props)
      g.props.insert("n" + std::to_string(id) + "." + k + "=" + Canonical(FromValue(v, *view)));
    return true;
  });
  (void)view->ForEachRel([&](const Relationship& r) {
    g.rels.insert(r.id);
    for (const auto& [k, v] : r.props)
      g.props.insert("r" + std::to_string(r.id) + "." + k + "=" + Canonical(FromValue(v, *view)));
    return true;
  });
  return g;
}

template <typename T>
int64_t Missing(const std::set<T>& a, const std::set<T>& b) {  // in a, not in b
  int64_t n = 0;
  for (const auto& x : a)
    n += b.count(x) == 0;
  return n;
}

std::map<std::string, int64_t> SideEffects(const GraphState& before, const GraphState& after) {
  std::map<std::string, int64_t> e = {
      {"+nodes", Missing(after.nodes, before.nodes)},
      {"-nodes", Missing(before.nodes, after.nodes)},
      {"+relationships", Missing(after.rels, before.rels)},
      {"-relationships", Missing(before.rels, after.rels)},
      {"+labels", Missing(after.labels, before.labels)},
      {"-labels", Missing(before.labels, after.labels)},
      {"+properties", Missing(after.props, before.props)},
      {"-properties", Missing(before.props, after.props)},
  };
  return e;
}

std::string EffectsText(const std::map<std::string, int64_t>& e) {
  std::string s;
  for (const auto& [k, v] : e)
    if (v) s += (s.empty() ? "" : " ") + k + " " + std::to_string(v);
  return s.empty() ? "none" : s;
}

struct QueryResult {
  bool ran = false;
  Status error;
  std::vector<std::string> columns;
  std::vector<std::vector<Lit>> rows;
  bool has_effects = false;
  std::map<std::string, int64_t> effects;
};

// Opening a database costs more than most scenarios (RocksDB writes and
// re-reads its OPTIONS file per column family), so scenarios on an empty
// graph without setup first run read-only on one shared empty database, and
// move to a fresh one when their statement writes.
struct SharedEmpty {
  std::string dir;
  std::unique_ptr<Database> db;
  std::unique_ptr<query::QueryEngine> engine;
};

SharedEmpty& Shared() {
  static SharedEmpty* s = new SharedEmpty();  // closed by CloseSharedDatabase
  return *s;
}

Result<std::unique_ptr<Database>> NewDatabase(const std::string& dir, bool open_schema) {
  OpenOptions opts;
  opts.open_schema = open_schema;
  opts.in_memory = true;  // on disk, opening costs 100 ms and more
  return Database::Open(dir, opts);
}

std::string NewDir(const std::string& root) {
  static std::atomic<uint64_t> counter{0};
  return (fs::path(root) / ("tck-" + std::to_string(getpid()) + "-" + std::to_string(counter++)))
      .string();
}

class ScenarioRun {
 public:
  ScenarioRun(const Scenario& s, const RunnerOptions& o) : s_(s), o_(o) {}

  Outcome Run() {
    Outcome out = Steps();
    engine_.reset();
    own_db_.reset();
    if (!dir_.empty()) {
      std::error_code ec;
      fs::remove_all(dir_, ec);
    }
    return out;
  }

 private:
  Outcome Fail(std::string category, std::string detail = "") {
    return {false, std::move(category), std::move(detail)};
  }

  Status OpenDb() {
    dir_ = NewDir(o_.db_root);
    auto db = NewDatabase(dir_, o_.open_schema);
    if (!db.ok()) return db.status();
    own_db_ = std::move(db).value();
    engine_ = std::make_unique<query::QueryEngine>(own_db_.get());
    db_ = own_db_.get();
    run_engine_ = engine_.get();
    shared_ = false;
    return Status::OK();
  }

  Status UseShared() {
    SharedEmpty& s = Shared();
    if (!s.db) {
      s.dir = NewDir(o_.db_root);
      auto db = NewDatabase(s.dir, o_.open_schema);
      if (!db.ok()) return db.status();
      s.db = std::move(db).value();
      s.engine = std::make_unique<query::QueryEngine>(s.db.get());
    }
    db_ = s.db.get();
    run_engine_ = s.engine.get();
    shared_ = true;
    return Status::OK();
  }

  // Whether the scenario needs nothing but an empty graph.
  bool EmptyGraphOnly() const {
    for (const Step& step : s_.steps) {
      const std::string& t = step.text;
      if (t == "having executed:" || StartsWith(t, "there exists a procedure") ||
          (StartsWith(t, "the ") && t.ends_with(" graph")))
        return false;
    }
    return true;
  }

  QueryResult Execute(const std::string& text, bool effects) {
    QueryResult r;
    r.ran = true;
    GraphState before;
    if (effects) before = Snapshot(db_);
    query::RunOptions ro;
    ro.params = params_;
    ro.time_limit = o_.time_limit;
    ro.read_only = shared_;
    auto cursor = run_engine_->Run(text, ro);
    if (!cursor.ok() && shared_ &&
        cursor.status().message().find("may only read") != std::string::npos) {
      // A writing statement: run it again on a database of its own.
      Status st = OpenDb();
      if (!st.ok()) {
        r.error = st;
        return r;
      }
      return Execute(text, effects);
    }
    if (!cursor.ok()) {
      r.error = cursor.status();
      return r;
    }
    r.columns = (*cursor)->columns();
    std::vector<std::vector<Value>> rows;
    while (true) {
      auto more = (*cursor)->Next(256, &rows);
      if (!more.ok()) {
        r.error = more.status();
        return r;
      }
      if (!*more) break;
    }
    for (const auto& row : rows) {
      std::vector<Lit> lits;
      for (const auto& v : row)
        lits.push_back(FromValue(v, (*cursor)->view()));
      r.rows.push_back(std::move(lits));
    }
    cursor->reset();
    if (effects) {
      r.has_effects = true;
      r.effects = SideEffects(before, Snapshot(db_));
    }
    return r;
  }

  std::string RowsText(const std::vector<std::string>& rows) {
    std::string s;
    for (size_t i = 0; i < rows.size() && i < 12; ++i)
      s += "\n    " + rows[i];
    if (rows.size() > 12) s += "\n    … " + std::to_string(rows.size() - 12) + " more";
    return s;
  }

  Outcome CompareRows(const Step& step) {
    if (!result_.ran) return Fail("runner: a result step before a query");
    if (!result_.error.ok())
      return Fail("query failed: " + ErrorCategory(result_.error), result_.error.message());
    const bool ordered = step.text.find("in order") != std::string::npos;
    const bool sort_lists = step.text.find("ignoring element order for lists") != std::string::npos;
    if (step.table.empty()) return Fail("runner: result table without a header");
    const auto& header = step.table[0];
    if (header != result_.columns) {
      std::string want, got;
      for (const auto& c : header)
        want += (want.empty() ? "" : " | ") + c;
      for (const auto& c : result_.columns)
        got += (got.empty() ? "" : " | ") + c;
      return Fail("wrong columns", "expected columns: " + want + "\n  got: " + got);
    }
    std::vector<std::string> want, got;
    for (size_t r = 1; r < step.table.size(); ++r) {
      std::string row;
      for (const auto& cell : step.table[r]) {
        auto lit = ParseLit(cell);
        if (!lit.ok())
          return Fail("runner: cannot parse an expected value", lit.status().message());
        row += (row.empty() ? "" : " | ") + Canonical(*lit, sort_lists);
      }
      want.push_back(row);
    }
    for (const auto& lits : result_.rows) {
      std::string row;
      for (const auto& l : lits)
        row += (row.empty() ? "" : " | ") + Canonical(l, sort_lists);
      got.push_back(row);
    }
    if (!ordered) {
      std::sort(want.begin(), want.end());
      std::sort(got.begin(), got.end());
    }
    if (want == got) return {true, "", ""};
    std::string detail = "expected:" + RowsText(want) + "\n  got:" + RowsText(got);
    if (want.size() != got.size()) return Fail("wrong number of rows", detail);
    if (ordered) {
      auto w = want, g = got;
      std::sort(w.begin(), w.end());
      std::sort(g.begin(), g.end());
      if (w == g) return Fail("wrong row order", detail);
    }
    return Fail("wrong values", detail);
  }

  Outcome CheckError(const Step& step) {
    // "a TypeError should be raised at runtime: InvalidArgumentType"
    static const std::regex kRe("an? (\\w+) should be raised at ([a-z ]+): (.*)");
    std::smatch m;
    if (!std::regex_match(step.text, m, kRe))
      return Fail("runner: unknown step '" + step.text + "'");
    const std::string type = m[1], phase = m[2], detail = m[3];
    if (!result_.ran) return Fail("runner: an error step before a query");
    if (result_.error.ok())
      return Fail("error expected, none raised: " + type + " " + detail,
                  "expected " + type + " at " + phase + ": " + detail);
    const query::ErrorKind got = query::ToQueryError(result_.error).kind;
    using EK = query::ErrorKind;
    bool ok;
    if (type == "SyntaxError" || type == "SemanticError")
      ok = got == EK::kSyntax || got == EK::kSemantic;
    else if (type == "TypeError")
      ok = got == EK::kType || (phase == "compile time" && got == EK::kSemantic);
    else
      ok = got != EK::kStorage && got != EK::kLimit && got != EK::kNone;
    if (ok) return {true, "", ""};
    return Fail("wrong error kind: " + type + " " + detail + " expected, " +
                    query::ErrorKindName(got) + " raised",
                "expected " + type + " at " + phase + ": " + detail +
                    "\n  got: " + result_.error.message());
  }

  Outcome CheckEffects(const Step& step) {
    if (!result_.error.ok()) return {true, "", ""};  // reported by the result step
    if (!result_.has_effects) return Fail("runner: side effects without a query");
    std::map<std::string, int64_t> want;
    for (const auto& k : {"+nodes", "-nodes", "+relationships", "-relationships", "+labels",
                          "-labels", "+properties", "-properties"})
      want[k] = 0;
    if (step.text == "the side effects should be:") {
      for (const auto& row : step.table) {
        if (row.size() < 2 || !want.count(row[0])) return Fail("runner: bad side effects row");
        want[row[0]] = std::stoll(row[1]);
      }
    }
    if (want == result_.effects) return {true, "", ""};
    return Fail("wrong side effects",
                "expected: " + EffectsText(want) + "\n  got: " + EffectsText(result_.effects));
  }

  Outcome Setup(const std::string& text, const char* what) {
    QueryResult r = Execute(text, false);
    if (!r.error.ok())
      return Fail(std::string(what) + " failed: " + ErrorCategory(r.error),
                  r.error.message() + "\n  statement: " + text);
    return {true, "", ""};
  }

  Outcome Steps() {
    Status st = EmptyGraphOnly() ? UseShared() : OpenDb();
    if (!st.ok()) return Fail("runner: cannot open a database", st.ToString());
    bool checked = false;
    for (const Step& step : s_.steps) {
      const std::string& t = step.text;
      Outcome o{true, "", ""};
      if (t == "an empty graph" || t == "any graph") {
        continue;
      } else if (StartsWith(t, "the ") && t.size() > 10 && t.ends_with(" graph")) {
        const std::string name = t.substr(4, t.size() - 10);
        std::ifstream in(fs::path(o_.graphs_dir) / name / (name + ".cypher"));
        if (!in) return Fail("runner: no graph '" + name + "'");
        std::stringstream ss;
        ss << in.rdbuf();
        std::string text = ss.str();
        while (!text.empty() && (text.back() == '\n' || text.back() == ';' || text.back() == ' '))
          text.pop_back();
        o = Setup(text, "loading a named graph");
      } else if (t == "having executed:") {
        o = Setup(step.doc, "setup");
      } else if (t == "parameters are:") {
        for (const auto& row : step.table) {
          if (row.size() < 2) return Fail("runner: bad parameter row");
          auto lit = ParseLit(row[1]);
          if (!lit.ok()) return Fail("runner: cannot parse a parameter", lit.status().message());
          auto v = ToValue(*lit);
          if (!v.ok()) return Fail("runner: " + v.status().message());
          params_[row[0]] = *v;
        }
      } else if (StartsWith(t, "there exists a procedure ")) {
        // Procedures live in an engine, so the scenario needs its own.
        if (shared_ || !engine_) {
          Status st = OpenDb();
          if (!st.ok()) return Fail("runner: " + st.message());
        }
        auto proc = MakeTableProcedure(t.substr(std::string("there exists a procedure ").size()),
                                       step.table);
        if (!proc.ok()) return Fail(proc.status().message());
        engine_->procedures().Register(std::move(proc).value());
      } else if (t == "executing query:") {
        result_ = Execute(step.doc, true);
      } else if (t == "executing control query:") {
        result_ = Execute(step.doc, false);
      } else if (t == "the result should be empty") {
        checked = true;
        if (!result_.error.ok())
          return Fail("query failed: " + ErrorCategory(result_.error), result_.error.message());
        if (!result_.rows.empty())
          return Fail("wrong number of rows",
                      "expected none, got " + std::to_string(result_.rows.size()));
      } else if (StartsWith(t, "the result should be")) {
        checked = true;
        o = CompareRows(step);
      } else if (t.find("should be raised at") != std::string::npos) {
        checked = true;
        o = CheckError(step);
      } else if (t == "no side effects" || t == "the side effects should be:") {
        o = CheckEffects(step);
      } else {
        return Fail("runner: unknown step '" + t + "'");
      }
      if (!o.passed) return o;
    }
    if (!checked) return Fail("runner: scenario checks nothing");
    return {true, "", ""};
  }

  const Scenario& s_;
  const RunnerOptions& o_;
  std::string dir_;
  std::unique_ptr<Database> own_db_;
  std::unique_ptr<query::QueryEngine> engine_;
  Database* db_ = nullptr;  // own_db_ or the shared empty one
  query::QueryEngine* run_engine_ = nullptr;
  bool shared_ = false;
  std::map<std::string, Value> params_;
  QueryResult result_;
};

}  // namespace

Outcome RunScenario(const Scenario& s, const RunnerOptions& options) {
  return ScenarioRun(s, options).Run();
}

void CloseSharedDatabase() {
  SharedEmpty& s = Shared();
  s.engine.reset();
  s.db.reset();
  if (!s.dir.empty()) {
    std::error_code ec;
    fs::remove_all(s.dir, ec);
    s.dir.clear();
  }
}

}  // namespace actorgraph::tck
