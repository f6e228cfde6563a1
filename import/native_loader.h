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

#include <functional>
#include <istream>
#include <string>
#include <vector>

#include "engine/status.h"
#include "engine/write_txn.h"

namespace actorgraph {

struct LoadProgress {
  int pass = 0;  // 1 nodes, 2 relationships, 3 claims
  uint64_t lines = 0;
};

class NativeLoader {
 public:
  explicit NativeLoader(WriteTxn* txn) : txn_(txn) {}
  // Optional: called now and then during long loads.
  void set_progress(std::function<void(const LoadProgress&)> fn) { progress_ = std::move(fn); }

  // Loads every file; errors read "FILE:LINE:COLUMN: message".
  Status LoadFiles(const std::vector<std::string>& paths);
  // Loads text held in memory; `name` stands for the file in errors.
  Status LoadText(const std::string& name, const std::string& text);

 private:
  Status Pass(int pass, const std::string& name, std::istream& in);
  Status Record(int pass, const std::string& line);
  WriteTxn* txn_;
  std::function<void(const LoadProgress&)> progress_;
  LoadProgress state_;
};

}  // namespace actorgraph
