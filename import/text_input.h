// Reading the messy text files analysts are given: line by line, with a
// byte-order mark, CRLF or CR line ends, a stray DOS end-of-file byte (0x1A)
// and non-UTF-8 bytes handled; and CSV records on top of that, with quoted
// fields that hold separators, quotes and line breaks.
//
// Both read one record at a time from a stream, so memory stays flat however
// large the file.
//
// Ownership: a reader borrows its istream. Thread-safety: one thread.
#pragma once

#include <cstdint>
#include <istream>
#include <string>
#include <vector>

#include "common/status.h"

namespace actorgraph {

// What to do with a line that is not valid UTF-8.
enum class Encoding {
  kAuto,    // valid UTF-8 as is; any other line read as Latin-1 (and counted)
  kUtf8,    // reject the line with an error naming it
  kLatin1,  // every line is Latin-1 (ISO 8859-1)
};

// True when `s` is well-formed UTF-8.
bool IsValidUtf8(const std::string& s);
// Latin-1 bytes to UTF-8.
std::string Latin1ToUtf8(const std::string& s);

class LineReader {
 public:
  // `bytes_counter`, when given, is increased by the bytes consumed (for
  // progress across files).
  LineReader(std::istream* in, Encoding enc = Encoding::kAuto, uint64_t* bytes_counter = nullptr)
      : in_(in), enc_(enc), bytes_(bytes_counter) {}

  // Reads the next line without its line end into `line`. Returns false at
  // the end of the input (or on error: see status()).
  bool Next(std::string* line);
  uint64_t line_no() const { return line_no_; }  // of the line last returned, 1-based
  uint64_t transcoded_lines() const { return transcoded_; }
  uint64_t first_transcoded_line() const { return first_transcoded_; }
  const Status& status() const { return status_; }

 private:
  bool Fill();
  std::istream* in_;
  Encoding enc_;
  uint64_t* bytes_;
  std::string buf_;
  size_t scanned_ = 0;  // bytes after pos_ known to hold no line end
  size_t pos_ = 0;
  bool eof_ = false;
  bool started_ = false;
  uint64_t line_no_ = 0;
  uint64_t transcoded_ = 0;
  uint64_t first_transcoded_ = 0;
  Status status_;
};

// A CSV record: its fields and the line it started on.
struct CsvRecord {
  std::vector<std::string> fields;
  uint64_t line = 0;
  std::string raw;  // the record's text, for reject files
};

class CsvReader {
 public:
  // `sep` is the field separator (',' or '\t').
  explicit CsvReader(LineReader* lines, char sep = ',') : lines_(lines), sep_(sep) {}
  // Reads the next non-empty record. Returns false at the end or on error
  // (status() says which: an unterminated quote names its line).
  bool Next(CsvRecord* rec);
  const Status& status() const { return status_; }
  // The line a malformed record starts on (0: the error is not a record's).
  uint64_t error_line() const { return error_line_; }

 private:
  LineReader* lines_;
  char sep_;
  Status status_;
  uint64_t error_line_ = 0;
};

// Header names to column indexes, matched case-insensitively with spaces,
// dashes and underscores ignored ("Event Date" finds "event_date").
class CsvHeader {
 public:
  CsvHeader() = default;
  explicit CsvHeader(const std::vector<std::string>& names);
  // -1 when absent; the first present of several spellings.
  int Find(std::initializer_list<const char*> names) const;
  const std::vector<std::string>& names() const { return names_; }

 private:
  static std::string Key(const std::string& s);
  std::vector<std::string> names_;
  std::vector<std::string> keys_;
};

// Trims ASCII white space at both ends.
std::string Trim(const std::string& s);

}  // namespace actorgraph
