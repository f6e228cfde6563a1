// A fixture for Cypher tests on a database of their own: open it (open
// schema, or with an ontology), run statements, compare their rows as text.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "engine/database.h"
#include "query/query_engine.h"
#include "tests/test_util.h"

namespace actorgraph::testing {

class QueryFixture : public ::testing::Test {
 protected:
  // (Re)opens the database in dir_: open schema, or checked against
  // `ontology` (the default ontology when empty).
  void Open(bool open_schema = true, const std::string& ontology = "") {
    engine_.reset();
    db_.reset();
    OpenOptions o;
    o.open_schema = open_schema;
    o.ontology_text = ontology;
    o.adjacency_cache = adjacency_cache_;
    auto db = Database::Open(dir_.path(), o);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    engine_ = std::make_unique<query::QueryEngine>(db_.get());
  }
  // Runs a statement; returns its rows as text ("a | b\n" a row), or
  // "error: " and the message. `plan`: receives the plan text (with rows per
  // operator for a PROFILE statement).
  std::string Run(const std::string& text, std::map<std::string, Value> params = {},
                  std::string* plan = nullptr) {
    query::RunOptions ro;
    ro.params = std::move(params);
    ro.memory_limit = memory_limit_;
    auto c = engine_->Run(text, ro);
    if (!c.ok()) return "error: " + c.status().message();
    std::vector<std::vector<Value>> rows;
    while (true) {
      auto more = (*c)->Next(100, &rows);
      if (!more.ok()) return "error: " + more.status().message();
      if (!*more) break;
    }
    if (plan) *plan = (*c)->PlanText();
    std::string out;
    for (const auto& row : rows) {
      for (size_t i = 0; i < row.size(); ++i)
        out += (i ? " | " : "") + row[i].ToString();
      out += "\n";
    }
    return out;
  }

  // The lines of Run's text, one row each.
  static std::vector<std::string> Lines(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string line; std::getline(in, line);)
      out.push_back(line);
    return out;
  }

  TempDir dir_;
  uint64_t memory_limit_ = 0;  // bytes; Run's queries get it as their memory budget
  // kEager: the in-memory adjacency is built on the first request, so small
  // test graphs take the paths that need it (kOn waits for a heavy request).
  AdjacencyCacheMode adjacency_cache_ = AdjacencyCacheMode::kOn;
  std::unique_ptr<Database> db_;
  std::unique_ptr<query::QueryEngine> engine_;
};

}  // namespace actorgraph::testing
