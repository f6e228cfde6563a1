// ACLED in its layouts (codebook): dyadic (actor1/actor2, inter codes),
// monadic (one row per actor, several rows per event, no actor2) and the
// current export (assoc_actor_*, inter* as names, interaction,
// civilian_targeting). One row per case the codebook describes.
#include <gtest/gtest.h>

#include <map>

#include "tests/import/import_test_util.h"

namespace actorgraph::testing {
namespace {

class AcledLayoutsTest : public ImportTest {
 protected:
  // actor id -> (role, side) of its links to an event.
  std::map<std::string, std::pair<std::string, std::string>> Roles(const std::string& event) {
    std::map<std::string, std::pair<std::string, std::string>> out;
    for (const auto& [actor, r] : Rels(event, "PARTICIPATED_IN", Direction::kIn)) {
      const Value* side = r.Prop("side");
      out[actor] = {r.Prop("role")->as_string(), side ? side->as_string() : ""};
    }
    return out;
  }
};

const char kMonadic[] =
    "event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,"
    "assoc_actor_1,inter1,interaction,country,admin1,admin2,location,latitude,longitude,source,"
    "notes,fatalities\n"
    "MLI100,2022-03-27,2022,1,Violence against civilians,Attack,Military Forces of Mali "
    "(2021-),Wagner Group,1,17,Mali,Mopti,Djenne,Moura,14.0,-4.6,HRW,Killings in Moura,300\n"
    "MLI100,2022-03-27,2022,1,Violence against civilians,Attack,Civilians (Mali),,7,17,Mali,"
    "Mopti,Djenne,Moura,14.0,-4.6,HRW,Killings in Moura,300\n"
    "MLI101,2022-04-02,2022,1,Battles,Armed clash,JNIM: Group for Support of Islam and "
    "Muslims,,2,12,Mali,Mopti,Djenne,Sofara,14.0,-4.2,AFP,Clash,4\n"
    "MLI101,2022-04-02,2022,1,Battles,Armed clash,Military Forces of Mali (2021-),,1,12,Mali,"
    "Mopti,Djenne,Sofara,14.0,-4.2,AFP,Clash,4\n"
    "MLI102,2022-05-15,2022,3,Explosions/Remote violence,Remote explosive/landmine/IED,"
    "JNIM: Group for Support of Islam and Muslims,,2,27,Mali,Mopti,,Boni,15.0,-2.0,RFI,IED,2\n"
    "MLI102,2022-05-15,2022,3,Explosions/Remote violence,Remote explosive/landmine/IED,"
    "Civilians (Mali),,7,27,Mali,Mopti,,Boni,15.0,-2.0,RFI,IED,2\n";

TEST_F(AcledLayoutsTest, MonadicRowsAddTheirActorsToOneEvent) {
  const std::string path = dir_ / "monadic.csv";
  WriteFile(path, kMonadic);
  Status s = Import("acled", {path});
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(report_.records, 6u);

  auto moura = Roles("acled:MLI100");
  ASSERT_EQ(moura.size(), 3u);  // the army, Wagner, and the civilians
  EXPECT_EQ(moura["acled-actor:military-forces-of-mali-2021"].first, "perpetrator");
  EXPECT_EQ(moura["acled-actor:military-forces-of-mali-2021"].second, "state forces");
  EXPECT_EQ(moura["acled-actor:wagner-group"].first, "perpetrator");
  EXPECT_EQ(moura["acled-actor:civilians-mali"].first, "victim");  // never a perpetrator
  EXPECT_EQ(moura["acled-actor:civilians-mali"].second, "civilians");
  // Each link's claim cites the row that names its actor.
  auto claims = ClaimsOnRel("acled:MLI100:victim:acled-actor-civilians-mali");
  ASSERT_EQ(claims.size(), 1u);
  EXPECT_EQ(claims[0].locator, "line 3 (event MLI100)");

  auto clash = Roles("acled:MLI101");
  ASSERT_EQ(clash.size(), 2u);
  EXPECT_EQ(clash["acled-actor:jnim-group-for-support-of-islam-and-muslims"],
            (std::pair<std::string, std::string>{"combatant", "rebel group"}));
  EXPECT_EQ(clash["acled-actor:military-forces-of-mali-2021"],
            (std::pair<std::string, std::string>{"combatant", "state forces"}));

  auto ied = Roles("acled:MLI102");
  EXPECT_EQ(ied["acled-actor:jnim-group-for-support-of-islam-and-muslims"].first, "perpetrator");
  EXPECT_EQ(ied["acled-actor:civilians-mali"].first, "target");

  // The event's date is its valid time: the day, or the month (precision 3).
  EXPECT_EQ(Get("acled:MLI100").valid.ToString(), "[2022-03-27, 2022-03-28)");
  EXPECT_EQ(Get("acled:MLI102").valid.ToString(), "[2022-05, 2022-06)");

  // The same file again changes nothing.
  const TxnId t = db_->LastTxn();
  ASSERT_TRUE(Import("acled", {path}).ok());
  EXPECT_EQ(report_.txn, 0u);
  EXPECT_EQ(db_->LastTxn(), t);
  EXPECT_EQ(report_.rels.created + report_.rels.updated, 0u);
}

TEST_F(AcledLayoutsTest, DyadicAndCurrentExportSidesFromInterColumns) {
  const std::string dyadic = dir_ / "dyadic.csv";
  WriteFile(dyadic,
            "data_id,event_id_cnty,event_date,time_precision,event_type,sub_event_type,actor1,"
            "ally_actor_1,inter1,actor2,ally_actor_2,inter2,interaction,country,admin1,location,"
            "source,notes,fatalities\n"
            "1,NER1,2019-12-10,1,Battles,Armed clash,Islamic State (Greater Sahara),,2,Military "
            "Forces of Niger (2011-),,1,12,Niger,Tillaberi,Inates,AFP,Attack on camp,71\n");
  const std::string current = dir_ / "current.csv";
  WriteFile(current,
            "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,"
            "sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,"
            "civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,"
            "longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp\n"
            "BFA200,12 May 2023,2023,1,Political violence,Violence against civilians,Attack,"
            "Military Forces of Burkina Faso (2022-),Volunteers for the Defense of the Homeland,"
            "State forces,Civilians (Burkina Faso),,Civilians,State forces-Civilians,Civilian "
            "targeting,854,Western Africa,Burkina Faso,Nord,Yatenga,,Karma,13.6,-2.4,1,Local "
            "source,Subnational,Killings,147,,1684252800\n");
  Status s = Import("acled", {dyadic, current});
  ASSERT_TRUE(s.ok()) << s.ToString();
  auto inates = Roles("acled:NER1");
  EXPECT_EQ(inates["acled-actor:islamic-state-greater-sahara"],
            (std::pair<std::string, std::string>{"combatant", "rebel group"}));
  EXPECT_EQ(inates["acled-actor:military-forces-of-niger-2011"],
            (std::pair<std::string, std::string>{"combatant", "state forces"}));
  auto karma = Roles("acled:BFA200");
  ASSERT_EQ(karma.size(), 3u);
  EXPECT_EQ(karma["acled-actor:military-forces-of-burkina-faso-2022"].first, "perpetrator");
  EXPECT_EQ(karma["acled-actor:volunteers-for-the-defense-of-the-homeland"].first, "perpetrator");
  EXPECT_EQ(karma["acled-actor:civilians-burkina-faso"],
            (std::pair<std::string, std::string>{"victim", "civilians"}));
  EXPECT_EQ(Get("acled:BFA200").valid.ToString(), "[2023-05-12, 2023-05-13)");
}

}  // namespace
}  // namespace actorgraph::testing
