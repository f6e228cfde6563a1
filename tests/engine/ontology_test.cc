#include "engine/ontology.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

namespace actorgraph {
namespace {

TEST(Ontology, DefaultParsesWithHierarchy) {
  auto o = Ontology::Parse(Ontology::DefaultText(), "default.ontology");
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_TRUE(o->IsA("PrivateMilitaryCompany", "Actor"));
  EXPECT_TRUE(o->IsA("Phone", "Identifier"));
  EXPECT_FALSE(o->IsA("Location", "Actor"));
  auto actors = o->SelfAndDescendants("Actor");
  EXPECT_NE(std::find(actors.begin(), actors.end(), "ArmedGroup"), actors.end());
  EXPECT_EQ(std::find(actors.begin(), actors.end(), "Event"), actors.end());
  for (const char* t : {"ALLIED_WITH", "SUPPORTS", "CONTRACTED_BY", "FIGHTS", "AFFILIATE_OF",
                        "MEMBER_OF", "LEADS", "REPRESENTS", "DEPLOYED_IN", "SUCCEEDED_BY",
                        "SANCTIONED", "OWNS", "DIRECTS", "EMPLOYS", "HAS_ADDRESS", "HAS_PHONE",
                        "HAS_EMAIL", "PARTICIPATED_IN", "OCCURRED_AT", "LOCATED_IN", "MENTIONS",
                        "PUBLISHED_BY", "RELATED_TO"})
    EXPECT_TRUE(o->HasRelType(t)) << t;
  // Inherited property: `country` is declared on Actor.
  ASSERT_NE(o->NodeProperty({"ArmedGroup"}, "country"), nullptr);
  EXPECT_EQ(o->NodeProperty({"Location"}, "ideology"), nullptr);
}

TEST(Ontology, PropertiesAreInheritedThroughDeepAndDiamondHierarchies) {
  // A chain of 24 labels (deeper than the look-up keeps on the stack) and a
  // diamond, whose shared ancestor is visited once.
  std::string text = "label L0 { top: int }\n";
  for (int i = 1; i < 24; ++i)
    text += "label L" + std::to_string(i) + " extends L" + std::to_string(i - 1) + " {}\n";
  text += "label Left extends L0 {}\nlabel Right extends L0 { side: string }\n";
  text += "label Both extends Left, Right {}\n";
  auto o = Ontology::Parse(text, "deep.ontology");
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  const PropertyType* top = o->NodeProperty({"L23"}, "top");
  ASSERT_NE(top, nullptr);
  EXPECT_EQ(top->kind, PropertyType::Kind::kInt);
  EXPECT_EQ(o->NodeProperty({"L23"}, "side"), nullptr);
  ASSERT_NE(o->NodeProperty({"Both"}, "side"), nullptr);
  ASSERT_NE(o->NodeProperty({"Both"}, "top"), nullptr);
  ValueMap props = {{"top", Value(2.0)}};
  EXPECT_TRUE(o->CheckNode("node 'x'", {"L23"}, &props).ok());
  EXPECT_EQ(props[0].second.kind(), Value::Kind::kInt);
  ValueMap bad = {{"nope", Value(int64_t{1})}};
  EXPECT_FALSE(o->CheckNode("node 'x'", {"L23"}, &bad).ok());
}

TEST(Ontology, SyntaxErrorsNameFileLineAndColumn) {
  auto o = Ontology::Parse("label A {\n  x: string\n  y string\n}\n", "my.ontology");
  ASSERT_FALSE(o.ok());
  EXPECT_NE(o.status().message().find("my.ontology:3:5"), std::string::npos)
      << o.status().message();
  auto unknown = Ontology::Parse("label A extends Actr {}\nlabel Actor {}", "x");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("did you mean 'Actor'"), std::string::npos)
      << unknown.status().message();
  EXPECT_FALSE(Ontology::Parse("label A extends B {}\nlabel B extends A {}", "x").ok());
  EXPECT_FALSE(Ontology::Parse("label A { t: lst }", "x").ok());
}

TEST(Ontology, ChecksNodesAndCoercesValues) {
  auto o = *Ontology::Parse(Ontology::DefaultText(), "default");
  ValueMap props = {{"founded", Value("2014")}};
  ASSERT_TRUE(o.CheckNode("node 'w'", {"PrivateMilitaryCompany"}, &props).ok());
  EXPECT_EQ(props[0].second.kind(), Value::Kind::kDate);

  ValueMap bad = {{"fatalities", Value("many")}};
  Status s = o.CheckNode("node 'e'", {"Event"}, &bad);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), Status::Code::kOntology);
  EXPECT_NE(s.message().find("node 'e'"), std::string::npos);
  EXPECT_NE(s.message().find("props.fatalities"), std::string::npos);
  EXPECT_NE(s.message().find("expected int"), std::string::npos);

  ValueMap undeclared = {{"ideolgy", Value("x")}};
  s = o.CheckNode("node 'g'", {"ArmedGroup"}, &undeclared);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("did you mean 'ideology'"), std::string::npos) << s.message();

  ValueMap none;
  EXPECT_FALSE(o.CheckNode("node 'x'", {"Armedgroup"}, &none).ok());
}

// Nodes, relationships and paths are not property values at any depth (the
// store has no encoding for them: a list holding a node was kept as
// [null]); lists and maps of data are.
TEST(Ontology, PropertiesHoldNoGraphElementsAtAnyDepth) {
  auto o = *Ontology::Parse(Ontology::DefaultText(), "default");
  const Value node{NodeRef{7}}, rel{RelRef{3}};
  const Value range = Value::Map({{"from", Value(int64_t{1960})}, {"to", Value(int64_t{1965})}});
  ValueMap ok = {{"birth_date_ranges", Value(ValueList{range})}};
  EXPECT_TRUE(o.CheckNode("node 'p'", {"Person"}, &ok).ok());
  ValueMap nested = {{"birth_date_ranges", Value(ValueList{Value::Map({{"from", node}})})}};
  Status s = o.CheckNode("node 'p'", {"Person"}, &nested);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), Status::Code::kOntology);
  EXPECT_NE(s.message().find("props.birth_date_ranges"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("cannot hold a node"), std::string::npos) << s.message();

  o.set_open(true);  // undeclared properties: any
  for (const Value& bad : {Value(ValueList{node}), Value(ValueList{Value(ValueList{rel})}),
                           Value::Map({{"x", node}})}) {
    ValueMap props = {{"m", bad}};
    EXPECT_FALSE(o.CheckNode("node 'n'", {}, &props).ok()) << bad.ToString();
    ValueMap rel_props = {{"m", bad}};
    EXPECT_FALSE(o.CheckRel("r", "UNDECLARED", {}, {}, &rel_props).ok()) << bad.ToString();
  }
  ValueMap data = {{"m", Value(ValueList{Value(int64_t{1}), Value("a")})},
                   {"n", Value::Map({{"x", Value(ValueList{})}})}};
  EXPECT_TRUE(o.CheckNode("node 'n'", {}, &data).ok());
}

// An integer property takes a float only when it is a whole number that an
// integer holds: 1e30 is not one (its cast to an integer was undefined, and
// on x86 stored INT64_MIN), nor is NaN.
TEST(Ontology, IntegerPropertiesTakeOnlyFloatsThatFit) {
  auto o = *Ontology::Parse(Ontology::DefaultText(), "default");
  ValueMap whole = {{"fatalities", Value(300.0)}};
  ASSERT_TRUE(o.CheckNode("node 'e'", {"Event"}, &whole).ok());
  ASSERT_EQ(whole[0].second.kind(), Value::Kind::kInt);
  EXPECT_EQ(whole[0].second.as_int(), 300);
  for (double bad : {1e30, -1e30, 9.223372036854775807e18, 2.5, std::nan("")}) {
    ValueMap props = {{"fatalities", Value(bad)}};
    Status s = o.CheckNode("node 'e'", {"Event"}, &props);
    EXPECT_FALSE(s.ok()) << bad;
    EXPECT_NE(s.message().find("expected int"), std::string::npos) << s.message();
  }
  ValueMap lowest = {{"fatalities", Value(-9.223372036854775808e18)}};
  ASSERT_TRUE(o.CheckNode("node 'e'", {"Event"}, &lowest).ok());
  EXPECT_EQ(lowest[0].second.as_int(), INT64_MIN);
}

TEST(Ontology, ChecksRelationshipEndsAndEnums) {
  auto o = *Ontology::Parse(Ontology::DefaultText(), "default");
  ValueMap p;
  EXPECT_TRUE(o.CheckRel("r", "DEPLOYED_IN", {"PrivateMilitaryCompany"}, {"Location"}, &p).ok());
  Status s = o.CheckRel("r", "DEPLOYED_IN", {"Location"}, {"Location"}, &p);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("field 'src'"), std::string::npos);
  ValueMap role = {{"role", Value("bystander")}};
  EXPECT_FALSE(o.CheckRel("r", "PARTICIPATED_IN", {"ArmedGroup"}, {"Event"}, &role).ok());
  ValueMap ok_role = {{"role", Value("perpetrator")}};
  EXPECT_TRUE(o.CheckRel("r", "PARTICIPATED_IN", {"ArmedGroup"}, {"Event"}, &ok_role).ok());
  ValueMap pct = {{"percentage", Value(int64_t{51})}};
  ASSERT_TRUE(o.CheckRel("r", "OWNS", {"Person"}, {"Company"}, &pct).ok());
  EXPECT_EQ(pct[0].second.kind(), Value::Kind::kFloat);
  EXPECT_TRUE(o.CheckRel("r", "MENTIONS", {"Document"}, {"Phone"}, &p).ok());
}

}  // namespace
}  // namespace actorgraph
