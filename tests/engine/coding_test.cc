#include "engine/coding.h"

#include <gtest/gtest.h>

#include <random>

#include "common/grade.h"
#include "common/text_match.h"

namespace actorgraph {
namespace {

TEST(Coding, ValuesRoundTrip) {
  std::vector<Value> values = {
      Value(), Value(true), Value(false), Value(int64_t{-5}), Value(int64_t{1} << 60),
      Value(3.25), Value("Moura"), Value(*PartialDate::Parse("2022-03")),
      Value(ValueList{Value(1), Value("x"), Value(ValueList{})}),
      Value::Map({{"b", Value(2)}, {"a", Value("one")}})};
  for (const Value& v : values) {
    std::string buf;
    coding::PutValue(&buf, v);
    std::string_view in(buf);
    Value back;
    ASSERT_TRUE(coding::GetValue(&in, &back)) << v.ToString();
    EXPECT_TRUE(in.empty());
    EXPECT_EQ(back, v) << v.ToString();
    EXPECT_EQ(back.kind(), v.kind());
  }
}

TEST(Coding, IntervalsRoundTripWithAnUncertainEnd) {
  ValidInterval iv;
  iv.from = *PartialDate::Parse("2019-02-04");
  iv.to = *PartialDate::Parse("2021-08-19");
  iv.to_latest = *PartialDate::Parse("2022-09-29");
  for (const ValidInterval& x : {ValidInterval{}, ValidInterval{iv.from, std::nullopt, std::nullopt},
                                 ValidInterval{iv.from, iv.to, std::nullopt}, iv}) {
    std::string buf;
    coding::PutInterval(&buf, x);
    std::string_view in(buf);
    ValidInterval back;
    ASSERT_TRUE(coding::GetInterval(&in, &back)) << x.ToString();
    EXPECT_TRUE(in.empty());
    EXPECT_EQ(back, x) << x.ToString();
  }
  // The latest end without an end is corrupt.
  std::string bad("\x04\0\0\0\0", 5);
  std::string_view in(bad);
  ValidInterval back;
  EXPECT_FALSE(coding::GetInterval(&in, &back));
}

TEST(Coding, TruncatedInputIsRejectedNotCrashed) {
  std::string buf;
  coding::PutValue(&buf, Value(ValueList{Value("abcdef"), Value(2.5)}));
  for (size_t n = 0; n < buf.size(); ++n) {
    std::string_view in(buf.data(), n);
    Value v;
    EXPECT_FALSE(coding::GetValue(&in, &v)) << n;
  }
}

TEST(Coding, KeyValuesSortLikeValues) {
  std::vector<Value> ordered = {Value(-1e9), Value(int64_t{-3}), Value(0.0), Value(int64_t{2}),
                                Value(2.5), Value(int64_t{1000})};
  for (size_t i = 0; i + 1 < ordered.size(); ++i) {
    std::string a, b;
    coding::PutKeyValue(&a, ordered[i]);
    coding::PutKeyValue(&b, ordered[i + 1]);
    EXPECT_LT(a, b) << i;
  }
  std::string one, one_f;
  coding::PutKeyValue(&one, Value(int64_t{1}));
  coding::PutKeyValue(&one_f, Value(1.0));
  EXPECT_EQ(one, one_f);
  std::string ab, abc;
  coding::PutKeyValue(&ab, Value("ab"));
  coding::PutKeyValue(&abc, Value("abc"));
  EXPECT_LT(ab, abc);
  EXPECT_NE(abc.rfind(ab, 0), 0u);  // no string key prefixes another
}

TEST(TextMatch, FoldsCaseAndDiacritics) {
  EXPECT_EQ(FoldName("Souleymane Dembélé"), "souleymane dembele");
  EXPECT_EQ(FoldName("  FAMa  "), "fama");
  EXPECT_EQ(FoldName("Jama'at Nusrat al-Islam"), "jama at nusrat al islam");
  EXPECT_EQ(FoldName("Jama’at"), FoldName("Jama'at"));
  EXPECT_EQ(FoldName("Łódź"), "lodz");
  EXPECT_EQ(FoldName("Straße"), "strasse");
}

// Plain ASCII names take a path without ICU; it must fold exactly as ICU's
// path does. A name ending in "é" goes through ICU and folds like the same
// name ending in "e", which goes through the ASCII path: every ASCII byte
// (controls, punctuation, digits, both cases) is tried at every place.
TEST(TextMatch, AsciiNamesFoldAsTheUnicodePathFoldsThem) {
  std::mt19937 rng(11);
  for (int round = 0; round < 2000; ++round) {
    std::string s;
    const size_t len = rng() % 12;
    for (size_t i = 0; i < len; ++i)
      s.push_back(static_cast<char>(round < 128 && i == 0 ? round : rng() % 128));
    EXPECT_EQ(FoldName(s + "e"), FoldName(s + "\u00e9"))
        << "name bytes: " << ::testing::PrintToString(s);
    EXPECT_EQ(FoldName(s + " X"), FoldName(s + " X\u0301"));
  }
  EXPECT_EQ(FoldName("Al-Qaeda in the Islamic Maghreb (AQIM)"),
            "al qaeda in the islamic maghreb aqim");
  EXPECT_EQ(FoldName("--"), "");
}

TEST(TextMatch, SuggestsClosestNames) {
  std::vector<std::string> labels = {"ArmedGroup", "ArmedForce", "Person", "Document"};
  auto m = ClosestMatches("ArmedGrup", labels);
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m[0], "ArmedGroup");
  EXPECT_EQ(DidYouMean("zzzzzz", labels), "");
  EXPECT_EQ(EditDistance("kitten", "sitting", 10), 3);
}

TEST(Grade, ParsesAndCompares) {
  auto b2 = Grade::Parse("B2");
  ASSERT_TRUE(b2.ok());
  EXPECT_TRUE(b2->AtLeast(*Grade::Parse("C3")));
  EXPECT_FALSE(b2->AtLeast(*Grade::Parse("A1")));
  EXPECT_FALSE(b2->AtLeast(*Grade::Parse("A3")));  // reliability B is below A
  EXPECT_TRUE(Grade::Parse("c3").ok());
  EXPECT_FALSE(Grade::Parse("G1").ok());
  EXPECT_FALSE(Grade::Parse("B7").ok());
  EXPECT_FALSE(Grade::Parse("B").ok());
}

}  // namespace
}  // namespace actorgraph
