// The process's memory allocator: the programs are linked with jemalloc
// (CMake option AG_JEMALLOC); a build without it, or under the sanitizers,
// runs on the C library's malloc. Both are asked at run time.
//
// Thread-safety: both functions may be called from any thread.
#pragma once

#include <string>

namespace actorgraph {

// For `--version` and bug reports: "jemalloc 5.3.0-0-g54eaed1d8b56…", or
// "system malloc".
std::string AllocatorName();

// Hands memory freed since the last call back to the operating system, so
// that a long import's batches do not pile up freed pages on its peak
// (jemalloc keeps them for ~10 s; glibc in each thread's arena until a
// trim). Call it where a large batch has just been freed: it costs a few
// system calls.
void ReleaseFreedMemory();

}  // namespace actorgraph
