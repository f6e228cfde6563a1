// AllocatorName: which malloc this process runs on, for `--version` and bug
// reports ("jemalloc 5.3.0-0-g54eaed1d8b56", or "system malloc"). The
// programs are linked with jemalloc (CMake option AG_JEMALLOC); a build
// without it, or under the sanitizers, runs on the C library's.
//
// Thread-safety: safe to call from any thread.
#pragma once

#include <string>

namespace actorgraph {

std::string AllocatorName();

}  // namespace actorgraph
