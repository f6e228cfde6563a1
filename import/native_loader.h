// NativeLoader: reads the native JSON-lines format (docs/native-format.md)
// into a WriteTxn. The caller commits; a failed load leaves the txn to be
// dropped, so nothing is written.
//
// Files are read in three streaming passes (nodes, relationships, claims),
// so records may refer to ids defined later in the file or in a later file,
// and memory does not grow with the file beyond the transaction itself and
// about two bytes a line (which later passes need a line; the ids of nodes
// with claims). Lines are read and parsed on a second thread (ParsedLines)
// while this one writes.
//
// Thread-safety: one caller thread; borrows the WriteTxn.
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

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
  // Optional: parse on the calling thread instead of a second one.
  void set_parse_thread(bool on) { parse_thread_ = on; }
  const LoadProgress& progress() const { return state_; }

  // Loads every file; errors read "FILE:LINE:COLUMN: message".
  Status LoadFiles(const std::vector<std::string>& paths);
  // Loads text held in memory; `name` stands for the file in errors.
  Status LoadText(const std::string& name, const std::string& text);

 private:
  Status Pass(int pass, const std::string& name, std::istream& in);
  // `later`: set in pass 1 to the passes after it that the line needs.
  // `later`: the line's byte of later_ (null past its end in passes 2 and 3).
  Status Record(int pass, const nlohmann::json& j, uint8_t* later);
  void PushId(uint64_t id);
  uint64_t PopId();
  WriteTxn* txn_;
  std::function<void(const LoadProgress&)> progress_;
  LoadErrorHandler on_error_;
  std::optional<Grade> default_grade_;
  bool parse_thread_ = true;
  std::set<std::pair<std::string, uint64_t>> rejected_;  // (file, line) skipped
  // Per file read (in order) and line: which of passes 2 and 3 the line
  // needs (bits 1 and 2), learnt in pass 1, so that the others are not
  // parsed again (a node without claims is read once). A byte a line.
  std::vector<std::vector<uint8_t>> later_;
  size_t file_ = 0;  // index into later_ of the file being read
  // The ids pass 1 gave node lines that have claims (kHasId), in file order,
  // as varint steps: pass 3 reads them back instead of looking each node up.
  std::vector<uint8_t> ids_;
  uint64_t last_id_ = 0;  // writing
  size_t ids_pos_ = 0;    // reading
  uint64_t next_id_ = 0;
  LoadProgress state_;
};

}  // namespace actorgraph
