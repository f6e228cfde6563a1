// Identifiers that tie entities together (phone numbers, email addresses,
// postal addresses), normalised so that two sources writing one number two
// ways share one node, whose id derives from the normalised value.
//
//   "+223 76 12-34-56", "00223 76123456", "76 12 34 56" (Mali) -> "+22376123456"
//   "Info@Example.COM "                                        -> "info@example.com"
//   "12, Rue  de l'Église,\nBamako"                            -> "12 rue de l eglise bamako"
//
// Thread-safety: all functions are thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "engine/model.h"

namespace actorgraph {

// Digits with a leading '+' and the country calling code when the number has
// one (+, 00) or `country` (a name or ISO code) gives it; otherwise digits
// only. Empty when there are fewer than 5 digits.
std::string NormalizePhone(std::string_view raw, std::string_view country = {});
// Trimmed and lower-cased, "mailto:" dropped. Empty unless it looks like an
// email (one '@', a dot after it).
std::string NormalizeEmail(std::string_view raw);
// Case, diacritics, punctuation and spacing folded (FoldName).
std::string NormalizeAddress(std::string_view raw);

// The calling code for a country name or ISO code ("Mali", "ML", "MLI" -> "223").
std::string CallingCode(std::string_view country);

// Stable, readable id fragment: folded, spaces to '-', at most `max` bytes
// (longer text gets a hash suffix so distinct values stay distinct).
std::string Slug(std::string_view text, size_t max = 80);
// FNV-1a 64-bit, hex: a short fingerprint for derived ids.
std::string ShortHash(std::string_view text);

// Identifier nodes ready for WriteTxn::PutNode: id "phone:+223…",
// "email:…", "address:…"; props raw and normalized. `ok` is false when the
// value does not normalise to anything.
Node PhoneNode(std::string_view raw, std::string_view country, bool* ok);
Node EmailNode(std::string_view raw, bool* ok);
Node AddressNode(std::string_view raw, bool* ok);

}  // namespace actorgraph
