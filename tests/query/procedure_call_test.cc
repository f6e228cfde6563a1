// CALL semantics that do not depend on any particular procedure: implicit
// arguments, argument types, procedures without outputs, and what a CALL
// inside a query may not do.
#include <gtest/gtest.h>

#include <atomic>

#include "tests/query/query_fixture.h"

namespace actorgraph {
namespace {

// test.twice(x :: int) :: (y): yields 2x (null for null).
class Twice : public query::Procedure {
 public:
  Twice() {
    sig_.name = "test.twice";
    sig_.params = {{"x", "int", std::nullopt}};
    sig_.outputs = {"y"};
  }
  const query::ProcedureSignature& signature() const override { return sig_; }
  Status Call(const query::ProcedureContext&, const std::vector<Value>& args,
              const std::function<bool(std::vector<Value>&&)>& emit) const override {
    emit({args[0].is_null() ? Value() : Value(args[0].as_int() * 2)});
    return Status::OK();
  }

 private:
  query::ProcedureSignature sig_;
};

// test.touch() :: (): counts its calls, yields nothing.
class Touch : public query::Procedure {
 public:
  explicit Touch(std::atomic<int>* calls) : calls_(calls) { sig_.name = "test.touch"; }
  const query::ProcedureSignature& signature() const override { return sig_; }
  Status Call(const query::ProcedureContext&, const std::vector<Value>&,
              const std::function<bool(std::vector<Value>&&)>&) const override {
    ++*calls_;
    return Status::OK();
  }

 private:
  query::ProcedureSignature sig_;
  std::atomic<int>* calls_;
};

class ProcedureCallTest : public testing::QueryFixture {
 protected:
  void SetUp() override {
    Open(true);
    engine_->procedures().Register(std::make_unique<Twice>());
    engine_->procedures().Register(std::make_unique<Touch>(&touches_));
  }

  std::atomic<int> touches_{0};
};

TEST_F(ProcedureCallTest, StandaloneCallWithoutParenthesesTakesQueryParameters) {
  EXPECT_EQ(Run("CALL test.twice", {{"x", Value(int64_t{21})}}), "42\n");
  EXPECT_EQ(Run("CALL test.twice(4)"), "8\n");
  EXPECT_NE(Run("CALL test.twice").find("missing parameter $x"), std::string::npos);
}

TEST_F(ProcedureCallTest, ImplicitArgumentsAreRefusedInsideAQuery) {
  std::string r = Run("CALL test.twice YIELD y RETURN y", {{"x", Value(int64_t{1})}});
  EXPECT_NE(r.find("error: semantic error"), std::string::npos) << r;
  EXPECT_NE(r.find("parentheses"), std::string::npos) << r;
}

TEST_F(ProcedureCallTest, LiteralArgumentsOfTheWrongTypeAreCompileErrors) {
  std::string r = Run("CALL test.twice(true)");
  EXPECT_NE(r.find("argument 'x' must be of type int"), std::string::npos) << r;
  EXPECT_EQ(Run("CALL test.twice(null)"), "null\n");
  EXPECT_EQ(touches_.load(), 0);
}

TEST_F(ProcedureCallTest, AProcedureWithoutOutputsKeepsEachRowOnce) {
  EXPECT_EQ(Run("UNWIND [1, 2, 3] AS i CALL test.touch() RETURN i"), "1\n2\n3\n");
  EXPECT_EQ(touches_.load(), 3);
}

TEST_F(ProcedureCallTest, InQueryCallRestrictions) {
  EXPECT_NE(Run("UNWIND [1] AS i CALL test.twice(i) YIELD * RETURN y").find("YIELD *"),
            std::string::npos);
  EXPECT_NE(Run("UNWIND [1] AS i CALL test.twice(count(i)) YIELD y RETURN y").find("aggregate"),
            std::string::npos);
  EXPECT_EQ(Run("UNWIND [1, 2] AS i CALL test.twice(i) YIELD y RETURN i, y"), "1 | 2\n2 | 4\n");
}

}  // namespace
}  // namespace actorgraph
