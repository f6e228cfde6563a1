#include "common/time_zone.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>

namespace actorgraph {

namespace {

int64_t BE(const std::string& s, size_t at, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i)
    v = (v << 8) | static_cast<unsigned char>(s[at + i]);
  if (bytes == 4) return static_cast<int32_t>(static_cast<uint32_t>(v));
  return static_cast<int64_t>(v);
}

// Parses one TZif data block (version 1 with 4-byte times, else 8-byte);
// returns the offset just past it, or 0 when the data is short.
size_t ParseBlock(const std::string& d, size_t at, int time_bytes, std::vector<int64_t>* times,
                  std::vector<int32_t>* offsets, int32_t* initial) {
  if (d.size() < at + 44 || d.compare(at, 4, "TZif") != 0) return 0;
  const int64_t isutc = BE(d, at + 20, 4), isstd = BE(d, at + 24, 4), leap = BE(d, at + 28, 4),
                timecnt = BE(d, at + 32, 4), typecnt = BE(d, at + 36, 4),
                charcnt = BE(d, at + 40, 4);
  size_t p = at + 44;
  const size_t end = p + timecnt * time_bytes + timecnt + typecnt * 6 + charcnt +
                     leap * (time_bytes + 4) + isstd + isutc;
  if (d.size() < end || typecnt <= 0) return 0;
  times->clear();
  offsets->clear();
  std::vector<int> idx;
  for (int64_t i = 0; i < timecnt; ++i)
    times->push_back(BE(d, p + i * time_bytes, time_bytes));
  p += timecnt * time_bytes;
  for (int64_t i = 0; i < timecnt; ++i)
    idx.push_back(static_cast<unsigned char>(d[p + i]));
  p += timecnt;
  std::vector<int32_t> type_offsets;
  for (int64_t i = 0; i < typecnt; ++i)
    type_offsets.push_back(static_cast<int32_t>(BE(d, p + i * 6, 4)));
  for (int i : idx)
    offsets->push_back(i < typecnt ? type_offsets[i] : type_offsets[0]);
  // Before the first transition: time type 0 (RFC 8536), the local mean
  // time for most zones.
  *initial = type_offsets[0];
  return end;
}

}  // namespace

const TimeZone* TimeZone::Find(const std::string& name) {
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<TimeZone>> cache;
  std::lock_guard<std::mutex> lock(mu);
  if (auto it = cache.find(name); it != cache.end()) return it->second.get();
  std::unique_ptr<TimeZone> zone;
  // Only plain zone names: no "..", no absolute paths.
  const bool plausible = !name.empty() && name[0] != '/' && name.find("..") == std::string::npos;
  if (plausible) {
    const char* dir = std::getenv("TZDIR");
    std::ifstream in(std::string(dir && *dir ? dir : "/usr/share/zoneinfo") + "/" + name,
                     std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string d = ss.str();
    auto z = std::make_unique<TimeZone>();
    z->name_ = name;
    size_t next = ParseBlock(d, 0, 4, &z->transitions_, &z->offsets_, &z->initial_);
    if (next && d[4] >= '2')
      next = ParseBlock(d, next, 8, &z->transitions_, &z->offsets_, &z->initial_);
    if (next) zone = std::move(z);
  }
  const TimeZone* out = zone.get();
  cache.emplace(name, std::move(zone));
  return out;
}

int32_t TimeZone::OffsetAt(int64_t utc) const {
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), utc);
  if (it == transitions_.begin()) return initial_;
  return offsets_[it - transitions_.begin() - 1];
}

int32_t TimeZone::OffsetForLocal(int64_t local, std::optional<int32_t> prefer) const {
  // The candidate offsets are those in force a day around the local time.
  const int32_t early = OffsetAt(local - 86400), late = OffsetAt(local + 86400);
  std::vector<int32_t> valid;
  for (int32_t off : {early, late})
    if (OffsetAt(local - off) == off && std::find(valid.begin(), valid.end(), off) == valid.end())
      valid.push_back(off);
  if (valid.empty()) return early;  // a gap: keep the offset before it
  if (prefer && std::find(valid.begin(), valid.end(), *prefer) != valid.end()) return *prefer;
  // In an overlap the earlier instant has the larger offset.
  return *std::max_element(valid.begin(), valid.end());
}

}  // namespace actorgraph
