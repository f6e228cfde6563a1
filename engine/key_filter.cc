#include "engine/key_filter.h"

#include <functional>

namespace actorgraph {

namespace {

// Six bits set in one block (a cache line), each chosen by 9 bits of a
// second hash; the block by the first hash's high half (a multiply instead
// of a modulo). At 12 bits a key, about 1 % false positives.
constexpr int kProbes = 6;

uint64_t Remix(uint64_t h) {  // splitmix64's finaliser
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ull;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebull;
  return h ^ (h >> 31);
}

size_t BlockOf(uint64_t hash, size_t blocks) {
  return static_cast<size_t>(((hash >> 32) * static_cast<uint64_t>(blocks)) >> 32);
}

}  // namespace

uint64_t KeyFilter::Hash(std::string_view key) {
  return std::hash<std::string_view>{}(key);
}

void KeyFilter::AddHash(uint64_t hash) {
  if (saturated_) return;
  if (parts_.empty() || parts_.back().size >= parts_.back().capacity) {
    Part p;
    p.capacity = parts_.empty() ? kFirstCapacity : 2 * parts_.back().capacity;
    const size_t blocks = (p.capacity * kBitsPerKey + 511) / 512;
    if (memory_bytes() + blocks * sizeof(Block) > max_bytes_) {
      saturated_ = true;
      std::vector<Part>().swap(parts_);
      return;
    }
    p.blocks.resize(blocks, Block{});
    parts_.push_back(std::move(p));
  }
  Part& p = parts_.back();
  Block& b = p.blocks[BlockOf(hash, p.blocks.size())];
  uint64_t bits = Remix(hash);
  for (int i = 0; i < kProbes; ++i, bits >>= 9)
    b.words[(bits >> 6) & 7] |= uint64_t{1} << (bits & 63);
  ++p.size;
}

bool KeyFilter::MayContainHash(uint64_t hash) const {
  if (saturated_) return true;
  const uint64_t remixed = Remix(hash);
  // A key not added is looked for in every part, one cache miss each: asked
  // for together, the misses overlap instead of following one another.
  for (const Part& p : parts_)
    __builtin_prefetch(&p.blocks[BlockOf(hash, p.blocks.size())]);
  for (const Part& p : parts_) {
    const Block& b = p.blocks[BlockOf(hash, p.blocks.size())];
    uint64_t bits = remixed;
    bool all = true;
    for (int i = 0; i < kProbes && all; ++i, bits >>= 9)
      all = b.words[(bits >> 6) & 7] & (uint64_t{1} << (bits & 63));
    if (all) return true;
  }
  return false;
}

size_t KeyFilter::keys() const {
  size_t n = 0;
  for (const Part& p : parts_)
    n += p.size;
  return n;
}

size_t KeyFilter::memory_bytes() const {
  size_t n = 0;
  for (const Part& p : parts_)
    n += p.blocks.size() * sizeof(Block);
  return n;
}

}  // namespace actorgraph
