// Shared by the disk-full tests (disk_full_test.cc, disk_full_resume_test.cc).
#pragma once

#include <string>

#include "engine/database.h"
#include "engine/write_txn.h"

namespace actorgraph::testing {

// Writes `n` Person nodes "<prefix>0", "<prefix>1", … in one transaction;
// `padding` bytes added to each name make the writes fill a disk sooner.
inline Status WriteNodes(Database* db, const std::string& prefix, int n, size_t padding = 0) {
  auto txn = db->BeginWrite("nodes " + prefix);
  for (int i = 0; i < n; ++i) {
    Node node;
    node.xid = prefix + std::to_string(i);
    node.labels = {"Person"};
    node.name = "Person " + node.xid + std::string(padding, 'x');
    if (auto s = txn->PutNode(&node); !s.ok()) return s.status();
  }
  auto t = txn->Commit();
  return t.ok() ? Status::OK() : t.status();
}

}  // namespace actorgraph::testing
