// FollowTheMoney as OpenSanctions and Aleph publish it: placeholder dates,
// multi-valued properties, Position entities, repeated aliases, bytes that
// are not UTF-8.
#include <gtest/gtest.h>

#include "tests/import/import_test_util.h"

namespace actorgraph::testing {
namespace {

class FtmRealWorldTest : public ImportTest {};

std::vector<std::string> List(const Node& n, const std::string& prop) {
  std::vector<std::string> out;
  if (const Value* v = n.Prop(prop))
    for (const auto& e : v->as_list())
      out.push_back(e.kind() == Value::Kind::kString ? e.as_string() : e.ToString());
  return out;
}

const char kEntities[] =
    R"({"id": "p1", "schema": "Person", "properties": {"name": ["Ivan Petrov"], )"
    R"("alias": ["Ivan Petrov", "I. Petrov", "I. Petrov"], "weakAlias": ["I. Petrov"], )"
    R"("birthDate": ["unknown", "1961", "20th century", "1962-03", "circa 1960"], )"
    R"("nationality": ["ru", "by", "ru"], "position": ["Minister of Defence", "General"]}})"
    "\n"
    R"({"id": "pos1", "schema": "Position", "properties": {"name": ["Minister of Defence of )"
    R"(Freedonia"]}})"
    "\n"
    R"({"id": "occ1", "schema": "Occupancy", "properties": {"holder": ["p1"], "post": ["pos1"], )"
    R"("startDate": ["2019"], "endDate": ["not yet"]}})"
    "\n";

TEST_F(FtmRealWorldTest, PlaceholdersCostTheFieldAndEveryValueIsKept) {
  const std::string path = dir_ / "opensanctions.ftm.json";
  WriteFile(path, kEntities);
  Status s = Import("ftm", {path});  // default mode: abort on a bad record
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(report_.records, 3u);
  EXPECT_EQ(report_.rejected, 0u);
  Node p = Get("ftm:p1");
  EXPECT_EQ(List(p, "birth_dates"), (std::vector<std::string>{"1961", "1962-03", "1960"}));
  EXPECT_EQ(List(p, "birth_dates_approximate"), std::vector<std::string>{"1960"});
  EXPECT_EQ(List(p, "birth_date_raw"), (std::vector<std::string>{"unknown", "20th century"}));
  EXPECT_EQ(p.Prop("birth_date")->ToString(), "1961");
  EXPECT_EQ(List(p, "nationalities"), (std::vector<std::string>{"ru", "by"}));
  EXPECT_EQ(List(p, "positions"), (std::vector<std::string>{"Minister of Defence", "General"}));
  ASSERT_EQ(p.aliases.size(), 1u);  // the name and the repeats dropped
  EXPECT_EQ(p.aliases[0].name, "I. Petrov");
  // A Position is a post, not an organisation; its holder is a member.
  EXPECT_EQ(Get("ftm:pos1").labels, std::vector<std::string>{"Position"});
  auto held = Rels("ftm:p1", "MEMBER_OF");
  ASSERT_EQ(held.size(), 1u);
  EXPECT_EQ(held[0].first, "ftm:pos1");
  EXPECT_EQ(held[0].second.valid.from->ToString(), "2019");
  EXPECT_FALSE(held[0].second.valid.to.has_value());
  // Three values could not be read; each warning names file, line, field.
  ASSERT_EQ(report_.field_warnings.size(), 3u);
  EXPECT_EQ(report_.field_warnings[0].rfind(path + ": line 1: field 'properties.birthDate'", 0), 0u)
      << report_.field_warnings[0];
  EXPECT_EQ(report_.field_warnings[2].rfind(path + ": line 3: field 'properties.endDate'", 0), 0u)
      << report_.field_warnings[2];
}

TEST_F(FtmRealWorldTest, InvalidUtf8IsReadAsLatin1UnderAuto) {
  const std::string path = dir_ / "latin1.ftm.json";
  WriteFile(path, std::string(R"({"id": "p2", "schema": "Person", "properties": {"name": ["Jos)") +
                      "\xE9" + R"( Garc)" + "\xED" + R"(a"]}})" + "\n");
  ASSERT_TRUE(Import("ftm", {path}).ok());
  EXPECT_EQ(Get("ftm:p2").name, "José García");
  ASSERT_EQ(report_.warnings.size(), 1u);
  EXPECT_NE(report_.warnings[0].find("read as Latin-1"), std::string::npos);
  // --encoding utf-8 names the line instead.
  ImportOptions strict;
  strict.encoding = Encoding::kUtf8;
  Status s = Import("ftm", {path}, strict);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.ToString().find("line 1"), std::string::npos) << s.ToString();
}

}  // namespace
}  // namespace actorgraph::testing
