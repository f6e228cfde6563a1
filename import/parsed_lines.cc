#include "import/parsed_lines.h"

namespace actorgraph {

using nlohmann::json;

namespace {

// The line's JSON, or the error the loader reports for it.
void Parse(const std::string& line, ParsedLine* out) {
  try {
    out->doc = json::parse(line);
  } catch (const json::parse_error& e) {
    // nlohmann's byte offset is 1-based and points just past the problem.
    // Keep nlohmann's reason, drop its own "[json.exception…] parse error at
    // line 1, column N: " preamble (we name the file's line and column).
    std::string what = e.what();
    if (auto p = what.find(": ", what.find("column")); p != std::string::npos)
      what = what.substr(p + 2);
    out->error =
        Status::InvalidArgument("column " + std::to_string(e.byte) + ": invalid JSON: " + what);
  } catch (const std::exception& e) {  // must not escape the thread
    out->error = Status::InvalidArgument(std::string("invalid JSON: ") + e.what());
  }
}

}  // namespace

ParsedLines::ParsedLines(std::istream* in, std::function<bool(uint64_t)> want, bool keep_text,
                         bool thread)
    : in_(in), want_(std::move(want)), keep_text_(keep_text) {
  if (thread) thread_ = std::thread([this] { Read(); });
}

ParsedLines::~ParsedLines() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> l(mu_);
    stop_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

bool ParsedLines::Push(std::vector<ParsedLine>* batch) {
  std::unique_lock<std::mutex> l(mu_);
  changed_.wait(l, [&] { return stop_ || queue_.size() < kBatches; });
  if (stop_) return false;
  queue_.push_back(std::move(*batch));
  *batch = std::vector<ParsedLine>();
  if (!spent_.empty()) {  // free a read batch here and reuse its vector
    *batch = std::move(spent_.back());
    spent_.pop_back();
  }
  l.unlock();
  changed_.notify_all();
  batch->clear();
  return true;
}

bool ParsedLines::ReadBatch(std::vector<ParsedLine>* batch) {
  std::string& line = line_;
  while (batch->size() < kBatchLines) {
    if (!std::getline(*in_, line)) return false;
    ++lines_;
    bytes_ += line.size() + 1;
    if (lines_ == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // byte-order mark
    if (!line.empty() && line.back() == '\r') line.pop_back();                // CRLF
    size_t start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line.compare(start, 2, "//") == 0) continue;
    if (line.size() == start + 1 && line[start] == '\x1a') continue;  // DOS end-of-file byte
    if (!want_(lines_)) continue;
    ParsedLine& p = batch->emplace_back();
    p.line_no = lines_;
    p.lines = lines_;
    p.bytes = bytes_;
    Parse(line, &p);
    if (keep_text_) p.text = line;
  }
  return true;
}

void ParsedLines::Read() {
  std::vector<ParsedLine> batch;
  batch.reserve(kBatchLines);
  bool more = true, stopped = false;
  while (more && !stopped) {
    more = ReadBatch(&batch);
    if (!batch.empty()) stopped = !Push(&batch);
  }
  std::lock_guard<std::mutex> l(mu_);
  bad_ = !stopped && in_->bad();
  done_ = true;
  changed_.notify_all();
}

const ParsedLine* ParsedLines::Next() {
  if (next_ == current_.size() && !thread_.joinable()) {  // on this thread
    current_.clear();
    next_ = 0;
    while (current_.empty() && !done_)
      done_ = !ReadBatch(&current_);
    bad_ = in_->bad();
    return current_.empty() ? nullptr : &current_[next_++];
  }
  if (next_ == current_.size()) {
    std::unique_lock<std::mutex> l(mu_);
    if (!current_.empty() && !done_) spent_.push_back(std::move(current_));
    current_.clear();
    changed_.wait(l, [&] { return !queue_.empty() || done_; });
    if (queue_.empty()) return nullptr;
    current_ = std::move(queue_.front());
    queue_.pop_front();
    next_ = 0;
    l.unlock();
    changed_.notify_all();
  }
  return &current_[next_++];
}

}  // namespace actorgraph
