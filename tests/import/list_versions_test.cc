// Sanctions list versions become listings in valid time (ListVersionRecorder):
// the same history whatever the import order, re-imports change nothing,
// gaps give a second relationship, and a version without a date is refused
// once another exists.
#include "import/list_versions.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "engine/database.h"
#include "engine/read_view.h"
#include "query/query_engine.h"
#include "tests/store_test_util.h"
#include "tests/test_util.h"

namespace actorgraph {
namespace {

using testing::MakeNode;

struct Version {
  const char* date;
  const char* doc;
  std::vector<std::string> entities;
};

class ListVersionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::move(Database::Open(dir_.path())).value();
    auto txn = db_->BeginWrite("setup");
    Node a = MakeNode("auth", "Organization", "The Authority");
    ASSERT_TRUE(txn->PutNode(&a).ok());
    for (const char* e : {"e1", "e2", "e3", "e4"}) {
      Node n = MakeNode(e, "Person", std::string("Entity ") + e);
      ASSERT_TRUE(txn->PutNode(&n).ok());
    }
    ASSERT_TRUE(txn->Commit().ok());
  }

  Status Import(const Version& v, std::optional<PartialDate> listed_e1 = std::nullopt) {
    auto txn = db_->BeginWrite(std::string("import ") + v.doc);
    Node doc = MakeNode(v.doc, "Document", v.doc);
    AG_RETURN_IF_ERROR(txn->PutNode(&doc).status());
    std::optional<PartialDate> date;
    if (v.date) date = *PartialDate::Parse(v.date);
    ListVersionRecorder rec("auth", date, v.doc, std::nullopt);
    for (const auto& e : v.entities) {
      ListEntry entry;
      entry.entity = e;
      entry.props = {{"program", Value("SDGT")}};
      entry.locator = "entry " + e;
      entry.digest = e;
      if (e == "e1") entry.listed_on = listed_e1;
      rec.Add(entry);
    }
    std::vector<StoredListVersion> same_txn;
    AG_RETURN_IF_ERROR(rec.Finish(txn.get(), "--published", &same_txn));
    return txn->Commit().status();
  }

  // Entities certainly sanctioned by the authority at `date`.
  std::set<std::string> InForce(const std::string& date) {
    query::QueryEngine engine(db_.get());
    auto c = engine.Run("FOR VALID_TIME AS OF '" + date +
                        "' MATCH (:Organization {id: 'auth'})-[:SANCTIONED]->(e) RETURN e.id");
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    std::set<std::string> out;
    if (!c.ok()) return out;
    std::vector<std::vector<Value>> rows;
    while (true) {
      auto more = (*c)->Next(100, &rows);
      EXPECT_TRUE(more.ok());
      if (!more.ok() || !*more) break;
    }
    for (const auto& r : rows)
      out.insert(r[0].as_string());
    return out;
  }

  // Every SANCTIONED relationship as "id interval".
  std::set<std::string> Rels() {
    auto view = db_->Read();
    std::set<std::string> out;
    EXPECT_TRUE(view->ForEachRel([&](const Relationship& r) {
                      if (r.type == "SANCTIONED") out.insert(r.xid + " " + r.valid.ToString());
                      return true;
                    })
                    .ok());
    return out;
  }

  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
};

const Version kV1{"2021-08-18", "doc1", {"e1", "e2", "e3"}};
const Version kV2{"2022-09-29", "doc2", {"e1", "e3", "e4"}};
const Version kV3{"2023-03-01", "doc3", {"e1", "e2", "e4"}};

TEST_F(ListVersionsTest, EachVersionDateSeesExactlyItsEntries) {
  for (const Version* v : {&kV1, &kV2, &kV3})
    ASSERT_TRUE(Import(*v).ok());
  for (const Version* v : {&kV1, &kV2, &kV3}) {
    std::set<std::string> want(v->entities.begin(), v->entities.end());
    EXPECT_EQ(InForce(v->date), want) << v->date;
  }
  EXPECT_TRUE(InForce("2021-01-01").empty());
  // Between two versions, an entry that left is no longer certain.
  EXPECT_EQ(InForce("2022-01-10"), (std::set<std::string>{"e1", "e3"}));
  // e2 left and came back: two relationships, the second from the version that shows it again.
  EXPECT_EQ(Rels(), (std::set<std::string>{
                        "e1:sanctioned [2021-08-18, …)",
                        "e2:sanctioned [2021-08-18, 2021-08-19…2022-09-29)",
                        "e2:sanctioned@2023-03-01 [2023-03-01, …)",
                        "e3:sanctioned [2021-08-18, 2022-09-30…2023-03-01)",
                        "e4:sanctioned [2022-09-29, …)",
                    }));
}

TEST_F(ListVersionsTest, OrderOfImportsAndReimportsDoNotMatter) {
  for (const Version* v : {&kV1, &kV2, &kV3})
    ASSERT_TRUE(Import(*v).ok());
  const auto in_order = Rels();
  testing::TempDir other;
  db_.reset();
  db_ = std::move(Database::Open(other.path())).value();
  SetUp();
  for (const Version* v : {&kV3, &kV1, &kV2, &kV1})
    ASSERT_TRUE(Import(*v).ok());
  EXPECT_EQ(Rels(), in_order);
  const auto before = testing::DumpStore(db_.get());
  ASSERT_TRUE(Import(kV2).ok());
  auto after = testing::DumpStore(db_.get());
  // Only the transaction log may grow.
  std::erase_if(after,
                [&](const auto& kv) { return !before.count(kv.first) && kv.second == "(txn)"; });
  EXPECT_EQ(after, before) << "re-importing a version changed the store";
  db_.reset();
}

TEST_F(ListVersionsTest, AChangedListingKeepsTheEarlierValuesWithTheirInterval) {
  ASSERT_TRUE(Import(kV1).ok());
  // The second version lists e3 under another program.
  auto txn = db_->BeginWrite("import doc2");
  Node doc = MakeNode("doc2", "Document", "doc2");
  ASSERT_TRUE(txn->PutNode(&doc).ok());
  ListVersionRecorder rec("auth", *PartialDate::Parse("2022-09-29"), "doc2", std::nullopt);
  for (const char* e : {"e1", "e2", "e3"})
    rec.Add({e,
             {{"program", Value(std::string(e) == "e3" ? "RUSSIA-EO14024" : "SDGT")}},
             std::nullopt,
             "x",
             e});
  std::vector<StoredListVersion> same_txn;
  ASSERT_TRUE(rec.Finish(txn.get(), "--published", &same_txn).ok());
  ASSERT_TRUE(txn->Commit().ok());
  const auto rels = Rels();
  EXPECT_TRUE(rels.count("e3:sanctioned [2021-08-18, 2021-08-19…2022-09-29)"))
      << ::testing::PrintToString(rels);
  EXPECT_TRUE(rels.count("e3:sanctioned@2022-09-29 [2022-09-29, …)"))
      << ::testing::PrintToString(rels);
  EXPECT_TRUE(rels.count("e1:sanctioned [2021-08-18, …)"));
  EXPECT_EQ(InForce("2021-08-18"), (std::set<std::string>{"e1", "e2", "e3"}));
  EXPECT_EQ(InForce("2022-09-29"), (std::set<std::string>{"e1", "e2", "e3"}));
}

TEST_F(ListVersionsTest, TheRecordsListingDateWins) {
  ASSERT_TRUE(Import(kV1, *PartialDate::Parse("2019-02-04")).ok());
  ASSERT_TRUE(Import(kV2, *PartialDate::Parse("2019-02-04")).ok());
  EXPECT_TRUE(InForce("2020-06-01").count("e1"));
  EXPECT_FALSE(InForce("2020-06-01").count("e2"));
}

TEST_F(ListVersionsTest, AnUndatedVersionIsRefusedOnceAnotherExists) {
  ASSERT_TRUE(Import(kV1).ok());
  Status st = Import({nullptr, "doc9", {"e1"}});
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("--published"), std::string::npos) << st.message();
}

// Documents cited by the claims on relationship `xid`, as "doc stance".
std::set<std::string> CitedBy(Database* db, const std::string& xid) {
  auto view = db->Read();
  std::set<std::string> out;
  EXPECT_TRUE(view->ForEachRel([&](const Relationship& r) {
                    if (r.xid != xid) return true;
                    auto cs = view->Claims(TargetKind::kRel, r.id);
                    EXPECT_TRUE(cs.ok());
                    for (const auto& c : *cs) {
                      Node d;
                      EXPECT_TRUE(view->GetNode(c.source, &d).ok());
                      out.insert(d.xid + " " + std::string(StanceName(c.stance)));
                    }
                    return true;
                  })
                  .ok());
  return out;
}

TEST_F(ListVersionsTest, AVersionThatSplitsARunMovesItsClaimsToTheRunThatHoldsThem) {
  // doc1 and doc3 show e2: one run. doc2, imported last, does not: two runs.
  for (const Version* v : {&kV1, &kV3, &kV2})
    ASSERT_TRUE(Import(*v).ok());
  EXPECT_EQ(CitedBy(db_.get(), "e2:sanctioned"),
            (std::set<std::string>{"doc1 asserts", "doc2 denies"}));
  EXPECT_EQ(CitedBy(db_.get(), "e2:sanctioned@2023-03-01"),
            (std::set<std::string>{"doc3 asserts"}));
}

TEST_F(ListVersionsTest, ChangedNamesAddressesAndValuesKeepTheVersionsThatShowThem) {
  // e1 is renamed between the versions, moves address, and changes gender.
  auto import = [&](const char* date, const char* doc, const std::string& name,
                    const std::string& address, const std::string& gender) -> Status {
    auto txn = db_->BeginWrite(std::string("import ") + doc);
    Node d = MakeNode(doc, "Document", doc);
    AG_RETURN_IF_ERROR(txn->PutNode(&d).status());
    Node e;
    AG_RETURN_IF_ERROR(txn->GetNode(*txn->FindNode("e1"), &e));
    if (e.name != name) {  // what the import sink does: the earlier name stays as an alias
      bool have = false;
      for (const auto& a : e.aliases)
        have |= a.name == e.name;
      if (!have) e.aliases.push_back({e.name, {}});
      e.name = name;
    }
    e.props = {{"gender", Value(gender)}};
    AG_RETURN_IF_ERROR(txn->PutNode(&e).status());
    Node a = MakeNode("addr:" + address, "Address", address);
    AG_RETURN_IF_ERROR(txn->PutNode(&a).status());
    Relationship h;
    h.xid = "HAS_ADDRESS:e1:" + address;
    h.type = "HAS_ADDRESS";
    h.src = e.id;
    h.dst = a.id;
    if (!txn->FindRel(h.xid)) AG_RETURN_IF_ERROR(txn->PutRel(&h).status());
    ListVersionRecorder rec("auth", *PartialDate::Parse(date), doc, std::nullopt);
    ListEntry entry{
        "e1", {{"program", Value("SDGT")}}, std::nullopt, std::string("entry of ") + doc, doc};
    entry.names = {name};
    entry.rels = {h.xid};
    entry.values = {{"gender", Value(gender)}};
    rec.Add(entry);
    std::vector<StoredListVersion> same_txn;
    AG_RETURN_IF_ERROR(rec.Finish(txn.get(), "--published", &same_txn));
    return txn->Commit().status();
  };
  ASSERT_TRUE(import("2021-08-18", "doc1", "Old Name", "Old Street", "Male").ok());
  ASSERT_TRUE(import("2022-09-29", "doc2", "New Name", "New Street", "Female").ok());

  auto view = db_->Read();
  Node e;
  ASSERT_TRUE(view->GetNode(*view->FindNode("e1"), &e).ok());
  EXPECT_EQ(e.name, "New Name");
  std::string old_name_interval = "(no such alias)";
  for (const auto& a : e.aliases)
    if (a.name == "Old Name") old_name_interval = a.valid.ToString();
  EXPECT_EQ(old_name_interval, "[…, 2021-08-19…2022-09-29)");

  std::map<std::string, std::string> addresses;
  EXPECT_TRUE(view->ForEachRel([&](const Relationship& r) {
                    if (r.type == "HAS_ADDRESS") addresses[r.xid] = r.valid.ToString();
                    return true;
                  })
                  .ok());
  EXPECT_EQ(addresses["HAS_ADDRESS:e1:Old Street"], "[…, 2021-08-19…2022-09-29)");
  EXPECT_EQ(addresses["HAS_ADDRESS:e1:New Street"], "[2022-09-29, …)");
  EXPECT_EQ(CitedBy(db_.get(), "HAS_ADDRESS:e1:Old Street"),
            (std::set<std::string>{"doc2 denies"}));

  // Each version's gender, cited to the version.
  auto claims = view->Claims(TargetKind::kNode, e.id);
  ASSERT_TRUE(claims.ok());
  std::set<std::string> genders;
  for (const auto& c : *claims) {
    if (c.property != "gender") continue;
    Node d;
    ASSERT_TRUE(view->GetNode(c.source, &d).ok());
    genders.insert(d.xid + " " + c.value->as_string());
  }
  EXPECT_EQ(genders, (std::set<std::string>{"doc1 Male", "doc2 Female"}));

  // Importing the versions the other way round gives the same intervals.
  const auto store = testing::DumpStore(db_.get());
  ASSERT_TRUE(import("2022-09-29", "doc2", "New Name", "New Street", "Female").ok());
  auto again = testing::DumpStore(db_.get());
  std::erase_if(again,
                [&](const auto& kv) { return !store.count(kv.first) && kv.second == "(txn)"; });
  EXPECT_EQ(again, store) << "re-importing a version changed the store";
}

}  // namespace
}  // namespace actorgraph
