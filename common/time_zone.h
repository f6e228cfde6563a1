// TimeZone: a named IANA zone (Europe/Stockholm) read from the system's tz
// database (TZif files under /usr/share/zoneinfo, or $TZDIR).
//
// libstdc++ 12 has no std::chrono::locate_zone, so the TZif transitions are
// read here. Instants after the last listed transition keep its offset (the
// POSIX rule in the file's footer is not evaluated); Debian's "fat" files list
// transitions until 2037.
//
// Thread-safety: Find() is safe from any thread; zones are immutable.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace actorgraph {

class TimeZone {
 public:
  // The zone named `name`, loaded once and cached; nullptr when unknown.
  static const TimeZone* Find(const std::string& name);

  const std::string& name() const { return name_; }

  // Seconds east of UTC at the instant `utc` (seconds since the epoch).
  int32_t OffsetAt(int64_t utc) const;

  // The offset for a local wall-clock time (seconds since the local epoch).
  // In an overlap, `prefer` when it is one of the two, else the earlier; in a
  // gap, the offset before the gap (the time moves forward by the gap).
  int32_t OffsetForLocal(int64_t local, std::optional<int32_t> prefer) const;

 private:
  std::string name_;
  std::vector<int64_t> transitions_;  // UTC seconds, ascending
  std::vector<int32_t> offsets_;      // offsets_[i] holds from transitions_[i]
  int32_t initial_ = 0;               // before the first transition
};

}  // namespace actorgraph
