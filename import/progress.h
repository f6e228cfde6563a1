// ProgressMeter: a one-line progress bar for long imports on a terminal:
// percentage (by bytes read), records, records per second and time left.
// Draws at most a few times a second; does nothing when disabled.
//
// Ownership: borrows the stream. Thread-safety: one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <ostream>

namespace actorgraph {

class ProgressMeter {
 public:
  // `total_bytes` is what the import will read (0: unknown, no time left).
  ProgressMeter(std::ostream* out, bool enabled, uint64_t total_bytes);
  void Update(uint64_t records, uint64_t bytes_done);
  // Clears the bar so that the summary starts on a clean line.
  void Finish();

 private:
  std::ostream* out_;
  bool enabled_;
  uint64_t total_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace actorgraph
