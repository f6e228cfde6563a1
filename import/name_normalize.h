// Names prepared for entity resolution: transliterated to lower-case ASCII,
// split into words, each word given a spelling key, and the forms a name
// hides (a quoted or parenthesised name, the two sides of "JNIM: Group for
// Support of Islam and Muslims") taken out as names of their own.
//
// Word classes decide how much a word counts when two names are compared:
// particles ("al", "bin", "of") and generic words ("group", "company",
// "LLC", "OOO", "private military company") count little, honorifics of
// noms de guerre ("abu", "umm") little, patronymics ("-ovich") less than a
// surname. The rest count by how rare they are (see resolve.cc).
//
// Known aliases (an acronym and its expansions in several languages) come
// from a small table in name_aliases.cc; KnownAliasKey maps a name to the
// table's entry, if any.
//
// Thread-safety: all functions are thread-safe (ICU is used under a lock).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace actorgraph {

// "Евгений Пригожин" -> "evgenij prigozin"; "Jama'at Nusrat al-Islam" ->
// "jamaat nusrat al islam". Apostrophes are dropped inside words, other
// punctuation splits words, spaces are collapsed.
std::string LatinizeName(std::string_view name);

// Spelling key of one latinised word, so transliteration variants meet:
// "yevgeniy"/"evgeny"/"evgueni" -> "evgeni"; "prigozhin"/"prigojine" ->
// "prigojin"; "muslimeen"/"muslimin" -> "muslimin".
std::string SpellingKey(std::string_view word);

enum class WordClass { kNormal, kParticle, kLegalForm, kGeneric, kHonorific, kPatronymic };
WordClass ClassifyWord(std::string_view latin_word);

// A name and the names it contains: itself; a quoted part ("PRIVATE
// MILITARY COMPANY 'WAGNER'" -> "WAGNER"); a parenthesised part that is not
// a date ("Al-Qaida in Iraq (AQI)" -> "AQI", and the name without it); each
// side of "ACRONYM: expansion". Derived forms come after the name itself.
struct NameForm {
  std::string text;  // as written (or the part taken out)
  bool derived = false;
};
std::vector<NameForm> NameForms(const std::string& name);

// Initials of the words that are not particles: "jamaat nusrat al islam wal
// muslimin" -> "jnim". Empty for fewer than three such words.
std::string Initials(const std::vector<std::string>& latin_words);

// Key of the known-alias table entry this name belongs to ("jnim",
// "wagner", …), or "" when the table does not know it.
std::string KnownAliasKey(const std::string& latinised);

}  // namespace actorgraph
