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

void PutBE32(std::string* dst, uint32_t v);
void PutBE64(std::string* dst, uint64_t v);
uint32_t GetBE32(const char* p);
uint64_t GetBE64(const char* p);

void PutVarint(std::string* dst, uint64_t v);
void PutString(std::string* dst, std::string_view s);  // varint length + bytes
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
