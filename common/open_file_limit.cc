#include "common/open_file_limit.h"

#include <sys/resource.h>

#include <cstdint>

namespace actorgraph {

uint64_t OpenFileLimit() {
  rlimit l{};
  if (getrlimit(RLIMIT_NOFILE, &l) != 0 || l.rlim_cur == RLIM_INFINITY) return UINT64_MAX;
  return static_cast<uint64_t>(l.rlim_cur);
}

uint64_t RaiseOpenFileLimit() {
  rlimit l{};
  if (getrlimit(RLIMIT_NOFILE, &l) == 0 && l.rlim_cur != l.rlim_max) {
    rlimit raised = l;
    raised.rlim_cur = l.rlim_max;
    (void)setrlimit(RLIMIT_NOFILE, &raised);  // refused: the old limit stays
  }
  return OpenFileLimit();
}

}  // namespace actorgraph
