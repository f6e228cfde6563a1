// The process's limit on open file descriptors. RocksDB's table files count
// against it (by default it keeps every one open, and a million-row import
// leaves hundreds of them), beside the server's sockets and the WAL.
//
// Thread-safety: RaiseOpenFileLimit changes a process-wide setting: call it
// from main() before the threads start. OpenFileLimit may be called anywhere.
#pragma once

#include <cstdint>

namespace actorgraph {

// Raises the soft limit to the hard one (Debian's soft limit is 1024, its
// hard limit far higher). Returns the soft limit in force afterwards.
uint64_t RaiseOpenFileLimit();

// The soft limit in force (UINT64_MAX when unlimited or unknown).
uint64_t OpenFileLimit();

}  // namespace actorgraph
