#include "import/identifiers.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <vector>

#include "common/ascii.h"
#include "common/text_match.h"

namespace actorgraph {

namespace {

struct CountryCode {
  const char* name;
  const char* iso2;
  const char* iso3;
  const char* code;
};

// The countries that recur in reports on armed actors in Africa and the
// Middle East, and the usual places of registration. Extend as needed.
const CountryCode kCountries[] = {
    {"mali", "ml", "mli", "223"},
    {"burkina faso", "bf", "bfa", "226"},
    {"niger", "ne", "ner", "227"},
    {"chad", "td", "tcd", "235"},
    {"central african republic", "cf", "caf", "236"},
    {"cameroon", "cm", "cmr", "237"},
    {"sudan", "sd", "sdn", "249"},
    {"south sudan", "ss", "ssd", "211"},
    {"libya", "ly", "lby", "218"},
    {"algeria", "dz", "dza", "213"},
    {"mauritania", "mr", "mrt", "222"},
    {"senegal", "sn", "sen", "221"},
    {"guinea", "gn", "gin", "224"},
    {"cote d ivoire", "ci", "civ", "225"},
    {"nigeria", "ng", "nga", "234"},
    {"madagascar", "mg", "mdg", "261"},
    {"mozambique", "mz", "moz", "258"},
    {"democratic republic of the congo", "cd", "cod", "243"},
    {"egypt", "eg", "egy", "20"},
    {"syria", "sy", "syr", "963"},
    {"russia", "ru", "rus", "7"},
    {"russian federation", "ru", "rus", "7"},
    {"united arab emirates", "ae", "are", "971"},
    {"turkey", "tr", "tur", "90"},
    {"cyprus", "cy", "cyp", "357"},
    {"hong kong", "hk", "hkg", "852"},
    {"china", "cn", "chn", "86"},
    {"france", "fr", "fra", "33"},
    {"united kingdom", "gb", "gbr", "44"},
    {"united states", "us", "usa", "1"},
    {"belgium", "be", "bel", "32"},
    {"switzerland", "ch", "che", "41"},
    {"germany", "de", "deu", "49"},
    {"ukraine", "ua", "ukr", "380"},
    {"belarus", "by", "blr", "375"},
    {"afghanistan", "af", "afg", "93"},
    {"pakistan", "pk", "pak", "92"},
    {"iraq", "iq", "irq", "964"},
    {"iran", "ir", "irn", "98"},
    {"iran islamic republic of", "ir", "irn", "98"},
    {"syrian arab republic", "sy", "syr", "963"},
    {"saudi arabia", "sa", "sau", "966"},
    {"yemen", "ye", "yem", "967"},
    {"kuwait", "kw", "kwt", "965"},
    {"qatar", "qa", "qat", "974"},
    {"bahrain", "bh", "bhr", "973"},
    {"oman", "om", "omn", "968"},
    {"jordan", "jo", "jor", "962"},
    {"lebanon", "lb", "lbn", "961"},
    {"tunisia", "tn", "tun", "216"},
    {"morocco", "ma", "mar", "212"},
    {"somalia", "so", "som", "252"},
    {"kenya", "ke", "ken", "254"},
    {"ethiopia", "et", "eth", "251"},
    {"eritrea", "er", "eri", "291"},
    {"indonesia", "id", "idn", "62"},
    {"philippines", "ph", "phl", "63"},
    {"malaysia", "my", "mys", "60"},
    {"india", "in", "ind", "91"},
    {"bangladesh", "bd", "bgd", "880"},
    {"italy", "it", "ita", "39"},
    {"spain", "es", "esp", "34"},
    {"netherlands", "nl", "nld", "31"},
    {"panama", "pa", "pan", "507"},
    {"mexico", "mx", "mex", "52"},
    {"colombia", "co", "col", "57"},
    {"venezuela", "ve", "ven", "58"},
    {"cuba", "cu", "cub", "53"},
    {"korea north", "kp", "prk", "850"},
    {"democratic people s republic of korea", "kp", "prk", "850"},
    {"korea south", "kr", "kor", "82"},
    {"republic of korea", "kr", "kor", "82"},
    {"congo democratic republic of the", "cd", "cod", "243"},
    {"burma", "mm", "mmr", "95"},
    {"myanmar", "mm", "mmr", "95"},
    {"united kingdom of great britain and northern ireland", "gb", "gbr", "44"},
    {"united states of america", "us", "usa", "1"},
    {"west bank", "ps", "pse", "970"},
    {"palestinian", "ps", "pse", "970"},
    {"state of palestine", "ps", "pse", "970"},
    {"kazakhstan", "kz", "kaz", "7"},
    {"uzbekistan", "uz", "uzb", "998"},
    {"tajikistan", "tj", "tjk", "992"},
    {"azerbaijan", "az", "aze", "994"},
    {"georgia", "ge", "geo", "995"},
    {"gaza", "ps", "pse", "970"},
};

// Adjectives some lists write for the country ("Tunisian passport").
const std::pair<const char*, const char*> kDemonyms[] = {
    {"tunisian", "tn"}, {"yemeni", "ye"},    {"kuwaiti", "kw"},    {"iraqi", "iq"},
    {"saudi", "sa"},    {"libyan", "ly"},    {"qatari", "qa"},     {"syrian", "sy"},
    {"afghan", "af"},   {"pakistani", "pk"}, {"egyptian", "eg"},   {"jordanian", "jo"},
    {"iranian", "ir"},  {"russian", "ru"},   {"malian", "ml"},     {"sudanese", "sd"},
    {"somali", "so"},   {"lebanese", "lb"},  {"indonesian", "id"}, {"british", "gb"},
    {"german", "de"},   {"french", "fr"},    {"italian", "it"},    {"moroccan", "ma"},
    {"algerian", "dz"}, {"bahraini", "bh"},  {"omani", "om"},      {"emirati", "ae"},
};

}  // namespace

std::string CallingCode(std::string_view country) {
  const std::string f = FoldName(country);
  if (f.empty()) return "";
  for (const auto& c : kCountries)
    if (f == c.name || f == c.iso2 || f == c.iso3) return c.code;
  return "";
}

std::string CountryKey(std::string_view country) {
  const std::string f = FoldName(country);
  if (f.empty()) return "";
  for (const auto& c : kCountries)
    if (f == c.name || f == c.iso2 || f == c.iso3) return c.iso2;
  for (const auto& [d, iso] : kDemonyms)
    if (f == d) return iso;
  return Slug(f, 40);
}

std::string NormalizeDocumentNumber(std::string_view raw) {
  std::vector<std::string> words;
  std::string w;
  for (size_t i = 0; i <= raw.size(); ++i) {
    const char c = i < raw.size() ? raw[i] : ' ';
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!w.empty()) words.push_back(std::move(w));
      w.clear();
    } else {
      w.push_back(c);
    }
  }
  auto has_digit = [](const std::string& s) {
    return std::any_of(s.begin(), s.end(),
                       [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  };
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    const bool series = words[i].size() == 1 &&
                        std::isalpha(static_cast<unsigned char>(words[i][0])) &&
                        i + 1 < words.size() && has_digit(words[i + 1]);
    if (!series && !has_digit(words[i])) continue;
    for (char c : words[i])
      if (std::isalnum(static_cast<unsigned char>(c))) out.push_back(UpperAsciiChar(c));
  }
  if (!has_digit(out) || out.size() > 64) return "";
  return out;
}

std::string NormalizePhone(std::string_view raw, std::string_view country) {
  // Drop extensions and notes: "+223 76 12 34 56 (mobile)" keeps the number.
  std::string digits;
  bool plus = false;
  bool started = false;
  for (char c : raw) {
    if (c == '+' && !started) {
      plus = true;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      digits.push_back(c);
      started = true;
    } else if (started && (std::isalpha(static_cast<unsigned char>(c)) || c == ',' || c == ';')) {
      break;  // "ext", "x", a second number
    }
  }
  if (digits.size() < 5) return "";
  if (!plus && digits.rfind("00", 0) == 0) {
    plus = true;
    digits.erase(0, 2);
  }
  if (plus) return "+" + digits;
  const std::string cc = CallingCode(country);
  if (cc.empty()) return digits;
  if (digits[0] == '0') digits.erase(0, 1);  // national trunk prefix
  // Already carrying the code without a '+' ("223 76 12 34 56")?
  if (digits.rfind(cc, 0) == 0 && digits.size() > 9) return "+" + digits;
  return "+" + cc + digits;
}

std::string NormalizeEmail(std::string_view raw) {
  std::string s;
  for (char c : raw)
    if (!std::isspace(static_cast<unsigned char>(c))) s.push_back(LowerAsciiChar(c));
  if (s.rfind("mailto:", 0) == 0) s.erase(0, 7);
  while (!s.empty() && (s.back() == '.' || s.back() == ',' || s.back() == ';'))
    s.pop_back();
  const size_t at = s.find('@');
  if (at == std::string::npos || at == 0 || s.find('@', at + 1) != std::string::npos) return "";
  if (s.find('.', at) == std::string::npos || s.back() == '.') return "";
  return s;
}

std::string NormalizeAddress(std::string_view raw) {
  return FoldName(raw);
}

void ShortHashHex(uint64_t h, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  char buf[16];
  for (int i = 15; i >= 0; --i, h >>= 4)
    buf[i] = kHex[h & 15];
  out->append(buf, sizeof buf);
}

std::string ShortHash(std::string_view text) {
  std::string out;
  ShortHashHex(ShortHashAdd(kShortHashSeed, text), &out);
  return out;
}

std::string Slug(std::string_view text, size_t max) {
  std::string f = FoldName(text);
  for (char& c : f)
    if (c == ' ') c = '-';
  if (f.size() <= max) return f;
  // Cut on a character boundary, then add a hash of the whole text.
  size_t cut = max - 9;
  while (cut > 0 && (static_cast<unsigned char>(f[cut]) & 0xC0) == 0x80)
    --cut;
  return f.substr(0, cut) + "-" + ShortHash(f).substr(0, 8);
}

namespace {
Node IdentifierNode(const char* label, const char* prefix, const char* field, std::string_view raw,
                    const std::string& norm, const std::string& display) {
  Node n;
  n.xid = std::string(prefix) + (std::string(prefix) == "address:" ? Slug(norm, 160) : norm);
  n.labels = {label};
  n.name = display;
  n.props = {{"normalized", Value(norm)}, {"raw", Value(std::string(raw))}};
  if (field) n.props.emplace_back(field, Value(norm));
  std::sort(n.props.begin(), n.props.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return n;
}
}  // namespace

Node PhoneNode(std::string_view raw, std::string_view country, bool* ok) {
  const std::string norm = NormalizePhone(raw, country);
  *ok = !norm.empty();
  return IdentifierNode("Phone", "phone:", "number", raw, norm, norm);
}

Node EmailNode(std::string_view raw, bool* ok) {
  const std::string norm = NormalizeEmail(raw);
  *ok = !norm.empty();
  return IdentifierNode("Email", "email:", "email", raw, norm, norm);
}

Node IdentityDocumentNode(std::string_view raw_number, std::string_view country,
                          std::string_view document_type, bool* ok) {
  const std::string number = NormalizeDocumentNumber(raw_number);
  const std::string key = CountryKey(country);
  *ok = !number.empty();
  Node n;
  n.xid = "iddoc:" + (key.empty() ? "" : key + ":") + number;
  n.labels = {"IdentityDocument"};
  n.name = (document_type.empty() ? std::string("Document") : std::string(document_type)) + " " +
           number + (country.empty() ? "" : " (" + std::string(country) + ")");
  n.props = {{"normalized", Value(number)},
             {"number", Value(number)},
             {"raw", Value(std::string(raw_number))}};
  if (!document_type.empty())
    n.props.emplace_back("document_type", Value(std::string(document_type)));
  if (!country.empty()) n.props.emplace_back("country", Value(std::string(country)));
  std::sort(n.props.begin(), n.props.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return n;
}

Node AddressNode(std::string_view raw, bool* ok) {
  const std::string norm = NormalizeAddress(raw);
  *ok = !norm.empty();
  // The name keeps the address as written, with its spacing tidied.
  std::string display;
  bool space = false;
  for (char c : raw) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !display.empty();
    } else {
      if (space) display.push_back(' ');
      space = false;
      display.push_back(c);
    }
  }
  return IdentifierNode("Address", "address:", nullptr, raw, norm, display);
}

}  // namespace actorgraph
