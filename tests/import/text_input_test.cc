#include "import/text_input.h"

#include <gtest/gtest.h>

#include <sstream>

#include "import/identifiers.h"
#include "import/loose_date.h"

namespace actorgraph {
namespace {

std::vector<std::string> Lines(const std::string& text, Encoding enc = Encoding::kAuto,
                               LineReader** keep = nullptr) {
  std::istringstream in(text);
  LineReader r(&in, enc);
  std::vector<std::string> out;
  std::string l;
  while (r.Next(&l))
    out.push_back(l);
  return out;
}

TEST(LineReaderTest, BomCrlfCrAndEofByte) {
  EXPECT_EQ(Lines("\xEF\xBB\xBF"
                  "a\r\nb\rc\n\x1a"),
            (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(Lines("x\ny"), (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(Lines("x\x1a garbage after the end byte\n"), (std::vector<std::string>{"x"}));
}

TEST(LineReaderTest, CrlfSplitAcrossBufferBoundary) {
  std::string big(65535, 'a');
  auto lines = Lines(big + "\r\nb\r\n");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].size(), 65535u);
  EXPECT_EQ(lines[1], "b");
}

TEST(LineReaderTest, Latin1IsTranscodedOrRejected) {
  EXPECT_EQ(Lines("S\xe9gou\n"), (std::vector<std::string>{"S\xc3\xa9gou"}));
  std::istringstream in("ok\nS\xe9gou\n");
  LineReader strict(&in, Encoding::kUtf8);
  std::string l;
  EXPECT_TRUE(strict.Next(&l));
  EXPECT_FALSE(strict.Next(&l));
  EXPECT_NE(strict.status().message().find("line 2: not valid UTF-8"), std::string::npos);
  EXPECT_TRUE(IsValidUtf8("Dembélé"));
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));  // overlong
}

TEST(CsvReaderTest, QuotedFieldsWithSeparatorsQuotesAndLineBreaks) {
  std::istringstream in("a,\"b, c\",\"say \"\"hi\"\"\"\r\n1,\"two\r\nlines\",3\r\n\r\nx,,z\n");
  LineReader lines(&in);
  CsvReader csv(&lines);
  CsvRecord r;
  ASSERT_TRUE(csv.Next(&r));
  EXPECT_EQ(r.fields, (std::vector<std::string>{"a", "b, c", "say \"hi\""}));
  ASSERT_TRUE(csv.Next(&r));
  EXPECT_EQ(r.fields, (std::vector<std::string>{"1", "two\nlines", "3"}));
  EXPECT_EQ(r.line, 2u);
  ASSERT_TRUE(csv.Next(&r));
  EXPECT_EQ(r.fields, (std::vector<std::string>{"x", "", "z"}));
  EXPECT_EQ(r.line, 5u);
  EXPECT_FALSE(csv.Next(&r));
  EXPECT_TRUE(csv.status().ok());
}

TEST(CsvReaderTest, UnclosedQuoteNamesItsLine) {
  std::istringstream in("a,b\n1,\"never closed\n2,3\n");
  LineReader lines(&in);
  CsvReader csv(&lines);
  CsvRecord r;
  ASSERT_TRUE(csv.Next(&r));
  EXPECT_FALSE(csv.Next(&r));
  EXPECT_EQ(csv.error_line(), 2u);
  EXPECT_EQ(csv.status().message(),
            "a quoted field is never closed (the rest of the file is in it)");
}

TEST(CsvHeaderTest, FindsColumnsByLooseName) {
  CsvHeader h({"EVENT_ID_CNTY", "Event Date", "actor1"});
  EXPECT_EQ(h.Find({"event_id_cnty"}), 0);
  EXPECT_EQ(h.Find({"event_date"}), 1);
  EXPECT_EQ(h.Find({"data_id", "actor1"}), 2);
  EXPECT_EQ(h.Find({"fatalities"}), -1);
}

TEST(IdentifiersTest, PhonesGetTheirCountryCode) {
  EXPECT_EQ(NormalizePhone("+223 76 12-34-56"), "+22376123456");
  EXPECT_EQ(NormalizePhone("00223 76123456"), "+22376123456");
  EXPECT_EQ(NormalizePhone("76 12 34 56", "Mali"), "+22376123456");
  EXPECT_EQ(NormalizePhone("(0)76 12 34 56", "ML"), "+22376123456");
  EXPECT_EQ(NormalizePhone("223 76 12 34 56", "Mali"), "+22376123456");
  EXPECT_EQ(NormalizePhone("76 12 34 56"), "76123456");  // no country known
  EXPECT_EQ(NormalizePhone("+7 495 123-45-67 ext. 12"), "+74951234567");
  EXPECT_EQ(NormalizePhone("n/a"), "");
}

TEST(IdentifiersTest, EmailsAndAddresses) {
  EXPECT_EQ(NormalizeEmail(" mailto:Info@Example.COM; "), "info@example.com");
  EXPECT_EQ(NormalizeEmail("not an email"), "");
  EXPECT_EQ(NormalizeAddress("12, Rue  de l'Église,\nBamako"), "12 rue de l eglise bamako");
  bool ok = false;
  Node a = AddressNode("Rue 305,  Porte 12\n Bamako", &ok);
  Node b = AddressNode("RUE 305 PORTE 12, BAMAKO", &ok);
  EXPECT_EQ(a.xid, b.xid);
  EXPECT_EQ(a.name, "Rue 305, Porte 12 Bamako");
  Node p = PhoneNode("+223 76 12 34 56", "", &ok);
  EXPECT_EQ(p.xid, "phone:+22376123456");
  EXPECT_EQ(p.labels, std::vector<std::string>{"Phone"});
}

TEST(LooseDateTest, Forms) {
  EXPECT_EQ(ParseLooseDate("2022-03-27")->ToString(), "2022-03-27");
  EXPECT_EQ(ParseLooseDate("2022-03-27T10:00:00Z")->ToString(), "2022-03-27");
  EXPECT_EQ(ParseLooseDate("27 March 2022")->ToString(), "2022-03-27");
  EXPECT_EQ(ParseLooseDate("27-Mar-2022")->ToString(), "2022-03-27");
  EXPECT_EQ(ParseLooseDate("27/03/2022")->ToString(), "2022-03-27");
  EXPECT_EQ(ParseLooseDate("March 2022")->ToString(), "2022-03");
  EXPECT_EQ(ParseLooseDate("1961")->ToString(), "1961");
  EXPECT_FALSE(ParseLooseDate("31 February 2022"));
  EXPECT_FALSE(ParseLooseDate("sometime"));
}

TEST(LooseDateTest, RangesWhoseFirstEndBorrowsTheYear) {
  // As the UN list writes a date of birth (QDi.306).
  auto aug = ParseDateStatement("Between Aug. and Sep. 1977");
  ASSERT_TRUE(aug);
  EXPECT_EQ(aug->from.ToString(), "1977-08");
  ASSERT_TRUE(aug->to);
  EXPECT_EQ(aug->to->ToString(), "1977-09");
  auto days = ParseDateStatement("12 to 15 March 2001");
  ASSERT_TRUE(days);
  EXPECT_EQ(days->from.ToString(), "2001-03-12");
  EXPECT_EQ(days->to->ToString(), "2001-03-15");
  auto months = ParseDateStatement("between April and July 2007");
  ASSERT_TRUE(months);
  EXPECT_EQ(months->from.ToString(), "2007-04");
  EXPECT_EQ(months->to->ToString(), "2007-07");
  // Borrowing never reverses a range or invents a date.
  EXPECT_FALSE(ParseDateStatement("Between Oct. and Feb. 1977"));
  EXPECT_FALSE(ParseDateStatement("Between spring and Sep. 1977"));
  EXPECT_FALSE(ParseDateStatement("Between Aug. and sometime"));
}

}  // namespace
}  // namespace actorgraph
