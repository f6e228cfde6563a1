// Operator: one step of a physical plan. Operators pull rows from their
// children one at a time (Volcano style), so results stream without
// materialising intermediate results, except where an operator must see all
// its input (sort, aggregation, distinct over everything).
//
// Ownership: an operator owns its children. Thread-safety: one thread.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "query/executor/exec_context.h"
#include "query/executor/row.h"

namespace actorgraph::query {

class Operator {
 public:
  virtual ~Operator() = default;

  // (Re)starts the operator. `arg` is the row an Argument leaf yields: the
  // outer row of a subquery, or an empty row at the top.
  Status Open(ExecContext& ctx, const Row& arg) { return OpenImpl(ctx, arg); }
  // Produces the next row into *out; false at the end.
  Result<bool> Next(ExecContext& ctx, Row* out) {
    // Every operator checks the time limit and cancellation (cheaply, see
    // ExecContext::Check), so a loop that discards rows (a filter that keeps
    // none) still stops.
    AG_RETURN_IF_ERROR(ctx.Check());
    const auto start =
        profiling_ ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point();
    Result<bool> r = NextImpl(ctx, out);
    if (profiling_) {
      nanos_ += std::chrono::duration_cast<std::chrono::nanoseconds>(
                    std::chrono::steady_clock::now() - start)
                    .count();
    }
    if (r.ok() && *r) ++rows_;
    return r;
  }

  virtual std::string Name() const = 0;
  virtual std::string Detail() const { return ""; }
  std::vector<Operator*> children() const {
    std::vector<Operator*> v;
    for (const auto& c : children_)
      v.push_back(c.get());
    return v;
  }
  void EnableProfiling() {
    profiling_ = true;
    for (auto& c : children_)
      c->EnableProfiling();
  }
  uint64_t rows() const { return rows_; }
  // Time spent in this operator and below.
  int64_t nanos() const { return nanos_; }

 protected:
  virtual Status OpenImpl(ExecContext& ctx, const Row& arg) = 0;
  virtual Result<bool> NextImpl(ExecContext& ctx, Row* out) = 0;
  Operator* child(size_t i = 0) const { return children_[i].get(); }
  // For output handed over other than through Next (Expand's edge batches).
  void CountRows(uint64_t n) { rows_ += n; }
  std::vector<std::unique_ptr<Operator>> children_;

 private:
  bool profiling_ = false;
  uint64_t rows_ = 0;
  int64_t nanos_ = 0;
};

// The plan as indented text; with `profile`, rows and time per operator.
std::string PlanToString(const Operator& root, bool profile);

}  // namespace actorgraph::query
