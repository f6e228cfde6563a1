#include "common/text_case.h"

#include <gtest/gtest.h>

#include <string>

namespace actorgraph {
namespace {

TEST(TextCaseTest, MapsLettersBeyondAscii) {
  EXPECT_EQ(UpperText("Forces Armées Maliennes"), "FORCES ARMÉES MALIENNES");
  EXPECT_EQ(LowerText("SOCIÉTÉ À RESPONSABILITÉ LIMITÉE"), "société à responsabilité limitée");
  EXPECT_EQ(UpperText("Groupe de soutien à l'islam et aux musulmans"),
            "GROUPE DE SOUTIEN À L'ISLAM ET AUX MUSULMANS");
  EXPECT_EQ(UpperText("Вагнер"), "ВАГНЕР");
  EXPECT_EQ(LowerText("ВАГНЕР"), "вагнер");
  EXPECT_EQ(UpperText("جماعة نصرة الإسلام"), "جماعة نصرة الإسلام");  // no case
}

TEST(TextCaseTest, UsesFullMappingsAsJavaDoes) {
  EXPECT_EQ(UpperText("Straße"), "STRASSE");
  EXPECT_EQ(LowerText("ΟΔΥΣΣΕΥΣ"), "οδυσσευς");  // final sigma by context
  EXPECT_EQ(LowerText("İstanbul"), "i̇stanbul");  // root locale: i + combining dot
}

TEST(TextCaseTest, KeepsAsciiAndOtherBytes) {
  EXPECT_EQ(UpperText("jnim 2024-03 {x}"), "JNIM 2024-03 {X}");
  EXPECT_EQ(LowerText("MATCH (n)"), "match (n)");
  EXPECT_EQ(UpperText(""), "");
  EXPECT_EQ(UpperText("👍🏽 é"), "👍🏽 É");
}

TEST(TextCaseTest, MapsTextInPiecesThatMeetOnCodePoints) {
  // Pieces of 5 bytes: each two-byte letter falls across a boundary once.
  const std::string s = "aaaaéaaéaé€b";
  EXPECT_EQ(UpperText(s, 5), "AAAAÉAAÉAÉ€B");
  EXPECT_EQ(UpperText(s, 5), UpperText(s));
  EXPECT_EQ(LowerText("ÉÉÉÉÉÉÉ", 5), "ééééééé");
}

}  // namespace
}  // namespace actorgraph
