#include "common/allocator_name.h"

#include <dlfcn.h>

#include <cstddef>

namespace actorgraph {

std::string AllocatorName() {
  // Asked at run time: jemalloc's control function is there only when the
  // program was linked with it (or it was preloaded).
  using MallctlFn = int (*)(const char*, void*, size_t*, void*, size_t);
  auto mallctl = reinterpret_cast<MallctlFn>(dlsym(RTLD_DEFAULT, "mallctl"));
  if (!mallctl) return "system malloc";
  const char* version = nullptr;
  size_t size = sizeof version;
  if (mallctl("version", &version, &size, nullptr, 0) != 0 || !version) return "jemalloc";
  return std::string("jemalloc ") + version;
}

}  // namespace actorgraph
