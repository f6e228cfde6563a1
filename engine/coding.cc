#include "engine/coding.h"

#include <cstring>

namespace actorgraph::coding {

bool GetVarint(std::string_view* in, uint64_t* v) {
  uint64_t r = 0;
  for (int shift = 0; shift <= 63 && !in->empty(); shift += 7) {
    const unsigned char b = static_cast<unsigned char>((*in)[0]);
    in->remove_prefix(1);
    r |= uint64_t(b & 0x7f) << shift;
    if (!(b & 0x80)) {
      *v = r;
      return true;
    }
  }
  return false;
}

bool GetStringView(std::string_view* in, std::string_view* s) {
  uint64_t n;
  if (!GetVarint(in, &n) || n > in->size()) return false;
  *s = in->substr(0, n);
  in->remove_prefix(n);
  return true;
}

bool GetString(std::string_view* in, std::string* s) {
  std::string_view v;
  if (!GetStringView(in, &v)) return false;
  s->assign(v);
  return true;
}

void PutInterval(std::string* dst, const ValidInterval& iv) {
  const bool latest = iv.to && iv.to_latest;
  dst->push_back(static_cast<char>((iv.from ? 1 : 0) | (iv.to ? 2 : 0) | (latest ? 4 : 0)));
  if (iv.from) PutBE32(dst, iv.from->Pack());
  if (iv.to) PutBE32(dst, iv.to->Pack());
  if (latest) PutBE32(dst, iv.to_latest->Pack());
}

bool GetInterval(std::string_view* in, ValidInterval* iv) {
  if (in->empty()) return false;
  const int flags = static_cast<unsigned char>((*in)[0]);
  in->remove_prefix(1);
  const size_t need = ((flags & 1) ? 4 : 0) + ((flags & 2) ? 4 : 0) + ((flags & 4) ? 4 : 0);
  if (flags > 7 || ((flags & 4) && !(flags & 2)) || in->size() < need) return false;
  iv->from.reset();
  iv->to.reset();
  iv->to_latest.reset();
  if (flags & 1) {
    iv->from = PartialDate::Unpack(GetBE32(in->data()));
    in->remove_prefix(4);
  }
  if (flags & 2) {
    iv->to = PartialDate::Unpack(GetBE32(in->data()));
    in->remove_prefix(4);
  }
  if (flags & 4) {
    iv->to_latest = PartialDate::Unpack(GetBE32(in->data()));
    in->remove_prefix(4);
  }
  return true;
}

namespace {
enum Tag : char { kNull = 0, kFalse, kTrue, kInt, kFloat, kString, kDate, kList, kMap, kTemporal };
uint64_t ZigZag(int64_t v) { return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63); }
int64_t UnZigZag(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }
}  // namespace

void PutValue(std::string* dst, const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kNull: dst->push_back(kNull); return;
    case Value::Kind::kBool: dst->push_back(v.as_bool() ? kTrue : kFalse); return;
    case Value::Kind::kInt:
      dst->push_back(kInt);
      PutVarint(dst, ZigZag(v.as_int()));
      return;
    case Value::Kind::kFloat: {
      dst->push_back(kFloat);
      uint64_t bits;
      double d = v.as_float();
      std::memcpy(&bits, &d, 8);
      PutBE64(dst, bits);
      return;
    }
    case Value::Kind::kString:
      dst->push_back(kString);
      PutString(dst, v.as_string());
      return;
    case Value::Kind::kDate:
      dst->push_back(kDate);
      PutBE32(dst, v.as_date().Pack());
      return;
    case Value::Kind::kList:
      dst->push_back(kList);
      PutVarint(dst, v.as_list().size());
      for (const Value& e : v.as_list()) PutValue(dst, e);
      return;
    case Value::Kind::kMap:
      dst->push_back(kMap);
      PutVarint(dst, v.as_map().size());
      for (const auto& [k, e] : v.as_map()) {
        PutString(dst, k);
        PutValue(dst, e);
      }
      return;
    case Value::Kind::kTemporal: {
      // Tag, type, then the fields the type has (docs/storage-format.md).
      const Temporal& t = v.as_temporal();
      dst->push_back(kTemporal);
      dst->push_back(static_cast<char>(t.type));
      if (t.type == TemporalType::kDuration) {
        PutVarint(dst, ZigZag(t.months));
        PutVarint(dst, ZigZag(t.days));
        PutVarint(dst, ZigZag(t.seconds));
        PutVarint(dst, static_cast<uint64_t>(t.nanos));
        return;
      }
      if (t.has_date()) PutVarint(dst, ZigZag(t.day));
      PutVarint(dst, static_cast<uint64_t>(t.nano));
      if (t.has_offset()) {
        PutVarint(dst, ZigZag(t.offset));
        PutString(dst, t.zone);
      }
      return;
    }
    default:
      dst->push_back(kNull);  // graph values are never stored
      return;
  }
}

bool GetValue(std::string_view* in, Value* v, int depth) {
  if (in->empty() || depth > 64) return false;
  const char tag = (*in)[0];
  in->remove_prefix(1);
  switch (tag) {
    case kNull: *v = Value(); return true;
    case kFalse: *v = Value(false); return true;
    case kTrue: *v = Value(true); return true;
    case kInt: {
      uint64_t u;
      if (!GetVarint(in, &u)) return false;
      *v = Value(UnZigZag(u));
      return true;
    }
    case kFloat: {
      if (in->size() < 8) return false;
      uint64_t bits = GetBE64(in->data());
      in->remove_prefix(8);
      double d;
      std::memcpy(&d, &bits, 8);
      *v = Value(d);
      return true;
    }
    case kString: {
      std::string s;
      if (!GetString(in, &s)) return false;
      *v = Value(std::move(s));
      return true;
    }
    case kDate:
      if (in->size() < 4) return false;
      *v = Value(PartialDate::Unpack(GetBE32(in->data())));
      in->remove_prefix(4);
      return true;
    case kList: {
      uint64_t n;
      if (!GetVarint(in, &n) || n > in->size()) return false;
      ValueList l(n);
      for (auto& e : l)
        if (!GetValue(in, &e, depth + 1)) return false;
      *v = Value(std::move(l));
      return true;
    }
    case kMap: {
      uint64_t n;
      if (!GetVarint(in, &n) || n > in->size()) return false;
      ValueMap m(n);
      for (auto& [k, e] : m)
        if (!GetString(in, &k) || !GetValue(in, &e, depth + 1)) return false;
      *v = Value::Map(std::move(m));
      return true;
    }
    case kTemporal: {
      if (in->empty()) return false;
      Temporal t;
      const auto type = static_cast<uint8_t>((*in)[0]);
      in->remove_prefix(1);
      if (type > static_cast<uint8_t>(TemporalType::kDuration)) return false;
      t.type = static_cast<TemporalType>(type);
      uint64_t a, b, c, d;
      if (t.type == TemporalType::kDuration) {
        if (!GetVarint(in, &a) || !GetVarint(in, &b) || !GetVarint(in, &c) || !GetVarint(in, &d) ||
            d >= 1'000'000'000)
          return false;
        t.months = UnZigZag(a);
        t.days = UnZigZag(b);
        t.seconds = UnZigZag(c);
        t.nanos = static_cast<int32_t>(d);
      } else {
        if (t.has_date()) {
          if (!GetVarint(in, &a)) return false;
          t.day = UnZigZag(a);
        }
        if (!GetVarint(in, &b) || b >= static_cast<uint64_t>(kNanosPerDay)) return false;
        t.nano = static_cast<int64_t>(b);
        if (t.has_offset()) {
          if (!GetVarint(in, &c) || !GetString(in, &t.zone)) return false;
          t.offset = static_cast<int32_t>(UnZigZag(c));
        }
      }
      *v = Value(std::move(t));
      return true;
    }
    default: return false;
  }
}

bool PutKeyValue(std::string* dst, const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kBool:
      dst->push_back('b');
      dst->push_back(v.as_bool() ? 1 : 0);
      return true;
    case Value::Kind::kInt:
    case Value::Kind::kFloat: {
      dst->push_back('n');
      double d = v.as_number();
      if (d == 0) d = 0;  // fold -0.0 into 0.0
      uint64_t bits;
      std::memcpy(&bits, &d, 8);
      // Flip so that unsigned byte order equals numeric order.
      bits = (bits & (1ULL << 63)) ? ~bits : bits | (1ULL << 63);
      PutBE64(dst, bits);
      return true;
    }
    case Value::Kind::kDate:
      dst->push_back('d');
      PutBE32(dst, v.as_date().Pack());
      return true;
    case Value::Kind::kString:
      dst->push_back('s');
      // Escape 0x00 as 0x00 0xFF and terminate with 0x00 0x01 so that a
      // string never prefixes another's key.
      for (char c : v.as_string()) {
        dst->push_back(c);
        if (c == '\0') dst->push_back('\xff');
      }
      dst->push_back('\0');
      dst->push_back('\x01');
      return true;
    default: return false;
  }
}

}  // namespace actorgraph::coding
