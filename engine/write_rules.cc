#include "engine/write_rules.h"

#include <algorithm>
#include <cstdio>

namespace actorgraph {

uint64_t Fingerprint(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

std::string Hex(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

Status CheckXid(const std::string& xid, const char* what) {
  if (xid.empty()) return Status::InvalidArgument(std::string(what) + ": field 'id': empty id");
  if (xid.size() > 512)
    return Status::InvalidArgument(std::string(what) + " '" + xid.substr(0, 40) +
                                   "…': field 'id': longer than 512 bytes");
  for (unsigned char c : xid)
    if (c < 0x20 || c == 0x7f)
      return Status::InvalidArgument(std::string(what) + ": field 'id': control character in '" +
                                     xid + "'");
  return Status::OK();
}

void SortProps(ValueMap* props) {
  std::sort(props->begin(), props->end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  // A null property is no property.
  props->erase(std::remove_if(props->begin(), props->end(),
                              [](const auto& e) { return e.second.is_null(); }),
               props->end());
}

std::string DerivedRelXid(const std::string& type, const std::string& src_xid,
                          const std::string& dst_xid, const ValidInterval& valid,
                          const ValueMap& props) {
  std::string content =
      type + "\x1f" + src_xid + "\x1f" + dst_xid + "\x1f" + valid.ToString() + "\x1f";
  for (const auto& [k, v] : props)
    content += k + "=" + v.IdText() + "\x1f";
  return type + ":" + src_xid + ":" + dst_xid + ":" + Hex(Fingerprint(content)).substr(0, 8);
}

}  // namespace actorgraph
