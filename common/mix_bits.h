// MixBits: spreads a 64-bit hash or id over all its bits (MurmurHash3's
// finaliser), for open-addressing tables that take a slot from the low bits.
// Thread-safety: a pure function.
#pragma once

#include <cstddef>
#include <cstdint>

namespace actorgraph {

inline size_t MixBits(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return static_cast<size_t>(h);
}

}  // namespace actorgraph
