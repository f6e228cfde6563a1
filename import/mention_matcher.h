// MentionMatcher: finds the entities a text names. Built once from every
// name and alias in the database (documents and identifiers aside), it scans
// a sentence word by word (folded: case and diacritics ignored) and takes,
// at each word, the longest name that starts there; matches are whole words.
// Names of three letters or fewer ("CAR", "US") match only when written in
// capitals, so "car" and "us" in running text do not.
//
// Ownership: holds its own copy of the names. Thread-safety: Find is const
// and safe from several threads after construction.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/ontology.h"
#include "engine/read_view.h"

namespace actorgraph {

struct Mention {
  std::string xid;      // the entity
  std::string surface;  // the words as the text writes them
};

class MentionMatcher {
 public:
  static Result<std::unique_ptr<MentionMatcher>> Build(const ReadView& view,
                                                       const Ontology& ontology);
  // For tests and callers with their own names: (name, entity id) pairs.
  void Add(const std::string& name, const std::string& xid);
  std::vector<Mention> Find(const std::string& text) const;
  size_t size() const { return names_; }

 private:
  struct TrieNode {
    std::map<std::string, std::unique_ptr<TrieNode>> next;
    std::vector<std::string> xids;  // entities whose name ends here
    bool short_name = false;        // needs capitals in the text
  };
  TrieNode root_;
  size_t names_ = 0;
};

// Splits a paragraph into sentences (". " before a capital, not after
// common abbreviations or initials).
std::vector<std::string> SplitSentences(const std::string& text);

}  // namespace actorgraph
