// NativeLoader: reads the native JSON-lines format (docs/native-format.md)
// into a WriteTxn. The caller commits; a failed load leaves the txn to be
// dropped, so nothing is written.
//
// Files are read in three streaming passes (nodes, relationships, claims),
// so records may refer to ids defined later in the file or in a later file,
// and memory does not grow with the file beyond the transaction itself.
//
// Thread-safety: one thread; borrows the WriteTxn.
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/grade.h"
#include "common/status.h"
#include "engine/write_txn.h"

namespace actorgraph {

struct LoadProgress {
  int pass = 0;  // 1 nodes, 2 relationships, 3 claims
  uint64_t lines = 0;
  uint64_t bytes = 0;    // read so far, over all passes
  uint64_t records = 0;  // non-blank, non-comment lines seen in pass 1
};

// Called for a rejected line when set: returning OK skips the line (in every
// pass) and goes on; an error stops the load.
using LoadErrorHandler = std::function<Status(const std::string& file, uint64_t line,
                                              const Status& why, const std::string& text)>;

class NativeLoader {
 public:
  explicit NativeLoader(WriteTxn* txn) : txn_(txn) {}
  // Optional: called now and then during long loads.
  void set_progress(std::function<void(const LoadProgress&)> fn) { progress_ = std::move(fn); }
  // Optional: skip bad lines instead of failing (see LoadErrorHandler).
  void set_on_error(LoadErrorHandler fn) { on_error_ = std::move(fn); }
  // Optional: the grade of claims that give none.
  void set_default_grade(std::optional<Grade> g) { default_grade_ = g; }
  const LoadProgress& progress() const { return state_; }

  // Loads every file; errors read "FILE:LINE:COLUMN: message".
  Status LoadFiles(const std::vector<std::string>& paths);
  // Loads text held in memory; `name` stands for the file in errors.
  Status LoadText(const std::string& name, const std::string& text);

 private:
  Status Pass(int pass, const std::string& name, std::istream& in);
  // `later`: set in pass 1 to the passes after it that the line needs.
  Status Record(int pass, const std::string& line, uint8_t* later);
  WriteTxn* txn_;
  std::function<void(const LoadProgress&)> progress_;
  LoadErrorHandler on_error_;
  std::optional<Grade> default_grade_;
  std::set<std::pair<std::string, uint64_t>> rejected_;  // (file, line) skipped
  // Per file read (in order) and line: which of passes 2 and 3 the line
  // needs (bits 1 and 2), learnt in pass 1, so that the others are not
  // parsed again (a node without claims is read once). A byte a line.
  std::vector<std::vector<uint8_t>> later_;
  size_t file_ = 0;  // index into later_ of the file being read
  LoadProgress state_;
};

}  // namespace actorgraph
