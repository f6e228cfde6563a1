#include "import/mention_matcher.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "common/ascii.h"
#include "common/text_match.h"
#include "common/words.h"

namespace actorgraph {

namespace {

bool AllCaps(const std::string& s) {
  int letters = 0;
  for (unsigned char c : s) {
    if (std::islower(c)) return false;
    if (std::isupper(c)) ++letters;
  }
  return letters >= 2;
}

}  // namespace

Result<std::unique_ptr<MentionMatcher>> MentionMatcher::Build(const ReadView& view,
                                                              const Ontology& ontology) {
  auto m = std::make_unique<MentionMatcher>();
  Status inner;
  AG_RETURN_IF_ERROR(view.ForEachNode([&](NodeId id) {
    Node n;
    if (Status s = view.GetNode(id, &n); !s.ok()) {
      inner = s;
      return false;
    }
    for (const auto& l : n.labels)
      if (ontology.IsA(l, "Document") || ontology.IsA(l, "Identifier")) return true;
    m->Add(n.name, n.xid);
    for (const auto& a : n.aliases)
      m->Add(a.name, n.xid);
    return true;
  }));
  AG_RETURN_IF_ERROR(inner);
  return m;
}

void MentionMatcher::Add(const std::string& name, const std::string& xid) {
  const std::string folded = FoldName(name);
  if (folded.size() < 2) return;
  const auto words = SplitWords(folded);
  TrieNode* t = &root_;
  for (const auto& w : words) {
    auto& next = t->next[w];
    if (!next) next = std::make_unique<TrieNode>();
    t = next.get();
  }
  if (std::find(t->xids.begin(), t->xids.end(), xid) == t->xids.end()) t->xids.push_back(xid);
  if (folded.size() <= 3) t->short_name = true;
  ++names_;
}

std::vector<Mention> MentionMatcher::Find(const std::string& text) const {
  // Words of the text, each folded, with the original spelling kept.
  std::vector<std::string> folded, surface;
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    for (auto& f : SplitWords(FoldName(word))) {
      folded.push_back(f);
      surface.push_back(word);
    }
    word.clear();
  };
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c)))
      flush();
    else
      word.push_back(c);
  }
  flush();
  std::vector<Mention> out;
  std::set<std::string> seen;
  for (size_t i = 0; i < folded.size();) {
    const TrieNode* t = &root_;
    size_t best_end = 0;
    const TrieNode* best = nullptr;
    for (size_t j = i; j < folded.size(); ++j) {
      auto it = t->next.find(folded[j]);
      if (it == t->next.end()) break;
      t = it->second.get();
      if (!t->xids.empty() && (!t->short_name || AllCaps(surface[j]))) {
        best = t;
        best_end = j + 1;
      }
    }
    if (!best) {
      ++i;
      continue;
    }
    std::string s;
    for (size_t k = i; k < best_end; ++k)
      if (k == i || surface[k] != surface[k - 1]) s += (s.empty() ? "" : " ") + surface[k];
    while (!s.empty() && std::ispunct(static_cast<unsigned char>(s.back())) && s.back() != ')')
      s.pop_back();
    for (const auto& x : best->xids)
      if (seen.insert(x).second) out.push_back({x, s});
    i = best_end;
  }
  return out;
}

std::vector<std::string> SplitSentences(const std::string& text) {
  static const std::set<std::string> kAbbrev = {"mr",   "mrs",  "ms",    "dr",  "col", "gen", "lt",
                                                "no",   "para", "paras", "e.g", "i.e", "etc", "art",
                                                "st",   "vol",  "cf",    "see", "u.s", "u.n", "jr",
                                                "capt", "maj",  "sgt",   "fig", "op",  "cit"};
  std::vector<std::string> out;
  std::string cur;
  for (size_t i = 0; i < text.size(); ++i) {
    cur.push_back(text[i]);
    const char c = text[i];
    if (c != '.' && c != '!' && c != '?') continue;
    size_t j = i + 1;
    while (j < text.size() && (text[j] == '"' || text[j] == ')' || text[j] == '\'' ||
                               static_cast<unsigned char>(text[j]) >= 0x80))
      cur.push_back(text[j++]);  // closing quotes (also “” ’ in UTF-8)
    if (j >= text.size() || text[j] != ' ') {
      i = j - 1;
      continue;
    }
    size_t k = j;
    while (k < text.size() && text[k] == ' ')
      ++k;
    if (k >= text.size()) break;
    const unsigned char next = static_cast<unsigned char>(text[k]);
    if (!(std::isupper(next) || next == '"' || next == '(' || next >= 0x80 || std::isdigit(next))) {
      i = j - 1;
      continue;
    }
    // The word before the stop: an abbreviation or an initial?
    size_t w = cur.size() - 1;
    while (w > 0 && cur[w - 1] != ' ')
      --w;
    std::string last = cur.substr(w);
    while (!last.empty() && !std::isalnum(static_cast<unsigned char>(last.back())))
      last.pop_back();
    std::string lower;
    for (char ch : last)
      lower.push_back(LowerAsciiChar(ch));
    if (c == '.' && (kAbbrev.count(lower) ||
                     (last.size() == 1 && std::isupper(static_cast<unsigned char>(last[0]))))) {
      i = j - 1;
      continue;
    }
    const size_t b = cur.find_first_not_of(' ');
    if (b != std::string::npos) out.push_back(cur.substr(b));
    cur.clear();
    i = k - 1;
  }
  const size_t b = cur.find_first_not_of(' ');
  if (b != std::string::npos) out.push_back(cur.substr(b));
  return out;
}

}  // namespace actorgraph
