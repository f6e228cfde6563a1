// What a statement does when it runs into trouble: run-time errors point at
// the failing expression; the time limit holds inside one long expression;
// a statement without RETURN yields no rows; FOR VALID_TIME says when it
// kept undated relationships.
#include <gtest/gtest.h>

#include "engine/database.h"
#include "query/query_engine.h"
#include "tests/test_util.h"

namespace actorgraph::query {
namespace {

class RuntimeErrorsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::move(Database::Open(dir_.path())).value();
    engine_ = std::make_unique<QueryEngine>(db_.get());
  }

  // Runs `text` to the end; returns its status, the rows in *rows.
  Status Drain(const std::string& text, const RunOptions& options = {},
               std::vector<std::vector<Value>>* rows = nullptr,
               std::unique_ptr<ResultCursor>* keep = nullptr) {
    auto cursor = engine_->Run(text, options);
    if (!cursor.ok()) return cursor.status();
    std::vector<std::vector<Value>> got;
    while (true) {
      auto more = (*cursor)->Next(100, &got);
      if (!more.ok()) return more.status();
      if (!*more) break;
    }
    if (rows) *rows = std::move(got);
    if (keep) *keep = std::move(*cursor);
    return Status::OK();
  }

  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<QueryEngine> engine_;
};

TEST_F(RuntimeErrorsTest, DivisionByZeroGivesLineColumnAndCaret) {
  Status s = Drain("WITH 1 AS one\nRETURN one / 0 AS x");
  ASSERT_FALSE(s.ok());
  const QueryError e = ToQueryError(s);
  EXPECT_EQ(e.kind, ErrorKind::kRuntime) << s.message();
  EXPECT_EQ(e.line, 2) << s.message();
  EXPECT_EQ(e.column, 8) << s.message();
  EXPECT_NE(s.message().find("runtime error at line 2, column 8"), std::string::npos)
      << s.message();
  EXPECT_NE(s.message().find("division by zero"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("  RETURN one / 0 AS x\n         ^"), std::string::npos)
      << s.message();
}

TEST_F(RuntimeErrorsTest, TypeErrorInAFunctionPointsAtTheCall) {
  Status s = Drain("UNWIND [1] AS x RETURN x, toInteger([]) AS bad");
  ASSERT_FALSE(s.ok());
  const QueryError e = ToQueryError(s);
  EXPECT_EQ(e.kind, ErrorKind::kType) << s.message();
  EXPECT_EQ(e.line, 1) << s.message();
  EXPECT_EQ(e.column, 27) << s.message();
  EXPECT_NE(s.message().find("toInteger([])"), std::string::npos) << s.message();
}

TEST_F(RuntimeErrorsTest, TheInnermostFailingExpressionIsTheOneShown) {
  // The failing property read is inside a list comprehension inside a sum.
  // range() is typed only at run time, so the binder lets it through.
  Status s = Drain("RETURN 1 + size([x IN range(1, 2) | x.name]) AS n");
  ASSERT_FALSE(s.ok());
  const QueryError e = ToQueryError(s);
  EXPECT_EQ(e.kind, ErrorKind::kType) << s.message();
  EXPECT_EQ(e.column, 37) << s.message();
}

TEST_F(RuntimeErrorsTest, AStaticallyWrongOperandFailsBeforeRunning) {
  // The list's elements are integers, so x.name cannot work: openCypher's
  // compile-time InvalidArgumentType, pointing at the operand.
  Status s = Drain("RETURN 1 + size([x IN [1, 2] | x.name]) AS n");
  ASSERT_FALSE(s.ok());
  const QueryError e = ToQueryError(s);
  EXPECT_EQ(e.kind, ErrorKind::kSemantic) << s.message();
  EXPECT_EQ(e.column, 32) << s.message();
  EXPECT_NE(s.message().find("not an integer"), std::string::npos) << s.message();
}

TEST_F(RuntimeErrorsTest, TimeLimitStopsOneLongExpression) {
  // Quadratic: 300 000 list copies of growing size; hours without a check.
  RunOptions o;
  o.time_limit = std::chrono::milliseconds(300);
  Status s = Drain("RETURN size(reduce(acc = [], x IN range(1, 300000) | acc + [x])) AS n", o);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(ToQueryError(s).kind, ErrorKind::kLimit) << s.message();
  EXPECT_NE(s.message().find("time limit"), std::string::npos) << s.message();
  // The same for a list comprehension and a quantifier over a long list.
  s = Drain("RETURN size([x IN range(1, 300000) | reduce(a = 0, y IN range(1, x) | a + y)]) AS n",
            o);
  EXPECT_EQ(ToQueryError(s).kind, ErrorKind::kLimit) << s.message();
  s = Drain("RETURN any(x IN range(1, 300000) WHERE size(range(1, x)) < 0) AS n", o);
  EXPECT_EQ(ToQueryError(s).kind, ErrorKind::kLimit) << s.message();
}

TEST_F(RuntimeErrorsTest, CancellationStopsOneLongExpression) {
  std::atomic<bool> cancel{true};
  RunOptions o;
  o.cancel = &cancel;
  Status s = Drain("RETURN size(reduce(acc = [], x IN range(1, 300000) | acc + [x])) AS n", o);
  EXPECT_EQ(ToQueryError(s).kind, ErrorKind::kLimit) << s.message();
}

TEST_F(RuntimeErrorsTest, AWriteWithoutReturnHasNoRows) {
  std::vector<std::vector<Value>> rows;
  std::unique_ptr<ResultCursor> cursor;
  ASSERT_TRUE(Drain("UNWIND range(1, 3) AS i CREATE (:Person {id: 'p' + toString(i), name: 'P'})",
                    {}, &rows, &cursor)
                  .ok());
  EXPECT_TRUE(rows.empty()) << rows.size() << " rows";
  EXPECT_TRUE(cursor->columns().empty());
  EXPECT_NE(cursor->WriteSummary().find("nodes 3 created"), std::string::npos)
      << cursor->WriteSummary();
  // With RETURN, one row per update as before.
  ASSERT_TRUE(Drain("MATCH (p:Person) SET p.name = 'Q' RETURN p.id AS id", {}, &rows).ok());
  EXPECT_EQ(rows.size(), 3u);
}

TEST_F(RuntimeErrorsTest, ValidTimeNoticeCountsUndatedRelationships) {
  ASSERT_TRUE(Drain("CREATE (a:Person {id: 'a', name: 'A'}), (b:Person {id: 'b', name: 'B'}), "
                    "(a)-[:ALLIED_WITH]->(b), (a)-[:ALLIED_WITH {valid_from: '2020'}]->(b)")
                  .ok());
  std::vector<std::vector<Value>> rows;
  std::unique_ptr<ResultCursor> cursor;
  ASSERT_TRUE(
      Drain("FOR VALID_TIME AS OF '2022-01-01' MATCH ({id: 'a'})-[r]->() RETURN undated(r) AS u "
            "ORDER BY u",
            {}, &rows, &cursor)
          .ok());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0], Value(false));
  EXPECT_EQ(rows[1][0], Value(true));
  EXPECT_NE(cursor->Notices().find("took 1 undated relationship "), std::string::npos)
      << cursor->Notices();
  // Without valid time there is nothing to say.
  ASSERT_TRUE(Drain("MATCH ({id: 'a'})-[r]->() RETURN r", {}, &rows, &cursor).ok());
  EXPECT_EQ(cursor->Notices(), "");
}

}  // namespace
}  // namespace actorgraph::query
