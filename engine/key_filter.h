// KeyFilter: a Bloom filter that grows with what is added, for WriteTxn's
// record of the xid keys its staged batches wrote. An import looks up the
// xid of every entity it puts, mostly new ones; through RocksDB each such
// look-up probes the filter of every staged level-0 file of the xid family
// (up to 24 of them, and more level-0 files as the import grows: 32 % of the
// import thread of a 1M-row ACLED import). When the database held no key of
// that kind before the transaction, a key this filter does not hold is
// absent without a read.
//
// No false negatives: a key added is always found. About 1 % of the keys not
// added are found too, in each part (then the caller reads, as before).
// It grows by parts of doubling capacity (the keys added earlier are not
// kept to be hashed again), so a key not added probes one 64-byte block per
// part: log2(keys / 256k) + 1 of them. About 1.5 to 3 bytes a key, up to a
// budget: past it the parts are freed and every key may be there (the
// caller reads again), so that its memory stays bounded whatever the import.
//
// Thread-safety: none (one WriteTxn's thread).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace actorgraph {

class KeyFilter {
 public:
  explicit KeyFilter(size_t max_bytes = kDefaultMaxBytes) : max_bytes_(max_bytes) {}
  static constexpr size_t kDefaultMaxBytes = size_t{64} << 20;  // ~32M keys
  static uint64_t Hash(std::string_view key);
  void Add(std::string_view key) { AddHash(Hash(key)); }
  void AddHash(uint64_t hash);
  void AddHashes(const std::vector<uint64_t>& hashes) {
    for (uint64_t h : hashes)
      AddHash(h);
  }
  bool MayContain(std::string_view key) const { return MayContainHash(Hash(key)); }
  bool MayContainHash(uint64_t hash) const;
  size_t keys() const;  // added and held (none once saturated)
  // Over its budget: MayContain says true to every key.
  bool saturated() const { return saturated_; }
  size_t memory_bytes() const;

 private:
  struct alignas(64) Block {  // aligned: one cache line, not parts of two
    uint64_t words[8];        // 512 bits
  };
  struct Part {
    std::vector<Block> blocks;
    size_t capacity = 0, size = 0;
  };
  static constexpr size_t kFirstCapacity = size_t{1} << 18;
  static constexpr size_t kBitsPerKey = 12;
  size_t max_bytes_;
  std::vector<Part> parts_;
  bool saturated_ = false;
};

}  // namespace actorgraph
