// Text read as a number by toFloat() and toInteger(), as Neo4j reads it
// (Java's Double.parseDouble grammar), not as strtod does: strtod also takes
// "inf", "nan(...)" and hexadecimal integers ("0x10"), which are no numbers
// in Cypher, and std::stoll stops at the first character it cannot use, so
// toInteger('0x10') was 0.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace actorgraph::query::fn {

// The double `s` spells: characters up to ' ' at either end are ignored (as
// Java's trim()), then an optional sign and NaN, Infinity, a decimal number
// with an optional exponent ("-.5e1", "1."), or a hexadecimal one with its
// binary exponent ("0x1.8p1"), each number with an optional f/F/d/D suffix.
// Beyond a double's range: an infinity, or 0 below it. nullopt otherwise.
std::optional<double> ParseFloatText(std::string_view s);

// When `s`, trimmed as above, is an optional sign and decimal digits:
// *is_integer is set, and their value is returned, or nullopt beyond the
// 64-bit integers. Otherwise *is_integer is cleared and nullopt returned.
std::optional<int64_t> ParseIntegerText(std::string_view s, bool* is_integer);

}  // namespace actorgraph::query::fn
