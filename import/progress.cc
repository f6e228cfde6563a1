#include "import/progress.h"

#include <algorithm>
#include <cstdio>

namespace actorgraph {

ProgressMeter::ProgressMeter(std::ostream* out, bool enabled, uint64_t total_bytes)
    : out_(out), enabled_(enabled && out), total_(total_bytes) {
  start_ = last_ = std::chrono::steady_clock::now();
}

void ProgressMeter::Update(uint64_t records, uint64_t bytes_done) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_ < std::chrono::milliseconds(200)) return;
  last_ = now;
  const double secs = std::chrono::duration<double>(now - start_).count();
  const double rate = secs > 0 ? records / secs : 0;
  char line[160];
  if (total_ > 0) {
    const double frac = std::min(1.0, double(bytes_done) / double(total_));
    const int width = 24, filled = static_cast<int>(frac * width);
    std::string bar(filled, '#');
    bar.resize(width, '.');
    const double left = frac > 0.001 ? secs * (1 - frac) / frac : 0;
    std::snprintf(line, sizeof line, "\r  [%s] %3.0f%%  %llu records  %.0f rec/s  %d:%02d left ",
                  bar.c_str(), frac * 100, static_cast<unsigned long long>(records), rate,
                  static_cast<int>(left) / 60, static_cast<int>(left) % 60);
  } else {
    std::snprintf(line, sizeof line, "\r  %llu records  %.0f rec/s ",
                  static_cast<unsigned long long>(records), rate);
  }
  *out_ << line << std::flush;
  drawn_ = true;
}

void ProgressMeter::Finish() {
  if (drawn_) *out_ << "\r\033[K" << std::flush;
  drawn_ = false;
}

}  // namespace actorgraph
