// ParsedLines: reads a JSON-lines stream on a thread of its own and parses
// the lines a caller wants, handing them over in order through a bounded
// queue, so that parsing overlaps the caller's writes (the importer's write
// path is one thread; the machine has more).
//
// Lines are read as NativeLoader reads them: a byte-order mark on line 1,
// CRLF, blank lines, `//` comments and a lone DOS end-of-file byte are
// dropped. A line that is not valid JSON is handed over with its error, in
// its place, so the caller reports it (with its line) where it would have
// met it; lines after it may already be parsed but nothing is done with them.
//
// Memory: at most kBatches batches of kBatchLines lines in flight (and as
// many read, waiting to be freed).
//
// Thread-safety: one consumer thread; `want` runs on the reading thread and
// must read only state that the consumer does not change while it runs.
#pragma once

#include <nlohmann/json.hpp>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <istream>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "common/status.h"

namespace actorgraph {

struct ParsedLine {
  uint64_t line_no = 0;  // 1-based
  uint64_t lines = 0;    // lines read up to and including this one
  uint64_t bytes = 0;    // bytes read up to and including this line
  Status error;          // "column N: invalid JSON: …" when the line is not JSON
  nlohmann::json doc;
  std::string text;  // the line as read, when asked for (reject files)
};

class ParsedLines {
 public:
  // Starts reading `in` (borrowed until destruction). `want(line_no)` says
  // whether a non-blank line is parsed and handed over.
  // With `thread` false, lines are read and parsed on the caller's thread
  // (for one core, and to measure what the second thread buys).
  ParsedLines(std::istream* in, std::function<bool(uint64_t)> want, bool keep_text,
              bool thread = true);
  // Stops the reading thread (also when lines are left unread).
  ~ParsedLines();
  ParsedLines(const ParsedLines&) = delete;
  ParsedLines& operator=(const ParsedLines&) = delete;

  // The next wanted line, valid until the next call; null at the end of the
  // stream. (Lines are freed on the reading thread, which allocated them:
  // glibc's malloc is slow at freeing another thread's memory.)
  const ParsedLine* Next();
  // The line Next() returned last and those after it in its batch (a few
  // hundred at most), valid as that line: for callers that batch their
  // reads. first_of_batch: that line opened a batch.
  std::span<const ParsedLine> Ahead() const {
    return next_ == 0 ? std::span<const ParsedLine>()
                      : std::span<const ParsedLine>(current_).subspan(next_ - 1);
  }
  bool first_of_batch() const { return next_ == 1; }
  // After Next returned false: the totals for the whole stream, and whether
  // reading failed.
  uint64_t lines() const { return lines_; }
  uint64_t bytes() const { return bytes_; }
  bool read_error() const { return bad_; }

  static constexpr size_t kBatchLines = 256;
  static constexpr size_t kBatches = 8;

 private:
  void Read();
  // Reads and parses up to kBatchLines wanted lines; false at the end.
  bool ReadBatch(std::vector<ParsedLine>* batch);
  bool Push(std::vector<ParsedLine>* batch);  // false: stop
  std::istream* in_;
  std::function<bool(uint64_t)> want_;
  bool keep_text_;

  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<std::vector<ParsedLine>> queue_;   // guarded by mu_
  std::vector<std::vector<ParsedLine>> spent_;  // guarded by mu_: read, to free
  bool done_ = false;                           // guarded by mu_: reader finished
  bool stop_ = false;                           // guarded by mu_: consumer gone
  std::string line_;                            // the reader's
  uint64_t lines_ = 0, bytes_ = 0;              // the reader's; read after done_
  bool bad_ = false;

  std::vector<ParsedLine> current_;  // consumer's batch
  size_t next_ = 0;
  std::thread thread_;
};

}  // namespace actorgraph
