// Byte-level encoding helpers shared by keys and records: big-endian fixed
// integers (byte order equals numeric order), varints, length-prefixed
// strings, and the binary Value encoding. Formats: docs/storage-format.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/interval.h"
#include "common/value.h"

namespace actorgraph::coding {

// The writers below are inline: every key and record is built from them,
// and a call for each few bytes was a measurable share of a bulk load.
inline void PutBE32(std::string* dst, uint32_t v) {
  const char b[4] = {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
  dst->append(b, 4);
}
inline void PutBE64(std::string* dst, uint64_t v) {
  const char b[8] = {char(v >> 56), char(v >> 48), char(v >> 40), char(v >> 32),
                     char(v >> 24), char(v >> 16), char(v >> 8),  char(v)};
  dst->append(b, 8);
}
inline uint32_t GetBE32(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return (uint32_t(u[0]) << 24) | (uint32_t(u[1]) << 16) | (uint32_t(u[2]) << 8) | u[3];
}
inline uint64_t GetBE64(const char* p) {
  return (uint64_t(GetBE32(p)) << 32) | GetBE32(p + 4);
}

inline void PutVarint(std::string* dst, uint64_t v) {
  char b[10];
  size_t n = 0;
  while (v >= 0x80) {
    b[n++] = static_cast<char>(v | 0x80);
    v >>= 7;
  }
  b[n++] = static_cast<char>(v);
  dst->append(b, n);
}
// Varint length, then the bytes.
inline void PutString(std::string* dst, std::string_view s) {
  PutVarint(dst, s.size());
  dst->append(s);
}
void PutInterval(std::string* dst, const ValidInterval& iv);
// Precondition: v holds no node, relationship or path.
void PutValue(std::string* dst, const Value& v);

// Readers consume from the front of *in and return false on malformed input.
bool GetVarint(std::string_view* in, uint64_t* v);
bool GetString(std::string_view* in, std::string* s);
bool GetStringView(std::string_view* in, std::string_view* s);
bool GetInterval(std::string_view* in, ValidInterval* iv);
bool GetValue(std::string_view* in, Value* v, int depth = 0);

// Order-preserving encoding of a scalar value for index keys: values of one
// kind sort like the values; numbers (int and float) share one encoding so
// that 1 and 1.0 find each other. Returns false for values that are not
// indexed (null, list, map).
bool PutKeyValue(std::string* dst, const Value& v);

}  // namespace actorgraph::coding
