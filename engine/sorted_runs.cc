#include "engine/sorted_runs.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <thread>
#include <tuple>

#include "engine/direct_io.h"

namespace actorgraph {

namespace {

// Entry layout in a chunk: [u32 key length][u32 value length][u8 partition]
// [key][value].
constexpr size_t kHeader = 9;

// How many entries ahead a sorted batch is prefetched when read in order.
constexpr size_t kPrefetchAhead = 16;

void PutVarint32(std::string* out, uint32_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

// Parses a varint from [*p, end); false if it is cut off or too long.
bool ParseVarint32(const char** p, const char* end, uint32_t* v) {
  uint32_t result = 0;
  for (int shift = 0; shift <= 28 && *p < end; shift += 7) {
    const uint32_t byte = static_cast<uint8_t>(*(*p)++);
    result |= (byte & 0x7f) << shift;
    if (!(byte & 0x80)) {
      *v = result;
      return true;
    }
  }
  return false;
}

class BatchSource final : public SortedSource {
 public:
  BatchSource(const KvBatch& batch, uint8_t part, const KeyRange& range) : batch_(batch) {
    std::tie(i_, end_) = batch.PartRange(part);
    // The partition is sorted: binary searches find the range's ends.
    auto first_not = [&](size_t a, size_t b, auto&& before) {
      while (a < b) {
        const size_t m = a + (b - a) / 2;
        if (before(batch.Key(m)))
          a = m + 1;
        else
          b = m;
      }
      return a;
    };
    if (!range.lo.empty())
      i_ = first_not(i_, end_, [&](std::string_view k) { return range.Below(k); });
    if (!range.hi.empty())
      end_ = first_not(i_, end_, [&](std::string_view k) { return !range.Above(k); });
  }
  bool Valid() const override { return i_ < end_; }
  std::string_view key() const override { return batch_.Key(i_); }
  std::string_view value() const override { return batch_.Value(i_); }
  void Next() override {
    ++i_;
    if (i_ + kPrefetchAhead < end_) batch_.Prefetch(i_ + kPrefetchAhead);
  }
  Status status() const override { return Status::OK(); }

 private:
  const KvBatch& batch_;
  size_t i_, end_;
};

// Reads a byte range of a run file (see DirectRangeReader: run files bypass
// the page cache).
class RunSource final : public SortedSource {
 public:
  // Reads the range of `reader`, which must start at a restart point, and
  // yields the entries within `range`.
  RunSource(std::unique_ptr<DirectRangeReader> reader, std::string path, const KeyRange& range)
      : reader_(std::move(reader)), path_(std::move(path)), hi_(range.hi) {
    Next();
    while (valid_ && range.Below(key_buf_))
      Next();
  }
  bool Valid() const override { return valid_; }
  std::string_view key() const override { return key_buf_; }
  std::string_view value() const override { return value_; }
  Status status() const override { return status_; }

  void Next() override {
    valid_ = false;
    if (!status_.ok() || done_) return;
    // Views handed out earlier die in Ensure, as SortedSource allows.
    // At most 15 header bytes; then the key's suffix and the value.
    if (!Ensure(15)) return;
    if (reader_->available() == 0) return;  // end of the section
    const char* start = reader_->data();
    const char* p = start;
    const char* end = start + reader_->available();
    uint32_t shared = 0, kl = 0, vl = 0;
    if (!ParseVarint32(&p, end, &shared) || !ParseVarint32(&p, end, &kl) ||
        !ParseVarint32(&p, end, &vl) || shared > key_buf_.size()) {
      status_ = Status::Corruption("bad entry in run file " + path_);
      return;
    }
    const size_t header = static_cast<size_t>(p - start);
    if (!Ensure(header + kl + vl)) return;
    if (reader_->available() < header + kl + vl) {
      status_ = Status::Corruption("truncated run file " + path_);
      return;
    }
    const char* k = reader_->data() + header;
    key_buf_.resize(shared);
    key_buf_.append(k, kl);
    value_ = std::string_view(k + kl, vl);
    reader_->Consume(header + kl + vl);
    valid_ = hi_.empty() || key_buf_ < hi_;
    done_ = !valid_;  // past the range: done
  }

 private:
  bool Ensure(size_t want) {
    status_ = reader_->Ensure(want);
    return status_.ok();
  }

  std::unique_ptr<DirectRangeReader> reader_;
  std::string path_;
  std::string key_buf_;  // the current key: the previous one's prefix + a suffix
  std::string_view value_;
  const std::string hi_;  // the range's end (exclusive), empty if none
  bool valid_ = false;
  bool done_ = false;
  Status status_;
};

}  // namespace

// ---------------------------------------------------------------- KvBatch

KvBatch::KvBatch(size_t chunk_bytes) : chunk_bytes_(std::max<size_t>(chunk_bytes, 4096)) {}

void KvBatch::Add(uint8_t part, std::string_view key, std::string_view value) {
  const size_t need = kHeader + key.size() + value.size();
  if (chunks_.empty() || used_ + need > chunk_sizes_[cur_]) {
    // Move to the next chunk: a kept one if it is large enough, else a new one.
    if (!chunks_.empty() && used_ > 0)
      ++cur_;  // the current chunk is full
    else if (!chunks_.empty())
      chunk_capacity_used_ -= chunk_sizes_[cur_];  // empty (after Clear) but too small
    if (cur_ < chunks_.size() && chunk_sizes_[cur_] < need) {
      chunks_.resize(cur_);  // the kept ones are too small for this entry
      chunk_sizes_.resize(cur_);
    }
    if (cur_ == chunks_.size()) {
      const size_t size = std::max(chunk_bytes_, need);
      chunks_.emplace_back(new char[size]);
      chunk_sizes_.push_back(size);
    }
    chunk_capacity_used_ += chunk_sizes_[cur_];
    used_ = 0;
  }
  char* p = chunks_[cur_].get() + used_;
  const uint32_t kl = static_cast<uint32_t>(key.size()), vl = static_cast<uint32_t>(value.size());
  std::memcpy(p, &kl, 4);
  std::memcpy(p + 4, &vl, 4);
  p[8] = static_cast<char>(part);
  std::memcpy(p + kHeader, key.data(), key.size());
  std::memcpy(p + kHeader + key.size(), value.data(), value.size());
  refs_.push_back((static_cast<uint64_t>(cur_) << 32) | used_);
  used_ += need;
}

void KvBatch::Clear() {
  cur_ = 0;
  used_ = 0;
  chunk_capacity_used_ = chunks_.empty() ? 0 : chunk_sizes_[0];
  refs_.clear();
}

size_t KvBatch::MemoryBytes() const {
  // Sort() builds up to 40 bytes of scratch per entry.
  return chunk_capacity_used_ + std::max(refs_.capacity(), refs_.size()) * sizeof(uint64_t) +
         refs_.size() * 40;
}

const char* KvBatch::Entry(size_t i) const {
  const uint64_t ref = refs_[i];
  return chunks_[ref >> 32].get() + (ref & 0xffffffffu) + 8;
}

std::string_view KvBatch::KeyOf(uint64_t ref) const {
  const char* p = chunks_[ref >> 32].get() + (ref & 0xffffffffu);
  uint32_t kl;
  std::memcpy(&kl, p, 4);
  return {p + kHeader, kl};
}

std::string_view KvBatch::Key(size_t i) const {
  return KeyOf(refs_[i]);
}

std::string_view KvBatch::Value(size_t i) const {
  const char* p = Entry(i) - 8;
  uint32_t kl, vl;
  std::memcpy(&kl, p, 4);
  std::memcpy(&vl, p + 4, 4);
  return {p + kHeader + kl, vl};
}

// First the entries are grouped by partition (a counting sort, stable), then
// each partition is sorted by key unless it already is (ids assigned in
// sequence arrive in order). Most key comparisons are decided by the first
// 16 bytes, kept next to the ref as big-endian words, so the sort rarely
// touches the chunks.
KvBatch::SortEntry* KvBatch::SortScratch::Entries(size_t n) {
  if (n > capacity_) {
    entries_.reset(new SortEntry[n]);  // not value-initialised: written before read
    capacity_ = n;
  }
  return entries_.get();
}

void KvBatch::Sort(int threads, SortScratch* scratch) {
  SortScratch own;
  SortScratch& kept = scratch ? *scratch : own;
  std::array<size_t, 257> start{};
  for (size_t i = 0; i < refs_.size(); ++i)
    ++start[Part(i) + 1];
  for (size_t p = 1; p < start.size(); ++p)
    start[p] += start[p - 1];
  {
    // Grouped into the scratch's array, which then becomes the batch's (and
    // the batch's the scratch's, for the next sort).
    std::vector<uint64_t>& grouped = kept.grouped_;
    grouped.resize(refs_.size());
    std::array<size_t, 257> at = start;
    for (size_t i = 0; i < refs_.size(); ++i)
      grouped[at[Part(i)]++] = refs_[i];
    refs_.swap(grouped);
  }
  std::vector<size_t> todo;  // partitions that need sorting, largest first
  for (size_t p = 0; p < 256; ++p) {
    bool sorted = true;
    for (size_t i = start[p] + 1; i < start[p + 1] && sorted; ++i)
      sorted = Key(i - 1) < Key(i);
    if (!sorted) todo.push_back(p);
  }
  std::sort(todo.begin(), todo.end(),
            [&](size_t a, size_t b) { return start[a + 1] - start[a] > start[b + 1] - start[b]; });
  // Keys of one family share long prefixes (an adjacency key is source,
  // type, target, id), so 24 bytes are kept inline.
  using E = SortEntry;
  auto word = [](std::string_view k, size_t at) -> uint64_t {
    if (k.size() >= at + 8) {
      uint64_t w;
      std::memcpy(&w, k.data() + at, 8);
      return __builtin_bswap64(w);
    }
    uint64_t w = 0;
    for (size_t i = 0; i < 8; ++i)
      w = (w << 8) | (at + i < k.size() ? static_cast<uint8_t>(k[at + i]) : 0);
    return w;
  };
  std::atomic<size_t> next{0};
  auto worker = [&](SortScratch& sc) {
    for (size_t t; (t = next.fetch_add(1)) < todo.size();) {
      const size_t first = start[todo[t]], last = start[todo[t] + 1];
      E* es = sc.Entries(last - first);
      for (size_t i = first; i < last; ++i) {
        const std::string_view k = Key(i);
        es[i - first] = {{word(k, 0), word(k, 8), word(k, 16)}, refs_[i]};
      }
      RadixSort(es, last - first, 0);
      for (size_t i = first; i < last; ++i)
        refs_[i] = es[i - first].ref;
    }
  };
  std::vector<std::thread> helpers;
  for (int i = 1; i < threads && static_cast<size_t>(i) < todo.size(); ++i)
    helpers.emplace_back([&] {
      SortScratch sc;
      worker(sc);
    });
  // Without a kept scratch the memory is not kept with the batch: a loader
  // holds two batches, and 40 bytes an entry on both would raise its peak
  // (measured: +60 MB at peers sf 1).
  worker(kept);
  for (auto& h : helpers)
    h.join();
}

namespace {

// Byte b (0..23) of an entry's inline prefix.
inline unsigned Digit(const uint64_t* w, int b) {
  return static_cast<unsigned>(w[b >> 3] >> (56 - 8 * (b & 7))) & 0xffu;
}

}  // namespace

// An in-place MSD radix sort (American flag sort) on the 24 inline bytes,
// from byte b on (all entries agree on the bytes before b); ranges that are
// small, or equal in all 24 bytes, are finished by comparison. Byte
// positions where every entry agrees (the high bytes of ids) are skipped in
// one pass. Measured against std::sort at peers sf 10: bench/results-bulk20.md.
void KvBatch::RadixSort(SortEntry* a, size_t n, int b) const {
  constexpr size_t kSmall = 64;
  for (;;) {
    if (n < 2) return;
    if (n < kSmall) {
      std::sort(a, a + n, [this](const SortEntry& x, const SortEntry& y) {
        for (int j = 0; j < 3; ++j)
          if (x.w[j] != y.w[j]) return x.w[j] < y.w[j];
        return KeyOf(x.ref) < KeyOf(y.ref);
      });
      return;
    }
    if (b == 24) {  // equal prefixes: the rest of the keys decides
      std::sort(a, a + n, [this](const SortEntry& x, const SortEntry& y) {
        return KeyOf(x.ref) < KeyOf(y.ref);
      });
      return;
    }
    std::array<size_t, 256> count{};
    for (size_t i = 0; i < n; ++i)
      ++count[Digit(a[i].w, b)];
    if (count[Digit(a[0].w, b)] == n) {
      // All agree on byte b: find the first byte on which any two differ.
      uint64_t diff[3] = {0, 0, 0};
      for (size_t i = 1; i < n; ++i)
        for (int j = b >> 3; j < 3; ++j)
          diff[j] |= a[i].w[j] ^ a[0].w[j];
      int next = 24;
      for (int j = b >> 3; j < 3; ++j)
        if (diff[j] != 0) {
          next = 8 * j + __builtin_clzll(diff[j]) / 8;
          break;
        }
      b = std::max(next, b + 1);
      continue;
    }
    std::array<size_t, 256> head, tail;
    size_t sum = 0;
    for (size_t d = 0; d < 256; ++d) {
      head[d] = sum;
      sum += count[d];
      tail[d] = sum;
    }
    for (size_t d = 0; d < 256; ++d) {
      while (head[d] < tail[d]) {
        SortEntry v = a[head[d]];
        unsigned dv = Digit(v.w, b);
        while (dv != d) {
          std::swap(v, a[head[dv]++]);
          dv = Digit(v.w, b);
        }
        a[head[d]++] = v;
      }
    }
    size_t begin = 0;
    for (size_t d = 0; d < 256; ++d) {
      if (count[d] > 1) RadixSort(a + begin, count[d], b + 1);
      begin += count[d];
    }
    return;
  }
}

std::pair<size_t, size_t> KvBatch::PartRange(uint8_t part) const {
  auto part_of = [this](size_t i) { return Part(i); };
  size_t lo = 0, hi = refs_.size();
  // First index with partition >= part, then first with partition > part.
  size_t a = lo, b = hi;
  while (a < b) {
    const size_t m = a + (b - a) / 2;
    if (part_of(m) < part)
      a = m + 1;
    else
      b = m;
  }
  const size_t first = a;
  b = hi;
  while (a < b) {
    const size_t m = a + (b - a) / 2;
    if (part_of(m) <= part)
      a = m + 1;
    else
      b = m;
  }
  return {first, a};
}

// ---------------------------------------------------------------- run files

Result<RunFile> WriteRun(const KvBatch& batch, int num_parts, const std::string& path,
                         size_t restart_interval) {
  restart_interval = std::max<size_t>(restart_interval, 1);
  AG_ASSIGN_OR_RETURN(std::unique_ptr<DirectFileWriter> out, DirectFileWriter::Create(path));
  RunFile run;
  run.path = path;
  run.offsets.assign(static_cast<size_t>(num_parts) + 1, 0);
  run.restarts.resize(static_cast<size_t>(num_parts));
  // An entry's header and key suffix are gathered here, then appended.
  std::string entry;
  Status s;
  for (int p = 0; p < num_parts && s.ok(); ++p) {
    run.offsets[p] = out->position();
    const auto [first, last] = batch.PartRange(static_cast<uint8_t>(p));
    std::string_view prev;
    size_t until_restart = 0;
    for (size_t i = first; i < last && s.ok(); ++i) {
      if (i + kPrefetchAhead < last) batch.Prefetch(i + kPrefetchAhead);
      const std::string_view k = batch.Key(i), v = batch.Value(i);
      if (until_restart-- == 0) {  // a restart point: the key whole
        run.restarts[p].push_back({out->position(), std::string(k)});
        prev = {};
        until_restart = restart_interval - 1;
      }
      // Keys of a section are sorted, so neighbours share long prefixes.
      const size_t n = std::min(prev.size(), k.size());
      size_t shared = 0;
      while (shared + 8 <= n && std::memcmp(prev.data() + shared, k.data() + shared, 8) == 0)
        shared += 8;
      while (shared < n && prev[shared] == k[shared])
        ++shared;
      entry.clear();
      PutVarint32(&entry, static_cast<uint32_t>(shared));
      PutVarint32(&entry, static_cast<uint32_t>(k.size() - shared));
      PutVarint32(&entry, static_cast<uint32_t>(v.size()));
      entry.append(k.substr(shared));
      s = out->Append(entry.data(), entry.size());
      if (s.ok()) s = out->Append(v.data(), v.size());
      prev = k;
    }
  }
  run.offsets[num_parts] = out->position();
  if (s.ok()) s = out->Finish();
  if (!s.ok()) return s;
  return run;
}

std::unique_ptr<SortedSource> NewBatchSource(const KvBatch& batch, uint8_t part,
                                             const KeyRange& range) {
  return std::make_unique<BatchSource>(batch, part, range);
}

Result<std::unique_ptr<SortedSource>> NewRunSource(const RunFile& run, uint8_t part,
                                                   const KeyRange& range) {
  if (static_cast<size_t>(part) + 1 >= run.offsets.size())
    return Status::InvalidArgument("no partition " + std::to_string(part) + " in " + run.path);
  uint64_t begin = run.offsets[part], end = run.offsets[part + 1];
  if (part < run.restarts.size()) {
    // Start at the last restart point at or before lo; stop at the first one
    // at or past hi (every entry from there on is past the range).
    const auto& rs = run.restarts[part];
    auto after_lo =
        std::upper_bound(rs.begin(), rs.end(), std::string_view(range.lo),
                         [](std::string_view k, const RunFile::Restart& r) { return k < r.key; });
    if (after_lo != rs.begin()) begin = std::prev(after_lo)->offset;
    if (!range.hi.empty()) {
      auto at_hi = std::lower_bound(rs.begin(), rs.end(), std::string_view(range.hi),
                                    [](const RunFile::Restart& r, std::string_view k) {
                                      return std::string_view(r.key) < k;
                                    });
      if (at_hi != rs.end()) end = std::max(begin, at_hi->offset);
    }
  }
  AG_ASSIGN_OR_RETURN(std::unique_ptr<DirectRangeReader> reader,
                      DirectRangeReader::Open(run.path, begin, end));
  return std::unique_ptr<SortedSource>(new RunSource(std::move(reader), run.path, range));
}

// ---------------------------------------------------------------- merging

Status MergeSources(std::vector<std::unique_ptr<SortedSource>> sources,
                    const std::function<Status(std::string_view, std::string_view)>& fn) {
  // A binary min-heap on the current key. After an entry is taken its source
  // moves on and sinks only as far as it must: when the runs hardly overlap
  // (ids in sequence) that is one or two comparisons an entry. Each slot
  // keeps its source's current key (valid until that source's Next), so a
  // comparison costs no virtual call.
  struct Slot {
    std::string_view key;
    SortedSource* src;
  };
  std::vector<Slot> heap;
  for (auto& s : sources) {
    AG_RETURN_IF_ERROR(s->status());
    if (s->Valid()) heap.push_back({s->key(), s.get()});
  }
  auto sift_down = [&heap](size_t i) {
    const Slot x = heap[i];
    for (;;) {
      size_t child = 2 * i + 1;
      if (child >= heap.size()) break;
      if (child + 1 < heap.size() && heap[child + 1].key < heap[child].key) ++child;
      if (!(heap[child].key < x.key)) break;
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = x;
  };
  for (size_t i = heap.size() / 2; i-- > 0;)
    sift_down(i);
  while (!heap.empty()) {
    SortedSource* s = heap.front().src;
    AG_RETURN_IF_ERROR(fn(heap.front().key, s->value()));
    s->Next();
    if (!s->Valid()) {
      AG_RETURN_IF_ERROR(s->status());
      heap.front() = heap.back();
      heap.pop_back();
      if (heap.empty()) break;
    } else {
      heap.front().key = s->key();
    }
    sift_down(0);
  }
  return Status::OK();
}

}  // namespace actorgraph
