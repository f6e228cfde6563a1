// Helpers for tests that look at the store itself: every key of every column
// family, and a node built in one line.
#pragma once

#include <rocksdb/db.h>

#include <map>
#include <memory>
#include <string>

#include "engine/database.h"
#include "common/model.h"
#include "engine/store_core.h"

namespace actorgraph::testing {

// Every key and value of every column family ("family|key" -> value), with the
// values of the `txn/` records masked: they hold wall-clock times.
inline std::map<std::string, std::string> DumpStore(Database* db) {
  std::map<std::string, std::string> out;
  StoreCore* core = CoreOf(*db);
  for (int c = 1; c < kNumCfs; ++c) {
    std::unique_ptr<rocksdb::Iterator> it(
        core->db->NewIterator(rocksdb::ReadOptions(), core->h(c)));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      std::string v = it->value().ToString();
      if (c == kMeta && it->key().starts_with(kMetaTxnPrefix)) v = "(txn)";
      out[std::string(CfName(c)) + "|" + it->key().ToString()] = v;
    }
  }
  return out;
}

inline Node MakeNode(const std::string& xid, const std::string& label, const std::string& name,
                     ValueMap props = {}) {
  Node n;
  n.xid = xid;
  n.labels = {label};
  n.name = name;
  n.props = std::move(props);
  return n;
}

}  // namespace actorgraph::testing
