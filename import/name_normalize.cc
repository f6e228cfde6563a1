#include "import/name_normalize.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <cctype>
#include <cstring>
#include <memory>
#include <mutex>
#include <set>

#include "common/ascii.h"

namespace actorgraph {

namespace {

std::string AsciiWords(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (std::isalnum(c)) {
      out.push_back(LowerAsciiChar(static_cast<char>(c)));
    } else if (c == '\'' || c == '`') {
      // Dropped inside a word ("Jama'at"), a split elsewhere.
      // French elision ("l'Azawad", "d'Ivoire") splits.
      const bool elision = (out.size() == 1 || (out.size() >= 2 && out[out.size() - 2] == ' ')) &&
                           (out.back() == 'l' || out.back() == 'd');
      const bool inside = !elision && i > 0 && i + 1 < s.size() &&
                          std::isalpha((unsigned char)s[i - 1]) &&
                          std::isalpha((unsigned char)s[i + 1]);
      if (!inside && !out.empty() && out.back() != ' ') out.push_back(' ');
    } else if (!out.empty() && out.back() != ' ') {
      out.push_back(' ');
    }
  }
  while (!out.empty() && out.back() == ' ')
    out.pop_back();
  return out;
}

}  // namespace

std::string LatinizeName(std::string_view name) {
  if (IsAscii(name)) return AsciiWords(name);
  static std::mutex mu;
  static std::unique_ptr<icu::Transliterator> translit;
  static bool failed = false;
  std::string utf8;
  {
    std::lock_guard<std::mutex> lock(mu);
    if (!translit && !failed) {
      UErrorCode st = U_ZERO_ERROR;
      translit.reset(
          icu::Transliterator::createInstance("Any-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, st));
      if (U_FAILURE(st)) {
        translit.reset();
        failed = true;
      }
    }
    icu::UnicodeString u =
        icu::UnicodeString::fromUTF8(icu::StringPiece(name.data(), int32_t(name.size())));
    if (translit) translit->transliterate(u);
    u.toUTF8String(utf8);
  }
  // What ICU could not make ASCII (rare scripts) is dropped with the rest
  // of the punctuation.
  return AsciiWords(utf8);
}

std::string SpellingKey(std::string_view word) {
  std::string s(word);
  if (s.size() > 3 && s.compare(0, 2, "ye") == 0) s.erase(0, 1);  // yevgeny / evgeny
  static const std::pair<const char*, const char*> kRules[] = {
      {"dzh", "j"}, {"zh", "j"},  {"dj", "j"},   {"kh", "k"}, {"gh", "g"}, {"ph", "f"}, {"th", "t"},
      {"dh", "d"},  {"sh", "ch"}, {"ck", "k"},   {"q", "k"},  {"x", "ks"}, {"w", "v"},  {"ee", "i"},
      {"ou", "u"},  {"oo", "u"},  {"gue", "ge"}, {"y", "i"},  {"aa", "a"}};
  for (const auto& [from, to] : kRules) {
    size_t p = 0;
    const size_t fl = std::strlen(from), tl = std::strlen(to);
    while ((p = s.find(from, p)) != std::string::npos) {
      s.replace(p, fl, to);
      p += tl;
    }
  }
  std::string out;
  for (char c : s)
    if (out.empty() || out.back() != c) out.push_back(c);
  if (out.size() > 5 && (out.ends_with("ij") || out.ends_with("ii"))) out.resize(out.size() - 1);
  if (out.size() > 5 && out.back() == 'e') out.pop_back();  // prigojine / prigojin
  return out;
}

WordClass ClassifyWord(std::string_view w) {
  static const std::set<std::string, std::less<>> particles = {
      "al", "el",  "ul", "wal", "wa",  "bin", "ibn", "bint", "ben", "bn",  "de",
      "du", "des", "da", "di",  "la",  "le",  "les", "of",   "the", "and", "for",
      "et", "d",   "l",  "van", "von", "der", "y",   "e",    "a",   "an",  "at",
      "ad", "ar",  "as", "in",  "on",  "to",  "fi",  "aux",  "au",  "en"};
  // Legal forms say nothing about who an organisation is.
  static const std::set<std::string, std::less<>> legal = {
      "co",  "corp", "corporation", "inc", "incorporated", "llc",  "ltd",  "limited", "ooo",
      "zao", "oao",  "pao",         "ao",  "jsc",          "pjsc", "cjsc", "sa",      "sarl",
      "sas", "gmbh", "ag",          "plc", "bv",           "nv",   "fze",  "fzco",    "fzc",
      "llp", "lp",   "sdn",         "bhd", "pte",          "pty",  "sal",  "cv",      "srl"};
  // Kind-of-organisation words: common, but "Islamic State" is not
  // "Islamic Group".
  static const std::set<std::string, std::less<>> generic = {
      "group",     "groupe",     "company",      "companies",     "private",     "military",
      "pmc",       "chvk",       "organization", "organisation",  "association", "foundation",
      "trust",     "holding",    "holdings",     "international", "trading",     "services",
      "service",   "enterprise", "enterprises",  "industries",    "industry",    "forces",
      "force",     "armed",      "army",         "front",         "movement",    "brigade",
      "battalion", "militia",    "militias",     "party",         "network",     "mission",
      "national",  "general",    "state",        "republic",      "united",      "nations",
      "ministry",  "office",     "agency",       "bureau",        "department",  "committee",
      "council",   "authority",  "government",   "centre",        "center",      "institute",
      "unit",      "units",      "operation",    "branch",        "commercial",  "trade",
      "shipping",  "investment", "investments",  "global",        "joint",       "stock",
      "bank"};
  static const std::set<std::string, std::less<>> honorific = {
      "abu",    "abou", "umm",   "um",      "mullah",  "mulla",   "sheikh", "shaykh",
      "shaikh", "haji", "hajji", "hadji",   "maulana", "mawlawi", "maulvi", "mr",
      "mrs",    "dr",   "col",   "colonel", "gen",     "lt",      "capt",   "commander",
      "emir",   "amir", "qari",  "mufti",   "imam"};
  if (particles.count(w)) return WordClass::kParticle;
  if (legal.count(w)) return WordClass::kLegalForm;
  if (generic.count(w)) return WordClass::kGeneric;
  if (honorific.count(w)) return WordClass::kHonorific;
  if (w.size() > 6 && (w.ends_with("ovich") || w.ends_with("evich") || w.ends_with("ovna") ||
                       w.ends_with("evna") || w.ends_with("ovych") || w.ends_with("ivna")))
    return WordClass::kPatronymic;
  return WordClass::kNormal;
}

std::string Initials(const std::vector<std::string>& words) {
  std::string s;
  for (const auto& w : words)
    if (!w.empty() && ClassifyWord(w) != WordClass::kParticle) s.push_back(w[0]);
  return s.size() >= 3 ? s : std::string();
}

namespace {

std::string Trim(std::string s) {
  const char* ws = " \t\r\n,;:-";
  s.erase(0, s.find_first_not_of(ws));
  const size_t e = s.find_last_not_of(ws);
  s.erase(e == std::string::npos ? 0 : e + 1);
  return s;
}

bool LooksLikeDate(const std::string& s) {
  size_t digits = 0, letters = 0;
  for (unsigned char c : s) {
    digits += std::isdigit(c) != 0;
    letters += std::isalpha(c) != 0;
  }
  return digits > 0 && letters <= 4;  // "(2021-)", "(1995-2012)", "(Dec 2019)"
}

// Byte ranges of the quoted parts: '…', "…", «…», “…”.
void QuotedParts(const std::string& s, std::vector<std::string>* out) {
  // Single quotes need care: Arabic names use them as letters ('Abd, Jama'at).
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\'' || (i > 0 && s[i - 1] != ' ')) continue;
    for (size_t j = i + 1; j < s.size(); ++j) {
      if (s[j] != '\'') continue;
      const bool closes =
          s[j - 1] != ' ' && (j + 1 == s.size() || !std::isalnum((unsigned char)s[j + 1]));
      if (!closes) continue;
      if (j > i + 1) out->push_back(s.substr(i + 1, j - i - 1));
      i = j;
      break;
    }
  }
  static const std::pair<const char*, const char*> kPairs[] = {
      {"\"", "\""}, {"\xC2\xAB", "\xC2\xBB"}, {"\xE2\x80\x9C", "\xE2\x80\x9D"}};
  for (const auto& [open, close] : kPairs) {
    size_t p = 0;
    while ((p = s.find(open, p)) != std::string::npos) {
      const size_t b = p + std::strlen(open);
      const size_t e = s.find(close, b);
      if (e == std::string::npos) break;
      if (e > b) out->push_back(s.substr(b, e - b));
      p = e + std::strlen(close);
    }
  }
}

}  // namespace

std::vector<NameForm> NameForms(const std::string& name) {
  std::vector<NameForm> out{{name, false}};
  std::vector<std::string> parts;
  QuotedParts(name, &parts);
  // Parenthesised parts: taken out as names unless they are dates; the
  // name without them is a form too.
  std::string outside;
  size_t depth = 0, start = 0;
  for (size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '(') {
      if (depth++ == 0) start = i + 1;
    } else if (name[i] == ')' && depth > 0) {
      if (--depth == 0) {
        const std::string inner = Trim(name.substr(start, i - start));
        if (!inner.empty() && !LooksLikeDate(inner)) parts.push_back(inner);
      }
    } else if (depth == 0) {
      outside.push_back(name[i]);
    }
  }
  if (outside.size() != name.size()) parts.push_back(outside);
  // "JNIM: Group for Support of Islam and Muslims" (ACLED's actor names).
  const std::string base = outside.size() != name.size() ? outside : name;
  if (size_t c = base.find(": "); c != std::string::npos) {
    parts.push_back(base.substr(0, c));
    parts.push_back(base.substr(c + 2));
  }
  std::set<std::string> seen{name};
  for (auto& p : parts) {
    p = Trim(p);
    if (p.size() < 2 || !seen.insert(p).second) continue;
    out.push_back({p, true});
  }
  return out;
}

}  // namespace actorgraph
