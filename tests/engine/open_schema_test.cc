// Open-schema databases: undeclared labels, types and properties are
// accepted, nodes may have no label, the flag survives reopening, and an
// ontology database keeps its checks.
#include <gtest/gtest.h>

#include "engine/database.h"
#include "engine/read_view.h"
#include "engine/schema_listing.h"
#include "engine/write_txn.h"
#include "tests/test_util.h"

namespace actorgraph {
namespace {

using testing::TempDir;

Node Plain(const std::string& xid, std::vector<std::string> labels, ValueMap props) {
  Node n;
  n.xid = xid;
  n.name = xid;
  n.labels = std::move(labels);
  n.props = std::move(props);
  return n;
}

std::unique_ptr<Database> OpenDb(const std::string& dir, bool open_schema,
                                 const std::string& ontology = "") {
  OpenOptions o;
  o.open_schema = open_schema;
  o.ontology_text = ontology;
  auto db = Database::Open(dir, o);
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  return db.ok() ? std::move(db).value() : nullptr;
}

TEST(OpenSchemaTest, AcceptsUndeclaredNamesAndLabelLessNodes) {
  TempDir dir;
  auto db = OpenDb(dir.path(), true);
  ASSERT_TRUE(db);
  EXPECT_TRUE(db->ontology().open());
  EXPECT_TRUE(db->ontology().LabelNames().empty());  // no ontology: nothing declared
  auto txn = db->BeginWrite("open");
  Node a = Plain("a", {}, {{"name", Value(int64_t{1})}, {"weird", Value("x")}});
  Node b = Plain("b", {"Anything", "Else"}, {{"id", Value(0)}, {"list", Value(ValueList{1, 2})}});
  ASSERT_TRUE(txn->PutNode(&a).ok());
  ASSERT_TRUE(txn->PutNode(&b).ok());
  Relationship r{0, "", "NEVER_DECLARED", a.id, b.id, {{"w", Value(0.5)}}, {}, 0};
  ASSERT_TRUE(txn->PutRel(&r).ok());
  // Entity values are still no property values.
  Node bad = Plain("bad", {}, {{"p", Value(NodeRef{a.id})}});
  EXPECT_FALSE(txn->PutNode(&bad).ok());
  ASSERT_TRUE(txn->Commit().ok());

  Node got;
  auto view = db->Read();
  ASSERT_TRUE(view->GetNode(a.id, &got).ok());
  EXPECT_TRUE(got.labels.empty());
  ASSERT_NE(got.Prop("name"), nullptr);
  EXPECT_EQ(*got.Prop("name"), Value(int64_t{1}));
}

TEST(OpenSchemaTest, FlagIsPersistedAndOntologyDatabasesKeepTheirChecks) {
  TempDir open_dir, closed_dir;
  { ASSERT_TRUE(OpenDb(open_dir.path(), true)); }
  { ASSERT_TRUE(OpenDb(closed_dir.path(), false)); }
  // Reopened without the option: the database remembers.
  auto open_db = OpenDb(open_dir.path(), false);
  auto closed_db = OpenDb(closed_dir.path(), true);  // the option cannot open an existing one
  ASSERT_TRUE(open_db && closed_db);
  EXPECT_TRUE(open_db->ontology().open());
  EXPECT_FALSE(closed_db->ontology().open());

  auto txn = closed_db->BeginWrite("closed");
  Node none = Plain("none", {}, {});
  Status s = txn->PutNode(&none).status();
  EXPECT_EQ(s.code(), Status::Code::kOntology) << s.ToString();
  Node unknown = Plain("u", {"NoSuchLabel"}, {});
  EXPECT_EQ(txn->PutNode(&unknown).status().code(), Status::Code::kOntology);
  Node undeclared = Plain("p", {"Person"}, {{"shoe_size", Value(42)}});
  EXPECT_EQ(txn->PutNode(&undeclared).status().code(), Status::Code::kOntology);
  EXPECT_TRUE(closed_db->ontology().IsBuiltinField("name"));
  EXPECT_TRUE(closed_db->ontology().IsBuiltinField("id"));
  EXPECT_FALSE(open_db->ontology().IsBuiltinField("name"));
  EXPECT_FALSE(open_db->ontology().IsBuiltinField("id"));
  EXPECT_TRUE(open_db->ontology().IsBuiltinField("valid_from"));
}

TEST(OpenSchemaTest, DeclaredNamesKeepTheirTypesInAnOpenDatabase) {
  TempDir dir;
  auto db = OpenDb(dir.path(), true,
                   "label Person { born: date, age: int }\n"
                   "relationship KNOWS from Person to Person { since: int }\n");
  ASSERT_TRUE(db);
  auto txn = db->BeginWrite("typed");
  Node p = Plain("p", {"Person"}, {{"born", Value("1970-05")}, {"extra", Value(true)}});
  ASSERT_TRUE(txn->PutNode(&p).ok());
  Node q = Plain("q", {"Person"}, {{"age", Value("old")}});
  EXPECT_EQ(txn->PutNode(&q).status().code(), Status::Code::kOntology);
  Node x = Plain("x", {"Thing"}, {});
  ASSERT_TRUE(txn->PutNode(&x).ok());
  // A declared type keeps its ends; an undeclared one goes anywhere.
  Relationship bad{0, "", "KNOWS", p.id, x.id, {}, {}, 0};
  EXPECT_EQ(txn->PutRel(&bad).status().code(), Status::Code::kOntology);
  Relationship ok{0, "", "LIKES", x.id, p.id, {}, {}, 0};
  EXPECT_TRUE(txn->PutRel(&ok).ok());
  ASSERT_TRUE(txn->Commit().ok());
  Node got;
  ASSERT_TRUE(db->Read()->GetNode(p.id, &got).ok());
  EXPECT_EQ(got.Prop("born")->kind(), Value::Kind::kDate);  // coerced as declared
}

TEST(OpenSchemaTest, ListingShowsWhatIsInUseWithTheTypesSeen) {
  TempDir dir;
  auto db = OpenDb(dir.path(), true);
  ASSERT_TRUE(db);
  auto txn = db->BeginWrite("data");
  Node a = Plain("a", {"City"}, {{"pop", Value(10)}});
  Node b = Plain("b", {"City"}, {{"pop", Value("many")}, {"name", Value("B")}});
  Node c = Plain("c", {}, {});
  for (Node* n : {&a, &b, &c})
    ASSERT_TRUE(txn->PutNode(n).ok());
  Relationship r{0, "", "ROAD", a.id, b.id, {{"km", Value(3.5)}}, {}, 0};
  ASSERT_TRUE(txn->PutRel(&r).ok());
  ASSERT_TRUE(txn->Commit().ok());
  auto listing = DescribeSchemaInUse(*db->Read());
  ASSERT_TRUE(listing.ok()) << listing.status().ToString();
  EXPECT_NE(listing->find(":City (2 nodes)  {name: string, pop: int|string}"), std::string::npos)
      << *listing;
  EXPECT_NE(listing->find("(no label) (1 node)"), std::string::npos) << *listing;
  EXPECT_NE(listing->find("[:ROAD] (1 relationship)  {km: float}"), std::string::npos) << *listing;
}

}  // namespace
}  // namespace actorgraph
