// Rules shared by the two write paths (WriteTxn and the bulk loader), so that
// both derive the same ids and accept the same records. Internal to engine/.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/model.h"
#include "common/status.h"
#include "common/value.h"

namespace actorgraph {

// FNV-1a: a stable fingerprint for ids derived from content.
uint64_t Fingerprint(std::string_view s);
// 16 lower-case hex digits.
std::string Hex(uint64_t v);
// An external id: non-empty, at most 512 bytes, no control characters.
Status CheckXid(const std::string& xid, const char* what);
// The id of a relationship given without one: its type, ends and a
// fingerprint of its validity and (sorted) properties, so that stating the
// same relationship again finds it. Frozen: floats enter as Value::IdText.
std::string DerivedRelXid(const std::string& type, const std::string& src_xid,
                          const std::string& dst_xid, const ValidInterval& valid,
                          const ValueMap& props);
// Sorts properties by name and drops null ones (a null property is no property).
void SortProps(ValueMap* props);

}  // namespace actorgraph
