#include "common/grade.h"

#include "common/ascii.h"

namespace actorgraph {

Result<Grade> Grade::Parse(std::string_view code) {
  if (code.size() != 2 || code[0] < 'A' || code[0] > 'F' || code[1] < '1' || code[1] > '6') {
    // Accept lower case, which people type.
    if (code.size() == 2 && code[0] >= 'a' && code[0] <= 'f' && code[1] >= '1' && code[1] <= '6')
      return Grade{UpperAsciiChar(code[0]), code[1]};
    return Status::InvalidArgument("bad grade '" + std::string(code) +
                                   "': expected an Admiralty code, a letter A-F (source "
                                   "reliability) and a digit 1-6 (credibility), e.g. B2");
  }
  return Grade{code[0], code[1]};
}

}  // namespace actorgraph
