// Records attached to a transaction (WriteTxn::PutTxnRecord) are written in
// its commit batch: they exist exactly when the transaction does.
#include <gtest/gtest.h>

#include "engine/coding.h"
#include "engine/database.h"
#include "engine/write_txn.h"
#include "tests/store_test_util.h"
#include "tests/test_util.h"

namespace actorgraph {
namespace {

using testing::MakeNode;
using testing::TempDir;

std::string RecordKey(TxnId txn) {
  std::string key = "meta|test-record/";
  coding::PutBE64(&key, txn);
  return key;
}

size_t CountRecords(Database* db) {
  size_t n = 0;
  for (const auto& [k, v] : testing::DumpStore(db))
    if (k.starts_with("meta|test-record/")) ++n;
  return n;
}

TEST(TxnRecordTest, WrittenWithTheCommitUnderItsNumber) {
  TempDir d;
  auto db = Database::Open(d.path());
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  auto txn = (*db)->BeginWrite("with a record");
  Node n = MakeNode("a", "PrivateMilitaryCompany", "A");
  ASSERT_TRUE(txn->PutNode(&n).ok());
  txn->PutTxnRecord("test-record/", "payload");
  auto t = txn->Commit();
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  const auto dump = testing::DumpStore(db->get());
  auto it = dump.find(RecordKey(*t));
  ASSERT_NE(it, dump.end());
  EXPECT_EQ(it->second, "payload");
}

TEST(TxnRecordTest, NotWrittenWhenTheTransactionIsRolledBackOrEmpty) {
  TempDir d;
  auto db = Database::Open(d.path());
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  {
    auto txn = (*db)->BeginWrite("rolled back");
    Node n = MakeNode("a", "PrivateMilitaryCompany", "A");
    ASSERT_TRUE(txn->PutNode(&n).ok());
    txn->PutTxnRecord("test-record/", "payload");
    ASSERT_TRUE(txn->Rollback().ok());
  }
  {
    auto txn = (*db)->BeginWrite("dropped");
    Node n = MakeNode("b", "PrivateMilitaryCompany", "B");
    ASSERT_TRUE(txn->PutNode(&n).ok());
    txn->PutTxnRecord("test-record/", "payload");
  }  // destroyed without commit
  {
    auto txn = (*db)->BeginWrite("nothing to write");
    txn->PutTxnRecord("test-record/", "payload");
    ASSERT_TRUE(txn->Commit().ok());
  }
  EXPECT_EQ(CountRecords(db->get()), 0u);
}

TEST(TxnRecordTest, StagedTransactionsCarryTheirRecordToTheFinalCommit) {
  TempDir d;
  auto db = Database::Open(d.path());
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  auto txn = (*db)->BeginWrite("staged");
  txn->SetSpillThreshold(1);
  for (int i = 0; i < 5; ++i) {
    Node n = MakeNode("n" + std::to_string(i), "PrivateMilitaryCompany", "N");
    ASSERT_TRUE(txn->PutNode(&n).ok());
  }
  txn->PutTxnRecord("test-record/", "staged payload");
  ASSERT_GT(txn->spills(), 0u);
  EXPECT_EQ(CountRecords(db->get()), 0u);  // not with a staged batch
  auto t = txn->Commit();
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(testing::DumpStore(db->get()).at(RecordKey(*t)), "staged payload");
}

}  // namespace
}  // namespace actorgraph
