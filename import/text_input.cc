#include "import/text_input.h"

#include <algorithm>
#include <cctype>

#include "common/ascii.h"

namespace actorgraph {

bool IsValidUtf8(const std::string& s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    const unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int n;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      n = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (end - p <= n) return false;
    for (int i = 1; i <= n; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
      return false;
    p += n + 1;
  }
  return true;
}

std::string Latin1ToUtf8(const std::string& s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (unsigned char c : s) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n\f\v");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n\f\v");
  return s.substr(b, e - b + 1);
}

bool LineReader::Fill() {
  if (eof_) return false;
  if (pos_ > 0) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  char chunk[1 << 16];
  in_->read(chunk, sizeof chunk);
  const std::streamsize got = in_->gcount();
  if (got <= 0) {
    eof_ = true;
    if (in_->bad()) status_ = Status::IOError("read error");
    return false;
  }
  buf_.append(chunk, static_cast<size_t>(got));
  return true;
}

bool LineReader::Next(std::string* line) {
  if (!status_.ok()) return false;
  for (;;) {
    if (!started_) {
      while (buf_.size() - pos_ < 3 && Fill()) {
      }
      if (buf_.compare(pos_, 3, "\xEF\xBB\xBF") == 0) {
        pos_ += 3;
        if (bytes_) *bytes_ += 3;
      }
      started_ = true;
    }
    // A line ends at LF, CRLF or a lone CR (old Mac files).
    // `scanned_` bytes after pos_ hold no line end: a long line is scanned
    // once, not again after every Fill.
    size_t end = buf_.find_first_of("\r\n", pos_ + scanned_);
    if (end != std::string::npos && buf_[end] == '\r' && end + 1 == buf_.size() && !eof_) {
      scanned_ = end - pos_;
      if (Fill()) continue;  // need to see whether LF follows
      end = buf_.find_first_of("\r\n", pos_ + scanned_);
    }
    if (end == std::string::npos) {
      scanned_ = buf_.size() - pos_;
      if (Fill()) continue;
      if (pos_ >= buf_.size()) return false;
      end = buf_.size();
    }
    scanned_ = 0;
    line->assign(buf_, pos_, end - pos_);
    size_t next = end;
    if (next < buf_.size())
      next += (buf_[next] == '\r' && next + 1 < buf_.size() && buf_[next + 1] == '\n') ? 2 : 1;
    if (bytes_) *bytes_ += next - pos_;
    pos_ = next;
    ++line_no_;
    // A DOS end-of-file byte ends the text.
    if (size_t z = line->find('\x1a'); z != std::string::npos) {
      line->resize(z);
      eof_ = true;
      buf_.clear();
      pos_ = 0;
      if (line->empty()) return false;
    }
    if (enc_ == Encoding::kLatin1) {
      *line = Latin1ToUtf8(*line);
    } else if (!IsValidUtf8(*line)) {
      if (enc_ == Encoding::kUtf8) {
        status_ = Status::InvalidArgument(
            "line " + std::to_string(line_no_) +
            ": not valid UTF-8 (use --encoding latin-1 or auto to read it as Latin-1)");
        return false;
      }
      if (!transcoded_++) first_transcoded_ = line_no_;
      *line = Latin1ToUtf8(*line);
    }
    return true;
  }
}

bool CsvReader::Next(CsvRecord* rec) {
  std::string line;
  for (;;) {
    if (!lines_->Next(&line)) {
      status_ = lines_->status();
      return false;
    }
    if (!Trim(line).empty()) break;
  }
  rec->fields.clear();
  rec->line = lines_->line_no();
  rec->raw = line;
  std::string field;
  bool in_quotes = false, was_quoted = false;
  size_t i = 0;
  for (;;) {
    if (i >= line.size()) {
      if (in_quotes) {
        // A quoted field holding a line break: the record goes on.
        std::string more;
        if (!lines_->Next(&more)) {
          if (lines_->status().ok()) error_line_ = rec->line;
          status_ = lines_->status().ok()
                        ? Status::InvalidArgument(
                              "a quoted field is never closed (the rest of the file is in it)")
                        : lines_->status();
          return false;
        }
        field.push_back('\n');
        rec->raw += "\n" + more;
        line = std::move(more);
        i = 0;
        continue;
      }
      rec->fields.push_back(was_quoted ? field : Trim(field));
      return true;
    }
    const char c = line[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < line.size() && line[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        field.push_back(c);
      }
    } else if (c == '"' && Trim(field).empty()) {
      in_quotes = was_quoted = true;
      field.clear();
    } else if (c == sep_) {
      rec->fields.push_back(was_quoted ? field : Trim(field));
      field.clear();
      was_quoted = false;
    } else if (!(was_quoted && (c == ' ' || c == '\t'))) {
      field.push_back(c);
    }
    ++i;
  }
}

std::string CsvHeader::Key(const std::string& s) {
  std::string k;
  for (unsigned char c : s)
    if (std::isalnum(c)) k.push_back(LowerAsciiChar(static_cast<char>(c)));
  return k;
}

CsvHeader::CsvHeader(const std::vector<std::string>& names) : names_(names) {
  for (const auto& n : names)
    keys_.push_back(Key(n));
}

int CsvHeader::Find(std::initializer_list<const char*> names) const {
  for (const char* n : names) {
    auto it = std::find(keys_.begin(), keys_.end(), Key(n));
    if (it != keys_.end()) return static_cast<int>(it - keys_.begin());
  }
  return -1;
}

}  // namespace actorgraph
