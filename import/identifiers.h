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

#include <cstdint>
#include <string>
#include <string_view>

#include "common/model.h"

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
// The same in parts: ShortHashHex(ShortHashAdd(ShortHashAdd(kShortHashSeed,
// a), b)) == ShortHash(a + b), so a prefix shared by many ids is hashed once.
constexpr uint64_t kShortHashSeed = 1469598103934665603ULL;
inline uint64_t ShortHashAdd(uint64_t h, std::string_view text) {
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}
// Appends the 16 hex digits of `h` to `out`.
void ShortHashHex(uint64_t h, std::string* out);

// A country name or code as a short key: the ISO 3166 alpha-2 code when
// known ("Iran (Islamic Republic of)", "Iran", "IR" -> "ir"), else its slug.
std::string CountryKey(std::string_view country);

// An identity-document number as sources write it, reduced to what
// identifies it: the words holding digits (and a one-letter series before
// them), upper-cased, punctuation and spaces dropped.
//   "D 000974" -> "D000974", "national identity card number 44103-5251752-5"
//   -> "4410352517525", "No. H0044232 (Iraqi)" -> "H0044232". Empty when no
//   digit.
std::string NormalizeDocumentNumber(std::string_view raw);

// Identifier nodes ready for WriteTxn::PutNode: id "phone:+223…",
// "email:…", "address:…"; props raw and normalized. `ok` is false when the
// value does not normalise to anything.
Node PhoneNode(std::string_view raw, std::string_view country, bool* ok);
Node EmailNode(std::string_view raw, bool* ok);
Node AddressNode(std::string_view raw, bool* ok);
// An identity document (passport, national ID, tax or registration number):
// "iddoc:COUNTRY:NUMBER", or "iddoc:NUMBER" when no country is stated, so
// that two entities holding the same document share one node whatever its
// type is called. Label IdentityDocument.
Node IdentityDocumentNode(std::string_view raw_number, std::string_view country,
                          std::string_view document_type, bool* ok);

}  // namespace actorgraph
