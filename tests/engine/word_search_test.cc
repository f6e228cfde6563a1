// ReadView::FindByWords: which node and which of its names a word search
// finds, at a transaction, and on databases of format version 1, whose word
// entries still carry the name.
#include <gtest/gtest.h>

#include <rocksdb/db.h>

#include <string>
#include <tuple>
#include <vector>

#include "engine/coding.h"
#include "engine/database.h"
#include "engine/read_view.h"
#include "engine/store_core.h"
#include "engine/write_txn.h"
#include "tests/store_test_util.h"
#include "tests/test_util.h"

namespace actorgraph {
namespace {

using testing::MakeNode;
using testing::TempDir;

std::unique_ptr<Database> Open(const std::string& dir) {
  auto db = Database::Open(dir);
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  return db.ok() ? std::move(db).value() : nullptr;
}

// "xid=matched" (with " (alias)") per match, in the order found.
std::vector<std::string> Found(const ReadView& view, std::string_view words, size_t limit = 1000) {
  auto r = view.FindByWords(words, limit);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  std::vector<std::string> out;
  if (!r.ok()) return out;
  for (const NameMatch& m : *r) {
    Node n;
    EXPECT_TRUE(view.GetNode(m.node, &n).ok());
    out.push_back(n.xid + "=" + m.matched + (m.is_alias ? " (alias)" : ""));
  }
  return out;
}

using Names = std::vector<std::string>;

TEST(WordSearch, EveryWordInOneNameOrAliasAndWhichOneMatched) {
  TempDir dir;
  auto db = Open(dir.path());
  auto txn = db->BeginWrite("people");
  Node a = MakeNode("dembele", "Person", "Souleymane Dembélé");
  a.aliases = {{"Abu Souleymane", {}}};
  Node b = MakeNode("keita", "Person", "Moussa Keïta");
  for (Node* n : {&a, &b})
    ASSERT_TRUE(txn->PutNode(n).ok());
  ASSERT_TRUE(txn->Commit().ok());
  auto view = db->Read();
  EXPECT_EQ(Found(*view, "DEMBELE"), Names{"dembele=Souleymane Dembélé"});
  // The primary name holds the word too, so it is what matched.
  EXPECT_EQ(Found(*view, "souleymane"), Names{"dembele=Souleymane Dembélé"});
  EXPECT_EQ(Found(*view, "abu"), Names{"dembele=Abu Souleymane (alias)"});
  EXPECT_EQ(Found(*view, "souleymane abu"), Names{"dembele=Abu Souleymane (alias)"});
  // Words of the name and of an alias, but of no single one of them.
  EXPECT_EQ(Found(*view, "abu dembele"), Names{});
  EXPECT_EQ(Found(*view, "keita moussa moussa"), Names{"keita=Moussa Keïta"});
  EXPECT_EQ(Found(*view, "keita dembele"), Names{});
  EXPECT_EQ(Found(*view, "nobody"), Names{});
  EXPECT_EQ(Found(*view, " ,; "), Names{});
}

TEST(WordSearch, FollowsTransactionTime) {
  TempDir dir;
  auto db = Open(dir.path());
  auto txn = db->BeginWrite("v1");
  Node w = MakeNode("wagner", "PrivateMilitaryCompany", "Wagner Group");
  ASSERT_TRUE(txn->PutNode(&w).ok());
  auto t1 = txn->Commit();
  ASSERT_TRUE(t1.ok());
  txn.reset();  // the next one waits for this one to go
  txn = db->BeginWrite("v2");
  w.name = "Wagner Africa Corps";
  ASSERT_TRUE(txn->PutNode(&w).ok());
  ASSERT_TRUE(txn->Commit().ok());
  auto now = db->Read();
  auto then = db->Read(*t1);
  // "wagner" stays in both versions: the name shown is the one of the
  // version read.
  EXPECT_EQ(Found(*now, "wagner"), Names{"wagner=Wagner Africa Corps"});
  EXPECT_EQ(Found(*then, "wagner"), Names{"wagner=Wagner Group"});
  EXPECT_EQ(Found(*now, "group"), Names{});
  EXPECT_EQ(Found(*then, "group wagner"), Names{"wagner=Wagner Group"});
  EXPECT_EQ(Found(*then, "corps"), Names{});
}

TEST(WordSearch, IntersectsCommonWordsAndKeepsTheLimit) {
  TempDir dir;
  auto db = Open(dir.path());
  auto txn = db->BeginWrite("addresses");
  // 600 "street"s, 300 of them "north", one "north 17": more candidates
  // than the search reads records for.
  for (int i = 0; i < 600; ++i) {
    Node n = MakeNode("a" + std::to_string(i), "Address",
                      std::to_string(i) + (i % 2 ? " North" : " South") + " Street");
    ASSERT_TRUE(txn->PutNode(&n).ok());
  }
  ASSERT_TRUE(txn->Commit().ok());
  auto view = db->Read();
  EXPECT_EQ(Found(*view, "street north 17"), Names{"a17=17 North Street"});
  EXPECT_EQ(Found(*view, "street 17"), Names{"a17=17 North Street"});
  EXPECT_EQ(Found(*view, "south 17"), Names{});
  EXPECT_EQ(Found(*view, "north street").size(), 300u);
  EXPECT_EQ(Found(*view, "north street", 7).size(), 7u);
  EXPECT_EQ(Found(*view, "street", 5).size(), 5u);
  EXPECT_EQ(Found(*view, "street", 0).size(), 0u);
}

TEST(WordSearch, ReadsAndUpgradesAVersionOneDatabase) {
  TempDir dir;
  NodeId id = 0;
  {
    auto db = Open(dir.path());
    auto txn = db->BeginWrite("one");
    Node n = MakeNode("fama", "ArmedForce", "Forces Armées Maliennes");
    n.aliases = {{"FAMa", {}}};
    ASSERT_TRUE(txn->PutNode(&n).ok());
    ASSERT_TRUE(txn->Commit().ok());
    id = n.id;
    // Made into what version 1 wrote: the word entries repeat the name.
    StoreCore* core = CoreOf(*db);
    const std::string name = "Forces Armées Maliennes";
    for (const auto& [word, from, alias] : {std::tuple{"forces", name, false},
                                            {"armees", name, false},
                                            {"maliennes", name, false},
                                            {"fama", std::string("FAMa"), true}}) {
      std::string value = EncodeLiveness(1, 0);
      coding::PutString(&value, from);
      value.push_back(alias ? 1 : 0);
      ASSERT_TRUE(core->db->Put({}, core->h(kIndex), NameIndexKey(word, id, kIdxWord), value).ok());
    }
    ASSERT_TRUE(core->db->Put({}, core->h(kMeta), kMetaFormat, "1").ok());
  }
  auto db = Open(dir.path());
  ASSERT_NE(db, nullptr);
  StoreCore* core = CoreOf(*db);
  std::string version;
  ASSERT_TRUE(core->db->Get({}, core->h(kMeta), kMetaFormat, &version).ok());
  EXPECT_EQ(version, std::to_string(kFormatVersion));
  auto view = db->Read();
  EXPECT_EQ(Found(*view, "maliennes forces"), Names{"fama=Forces Armées Maliennes"});
  EXPECT_EQ(Found(*view, "fama"), Names{"fama=FAMa (alias)"});
  // A rename writes the new way beside the old entries.
  auto txn = db->BeginWrite("two");
  Node n;
  ASSERT_TRUE(txn->GetNode(id, &n).ok());
  n.name = "Forces Armées du Mali";
  ASSERT_TRUE(txn->PutNode(&n).ok());
  ASSERT_TRUE(txn->Commit().ok());
  EXPECT_EQ(Found(*db->Read(), "forces mali"), Names{"fama=Forces Armées du Mali"});
  EXPECT_EQ(Found(*db->Read(), "maliennes"), Names{});
}

TEST(WordSearch, RefusesFormatVersionsItDoesNotRead) {
  for (const std::string& v :
       {std::to_string(kFormatVersion + 1), std::string("0"), std::string("2x"), std::string("")}) {
    TempDir dir;
    {
      auto db = Open(dir.path());
      StoreCore* core = CoreOf(*db);
      ASSERT_TRUE(core->db->Put({}, core->h(kMeta), kMetaFormat, v).ok());
    }
    auto db = Database::Open(dir.path());
    ASSERT_FALSE(db.ok()) << v;
    EXPECT_EQ(db.status().code(), Status::Code::kUnsupported) << v;
    EXPECT_NE(db.status().message().find("has format version " + v +
                                         "; this actorgraph reads "
                                         "versions 1 to " +
                                         std::to_string(kFormatVersion)),
              std::string::npos)
        << db.status().ToString();
  }
}

}  // namespace
}  // namespace actorgraph
