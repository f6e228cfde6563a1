// Properties an ontology declares `unindexed`: nodes get no value-index
// entries for them, a lookup by their value scans the label instead and finds
// the same nodes, and a database keeps them unindexed when ontology.ag is
// edited (its existing nodes have no entries).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "engine/bulk_loader.h"
#include "engine/read_view.h"
#include "tests/query/query_fixture.h"

namespace actorgraph {
namespace {

namespace fs = std::filesystem;

constexpr char kOntology[] =
    "label Event { fatalities: int  event_type: string }\n"
    "unindexed fatalities\n";

class UnindexedPropertyTest : public testing::QueryFixture {
 protected:
  void SetUp() override { Open(/*open_schema=*/false, kOntology); }

  // The names of the events with `fatalities` = n, and the plan that found them.
  std::string EventsWithFatalities(int n, std::string* plan) {
    return Run("MATCH (e:Event {fatalities: $n}) RETURN e.name ORDER BY e.name",
               {{"n", Value(int64_t{n})}}, plan);
  }
};

TEST_F(UnindexedPropertyTest, LookupScansTheLabelAndFindsWhatAnIndexWould) {
  ASSERT_EQ(Run("CREATE (:Event {id: 'moura', name: 'Moura', fatalities: 300, "
                "event_type: 'massacre'}), "
                "(:Event {id: 'solenzo', name: 'Solenzo', fatalities: 300, "
                "event_type: 'massacre'}), "
                "(:Event {id: 'boulkessi', name: 'Boulkessi', fatalities: 12, "
                "event_type: 'battle'})"),
            "");
  std::string plan;
  EXPECT_EQ(EventsWithFatalities(300, &plan), "'Moura'\n'Solenzo'\n");
  EXPECT_NE(plan.find("NodeByLabelScan"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("NodeIndexSeek"), std::string::npos) << plan;
  // An indexed property of the same nodes is still sought in the index.
  EXPECT_EQ(Run("MATCH (e:Event {event_type: 'battle'}) RETURN e.name", {}, &plan),
            "'Boulkessi'\n");
  EXPECT_NE(plan.find("NodeIndexSeek"), std::string::npos) << plan;
  // A change of value is seen by the scan (no stale index entry to miss it).
  ASSERT_EQ(Run("MATCH (e:Event {id: 'solenzo'}) SET e.fatalities = 20"), "");
  EXPECT_EQ(EventsWithFatalities(300, &plan), "'Moura'\n");
  EXPECT_EQ(EventsWithFatalities(20, &plan), "'Solenzo'\n");
  // The engine's own lookup refuses rather than answer from a missing index.
  auto found = db_->Read()->FindByProperty("fatalities", Value(int64_t{300}));
  ASSERT_FALSE(found.ok());
  EXPECT_NE(found.status().message().find("unindexed fatalities"), std::string::npos)
      << found.status().ToString();
  EXPECT_TRUE(db_->Read()->FindByProperty("event_type", Value("battle")).ok());
}

TEST_F(UnindexedPropertyTest, StaysUnindexedWhenOntologyAgDropsIt) {
  ASSERT_EQ(Run("CREATE (:Event {id: 'moura', name: 'Moura', fatalities: 300})"), "");
  // The analyst edits the database's copy of the ontology: Moura has no index
  // entry for fatalities, so the database must go on scanning for it.
  const fs::path copy = fs::path(dir_.path()) / "ontology.ag";
  std::ofstream(copy) << "label Event { fatalities: int  event_type: string }\n";
  Open(/*open_schema=*/false);
  EXPECT_FALSE(db_->ontology().IsIndexed("fatalities"));
  EXPECT_TRUE(db_->ontology().IsIndexed("event_type"));
  ASSERT_EQ(Run("CREATE (:Event {id: 'solenzo', name: 'Solenzo', fatalities: 300})"), "");
  std::string plan;
  EXPECT_EQ(EventsWithFatalities(300, &plan), "'Moura'\n'Solenzo'\n");
  EXPECT_EQ(plan.find("NodeIndexSeek"), std::string::npos) << plan;
  // Still so after one more reopening (the database stored the name).
  Open(/*open_schema=*/false);
  EXPECT_FALSE(db_->ontology().IsIndexed("fatalities"));
  EXPECT_EQ(EventsWithFatalities(300, &plan), "'Moura'\n'Solenzo'\n");
}

// Bulk-loads 50 events (fatalities 0-4, ten each); returns the keys written.
uint64_t LoadEvents(Database* db) {
  auto loader = BulkLoader::Begin(db, "bulk");
  EXPECT_TRUE(loader.ok()) << loader.status().ToString();
  if (!loader.ok()) return 0;
  for (int i = 0; i < 50; ++i) {
    Node n;
    n.xid = "e" + std::to_string(i);
    n.name = "Event " + std::to_string(i);
    n.labels = {"Event"};
    n.props = {{"fatalities", Value(int64_t{i % 5})}, {"event_type", Value("battle")}};
    EXPECT_TRUE((*loader)->AddNode(std::move(n)).ok());
  }
  EXPECT_TRUE((*loader)->Finish().ok());
  return (*loader)->stats().keys;
}

TEST_F(UnindexedPropertyTest, BulkLoadWritesNoEntriesForThem) {
  const uint64_t keys_unindexed = LoadEvents(db_.get());
  std::string plan;
  const std::string found = EventsWithFatalities(3, &plan);
  EXPECT_EQ(Lines(found).size(), 10u) << found;
  EXPECT_EQ(plan.find("NodeIndexSeek"), std::string::npos) << plan;

  // The same load where every property is indexed writes one key more a node.
  testing::TempDir other;
  OpenOptions o;
  o.ontology_text = "label Event { fatalities: int  event_type: string }\n";
  auto db = Database::Open(other.path(), o);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  EXPECT_EQ(LoadEvents(db->get()), keys_unindexed + 50);
}

TEST(UnindexedOntologyTest, NamesAreCheckedAndListed) {
  auto o = Ontology::Parse("label A { p: int  q: string }\nunindexed p, q\n", "a.ag");
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_FALSE(o->IsIndexed("p"));
  EXPECT_FALSE(o->IsIndexed("q"));
  EXPECT_TRUE(o->IsIndexed("r"));
  EXPECT_NE(o->Describe().find("Unindexed properties"), std::string::npos);
  EXPECT_EQ(Ontology::Parse("label A { p: int }\n", "a.ag")->Describe().find("Unindexed"),
            std::string::npos);
  // A typo would leave the property indexed unnoticed: an error, with where.
  auto typo = Ontology::Parse("label A { fatalities: int }\nunindexed fatalites\n", "a.ag");
  ASSERT_FALSE(typo.ok());
  EXPECT_NE(typo.status().message().find("a.ag:2:11"), std::string::npos)
      << typo.status().message();
  EXPECT_NE(typo.status().message().find("did you mean 'fatalities'"), std::string::npos)
      << typo.status().message();
  // Built-in fields are not properties; a list needs its names.
  EXPECT_FALSE(Ontology::Parse("label A { p: int }\nunindexed valid_from\n", "a.ag").ok());
  EXPECT_FALSE(Ontology::Parse("label A { p: int }\nunindexed p,\n", "a.ag").ok());
  // An ontology that declares nothing (an open schema's) may name any property.
  auto open = Ontology::Parse("unindexed anything\n", "open.ag");
  ASSERT_TRUE(open.ok()) << open.status().ToString();
  EXPECT_FALSE(open->IsIndexed("anything"));
}

}  // namespace
}  // namespace actorgraph
