#include "query/parser/syntax_error.h"

#include <algorithm>
#include <vector>

#include "query/parser/utf8.h"

namespace actorgraph::query {
namespace {

// Lines longer than this are shown as a window around the error.
constexpr size_t kMaxShownWidth = 100;
constexpr size_t kContextBefore = 60;

}  // namespace

std::string CaretSnippet(std::string_view text, SourcePos pos) {
  const size_t offset = std::min<size_t>(pos.offset, text.size());
  const size_t nl = offset == 0 ? std::string_view::npos : text.rfind('\n', offset - 1);
  const size_t begin = nl == std::string_view::npos ? 0 : nl + 1;
  size_t end = text.find('\n', offset);
  if (end == std::string_view::npos) end = text.size();
  if (end > begin && text[end - 1] == '\r') --end;

  // Byte offsets where the code points of the line start; the caret goes
  // under code point `caret`.
  std::vector<size_t> starts;
  size_t caret = 0;
  for (size_t i = begin; i < end; ++i) {
    if (IsUtf8Continuation(static_cast<unsigned char>(text[i]))) continue;
    if (i < offset) caret = starts.size() + 1;
    starts.push_back(i);
  }
  starts.push_back(end);
  const size_t count = starts.size() - 1;

  size_t first = 0, last = count;
  if (count > kMaxShownWidth) {
    first = caret > kContextBefore ? caret - kContextBefore : 0;
    last = std::min(count, first + kMaxShownWidth);
    first = last - kMaxShownWidth;
  }
  std::string line = "  ";
  std::string marker = "  ";
  if (first > 0) line += "...", marker += "   ";
  line.append(text.substr(starts[first], starts[last] - starts[first]));
  if (last < count) line += "...";
  // Keep tabs in the marker line so the caret lines up in a terminal.
  for (size_t k = first; k < caret && k < last; ++k)
    marker += text[starts[k]] == '\t' ? '\t' : ' ';
  return line + "\n" + marker + "^";
}

Status SyntaxError(std::string_view text, SourcePos pos, std::string_view message) {
  return Status::InvalidArgument("syntax error at line " + std::to_string(pos.line) + ", column " +
                                 std::to_string(pos.column) + ": " + std::string(message) + "\n" +
                                 CaretSnippet(text, pos));
}

}  // namespace actorgraph::query
