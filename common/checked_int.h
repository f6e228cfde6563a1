// Conversions to 64-bit integers that say when the value does not fit,
// instead of wrapping or being undefined behaviour (a float cast out of
// range is; on x86 it gives INT64_MIN for any large value, which read as a
// wrong answer: toInteger(1e30) was -9223372036854775808).
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>

namespace actorgraph {

// The integer part of `x` (toward zero), if it is a 64-bit integer; nullopt
// for NaN, infinities and values at or beyond ±2^63.
inline std::optional<int64_t> TruncToInt64(long double x) {
  // 2^63 is exact in long double (and in double): the bounds are exact.
  // NaN fails both comparisons.
  constexpr long double kLimit = 9223372036854775808.0L;
  const long double t = std::trunc(x);
  if (!(t >= -kLimit && t < kLimit)) return std::nullopt;
  return static_cast<int64_t>(t);
}

}  // namespace actorgraph
