#include "common/allocator.h"

#include <dlfcn.h>

#include <cstddef>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace actorgraph {

namespace {
// jemalloc's control function; there only when the program was linked with
// jemalloc (or it was preloaded). Looked up once: ReleaseFreedMemory runs
// after every staged batch.
using MallctlFn = int (*)(const char*, void*, size_t*, void*, size_t);
MallctlFn Mallctl() {
  static const MallctlFn fn = reinterpret_cast<MallctlFn>(dlsym(RTLD_DEFAULT, "mallctl"));
  return fn;
}
}  // namespace

std::string AllocatorName() {
  const MallctlFn mallctl = Mallctl();
  if (!mallctl) return "system malloc";
  const char* version = nullptr;
  size_t size = sizeof version;
  if (mallctl("version", &version, &size, nullptr, 0) != 0 || !version) return "jemalloc";
  return std::string("jemalloc ") + version;
}

void ReleaseFreedMemory() {
  if (const MallctlFn mallctl = Mallctl()) {
    // 4096 is MALLCTL_ARENAS_ALL: every arena's unused dirty pages.
    mallctl("arena.4096.purge", nullptr, nullptr, nullptr, 0);
    return;
  }
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

}  // namespace actorgraph
