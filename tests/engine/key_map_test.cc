// KeyMap (engine/key_set.h), WriteTxn's map of pending xids, and the pending
// claims WriteTxn keeps encoded: a claim put again in the same batch is found
// unchanged or rewritten, and the database holds the same claims whether or
// not the transaction spilled in between.
#include <gtest/gtest.h>

#include <string>

#include "engine/database.h"
#include "engine/key_set.h"
#include "engine/write_txn.h"
#include "tests/store_test_util.h"
#include "tests/test_util.h"

namespace actorgraph {
namespace {

using testing::MakeNode;
using testing::TempDir;

TEST(KeyMap, AssignFindEraseClear) {
  KeyMap m;
  EXPECT_FALSE(m.find("a"));
  EXPECT_TRUE(m.empty());
  // Enough keys to grow the table several times; keys that share prefixes,
  // an empty key and a long one.
  for (uint64_t i = 0; i < 5000; ++i)
    m.assign("key:" + std::to_string(i), i * 3);
  m.assign("", 7);
  const std::string long_key(70000, 'x');
  m.assign(long_key, 8);
  EXPECT_EQ(m.size(), 5002u);
  for (uint64_t i = 0; i < 5000; ++i) {
    auto v = m.find("key:" + std::to_string(i));
    ASSERT_TRUE(v) << i;
    EXPECT_EQ(*v, i * 3);
  }
  EXPECT_EQ(*m.find(""), 7u);
  EXPECT_EQ(*m.find(long_key), 8u);
  EXPECT_FALSE(m.find("key:5000"));
  EXPECT_FALSE(m.find("key:"));
  // Overwrite, erase, revive.
  m.assign("key:10", 1);
  EXPECT_EQ(*m.find("key:10"), 1u);
  m.erase("key:11");
  m.erase("key:11");     // twice: no effect
  m.erase("not there");  // no effect
  EXPECT_FALSE(m.find("key:11"));
  EXPECT_EQ(m.count("key:11"), 0u);
  EXPECT_EQ(m.size(), 5001u);
  m.assign("key:11", 99);
  EXPECT_EQ(*m.find("key:11"), 99u);
  EXPECT_EQ(m.size(), 5002u);
  m.clear();
  EXPECT_TRUE(m.empty());
  EXPECT_FALSE(m.find("key:1"));
  m.assign("key:1", 2);
  EXPECT_EQ(*m.find("key:1"), 2u);
  EXPECT_EQ(m.size(), 1u);
}

Claim MakeClaim(const std::string& xid, NodeId target, NodeId doc, const std::string& quote) {
  Claim c;
  c.xid = xid;
  c.target_kind = TargetKind::kNode;
  c.target = target;
  c.source = doc;
  c.quote = quote;
  c.locator = "line " + xid;
  c.value.reset();
  return c;
}

// The same claims, put twice and rewritten, with and without spills.
std::map<std::string, std::string> RunClaims(size_t threshold, WriteCounts* counts) {
  TempDir dir;
  auto db = std::move(Database::Open(dir.path())).value();
  auto txn = db->BeginWrite("claims");
  txn->SetSpillThreshold(threshold);
  Node d = MakeNode("doc", "Document", "Report");
  EXPECT_TRUE(txn->PutNode(&d).ok());
  Node a = MakeNode("a", "Person", "Person A");
  EXPECT_TRUE(txn->PutNode(&a).ok());
  Node b = MakeNode("b", "Person", "Person B");
  EXPECT_TRUE(txn->PutNode(&b).ok());
  for (int i = 0; i < 20; ++i) {
    Claim c =
        MakeClaim("c" + std::to_string(i), i % 2 ? a.id : b.id, d.id, "said " + std::to_string(i));
    auto r = txn->PutClaim(&c);
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(*r, PutOutcome::kCreated);
    // The caller's claim keeps its own recorded (the pending copy is T's).
    EXPECT_EQ(c.recorded, 0u);
    // Again, the same: unchanged, the same id.
    Claim again = MakeClaim("c" + std::to_string(i), c.target, d.id, c.quote);
    r = txn->PutClaim(&again);
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(*r, PutOutcome::kUnchanged) << i;
    EXPECT_EQ(again.id, c.id);
  }
  // Rewritten: another quote, then another target.
  Claim c3 = MakeClaim("c3", a.id, d.id, "rewritten");
  EXPECT_TRUE(txn->PutClaim(&c3).ok());
  Claim c4 = MakeClaim("c4", a.id, d.id, "moved to a");
  EXPECT_TRUE(txn->PutClaim(&c4).ok());
  EXPECT_TRUE(txn->Commit().ok());
  *counts = txn->claim_counts();
  txn.reset();
  return testing::DumpStore(db.get());
}

TEST(PendingClaims, RepeatedAndRewrittenClaimsWithAndWithoutSpills) {
  WriteCounts whole;
  const auto want = RunClaims(0, &whole);
  EXPECT_EQ(whole.created, 20u);
  EXPECT_EQ(whole.unchanged, 20u);
  size_t claims = 0;
  for (const auto& [k, v] : want)
    claims += k.starts_with("claims|");
  EXPECT_EQ(claims, 20u);
  for (size_t threshold : {1, 2, 3, 7}) {
    SCOPED_TRACE("threshold " + std::to_string(threshold));
    WriteCounts spilled;
    const auto got = RunClaims(threshold, &spilled);
    EXPECT_EQ(spilled.created, whole.created);
    EXPECT_EQ(spilled.unchanged, whole.unchanged);
    // Transaction times differ in the txn/ record only.
    for (const auto& [k, v] : want) {
      if (k.starts_with("meta|txn/")) continue;
      EXPECT_EQ(got.count(k) ? got.at(k) : "<absent>", v) << k;
    }
    EXPECT_EQ(got.size(), want.size());
  }
}

}  // namespace
}  // namespace actorgraph

namespace actorgraph {
namespace {

// PutClaim names its target in errors (the name is built only then).
TEST(PendingClaims, ErrorsNameTheTarget) {
  testing::TempDir dir;
  auto db = std::move(Database::Open(dir.path())).value();
  auto txn = db->BeginWrite("errors");
  Node d = testing::MakeNode("doc", "Document", "Report");
  ASSERT_TRUE(txn->PutNode(&d).ok());
  Node a = testing::MakeNode("person-a", "Person", "Person A");
  ASSERT_TRUE(txn->PutNode(&a).ok());
  Node b = testing::MakeNode("person-b", "Person", "Person B");
  ASSERT_TRUE(txn->PutNode(&b).ok());
  Relationship r;
  r.xid = "knows-ab";
  r.type = "ALLIED_WITH";
  r.src = a.id;
  r.dst = b.id;
  ASSERT_TRUE(txn->PutRel(&r).ok()) << txn->PutRel(&r).status().ToString();
  Claim c;
  c.xid = "c1";
  c.target = a.id;
  c.source = d.id;
  c.property = "no_such_property";
  auto res = txn->PutClaim(&c);
  ASSERT_FALSE(res.ok());
  EXPECT_NE(res.status().message().find("claim on node 'person-a': field 'property'"),
            std::string::npos)
      << res.status().message();
  EXPECT_NE(res.status().message().find("not a declared property of node 'person-a'"),
            std::string::npos);
  c.target_kind = TargetKind::kRel;
  c.target = r.id;
  res = txn->PutClaim(&c);
  ASSERT_FALSE(res.ok());
  EXPECT_NE(res.status().message().find("claim on relationship 'knows-ab'"), std::string::npos)
      << res.status().message();
  c.property.clear();
  c.source = b.id;  // not a Document
  res = txn->PutClaim(&c);
  ASSERT_FALSE(res.ok());
  EXPECT_NE(res.status().message().find("claim on relationship 'knows-ab': field 'source'"),
            std::string::npos)
      << res.status().message();
}

}  // namespace
}  // namespace actorgraph
