#include "query/executor/function_docs.h"

namespace actorgraph::query::fn {

namespace {

// Each temporal type has the same four functions: truncate and the three
// clocks.
void AddTemporalClockDocs(std::vector<FunctionDoc>* docs) {
  for (const std::string t : {"date", "localtime", "time", "localdatetime", "datetime"}) {
    docs->push_back({t + ".truncate", t + ".truncate(unit, temporal [, map]) -> " + t,
                     "The temporal truncated to the unit ('year', 'month', 'day', 'hour', ...), "
                     "fields in the map overriding."});
    for (const std::string clock : {"transaction", "statement"})
      docs->push_back({t + "." + clock, t + "." + clock + "([zone]) -> " + t,
                       "The current " + t + " at the start of the " + clock + "."});
    docs->push_back({t + ".realtime", t + ".realtime([zone]) -> " + t,
                     "The current " + t + " now, read at the call."});
  }
}

std::vector<FunctionDoc> MakeScalarFunctionDocs() {
  std::vector<FunctionDoc> docs = {
      // Graph elements
      {"id", "id(node | relationship) -> string", "The stable external id (e.g. 'wagner-group')."},
      {"labels", "labels(node) -> list<string>", "The node's labels."},
      {"type", "type(relationship) -> string", "The relationship's type."},
      {"properties", "properties(node | relationship | map) -> map",
       "The properties (under WITH MIN GRADE, those a strong enough source claims)."},
      {"keys", "keys(node | relationship | map) -> list<string>", "The property names."},
      {"startNode", "startNode(relationship) -> node", "The relationship's start node."},
      {"endNode", "endNode(relationship) -> node", "The relationship's end node."},
      {"nodes", "nodes(path) -> list<node>", "The nodes of a path, in order."},
      {"relationships", "relationships(path) -> list<relationship>",
       "The relationships of a path, in order."},
      {"length", "length(path | string | list) -> integer",
       "A path's number of relationships (or a size)."},
      {"exists", "exists(expression | pattern) -> boolean",
       "True when the value is not null, or when the pattern has a match."},
      // Time and provenance
      {"date", "date([string | map | date]) -> date",
       "A date, possibly partial ('2022', '2022-03'); with no argument, today (UTC) at the start "
       "of the statement."},
      {"valid_from", "valid_from(node | relationship) -> date",
       "The start of its valid time, or null when open."},
      {"valid_to", "valid_to(node | relationship) -> date",
       "The end of its valid time, or null when open."},
      {"valid_at", "valid_at(node | relationship, date) -> boolean",
       "Whether it holds at the date: true, false, or null when partial dates leave it open."},
      {"undated", "undated(node | relationship) -> boolean",
       "True when it has neither a start nor an end."},
      // Cypher temporal types (common/temporal.h)
      {"datetime", "datetime([string | map | temporal]) -> datetime",
       "A date and time with an offset or a named zone (now, without an argument)."},
      {"localdatetime", "localdatetime([string | map | temporal]) -> localdatetime",
       "A date and time without a zone."},
      {"time", "time([string | map | temporal]) -> time", "A time of day with an offset."},
      {"localtime", "localtime([string | map | temporal]) -> localtime",
       "A time of day without a zone."},
      {"duration", "duration(string | map) -> duration",
       "A duration: 'P1Y2M10DT2H' or {days: 3, hours: 2}."},
      {"duration.between", "duration.between(a, b) -> duration", "The duration from a to b."},
      {"duration.inMonths", "duration.inMonths(a, b) -> duration",
       "The duration from a to b in whole months."},
      {"duration.inDays", "duration.inDays(a, b) -> duration",
       "The duration from a to b in whole days."},
      {"duration.inSeconds", "duration.inSeconds(a, b) -> duration",
       "The duration from a to b in seconds."},
      {"datetime.fromepoch", "datetime.fromepoch(seconds, nanoseconds) -> datetime",
       "The UTC datetime of a Unix time."},
      {"datetime.fromepochmillis", "datetime.fromepochmillis(milliseconds) -> datetime",
       "The UTC datetime of a Unix time in milliseconds."},
  };
  AddTemporalClockDocs(&docs);
  const std::vector<FunctionDoc> more = {
      {"claims", "claims(x [, property]) -> list<map>",
       "The claims about x itself (or about one of its properties): source, locator, quote, "
       "claimant, stance, "
       "grade."},
      {"all_claims", "all_claims(x) -> list<map>", "Every claim about x and about its properties."},
      {"contested", "contested(x [, property]) -> boolean",
       "True when one source asserts what another denies."},
      // Lists
      {"size", "size(list | string) -> integer", "Number of elements or characters."},
      {"head", "head(list) -> any", "The first element, or null."},
      {"last", "last(list) -> any", "The last element, or null."},
      {"tail", "tail(list) -> list", "All but the first element."},
      {"range", "range(start, end [, step]) -> list<integer>",
       "Integers from start to end inclusive."},
      {"reverse", "reverse(list | string) -> list | string",
       "The elements or characters in reverse order."},
      {"coalesce", "coalesce(x, ...) -> any", "The first argument that is not null."},
      // Strings
      {"toString", "toString(any) -> string", "The value as text."},
      {"toLower", "toLower(string) -> string",
       "Lower case, in every script (Unicode's full mappings, as Java's): toLower('SOCIÉTÉ') is "
       "'société'."},
      {"toUpper", "toUpper(string) -> string",
       "Upper case, in every script: toUpper('Straße') is 'STRASSE'."},
      {"trim", "trim(string) -> string", "Without leading and trailing white space."},
      {"lTrim", "lTrim(string) -> string", "Without leading white space."},
      {"rTrim", "rTrim(string) -> string", "Without trailing white space."},
      {"fold", "fold(string) -> string",
       "The name folded as the engine matches names: case, accents and transliteration removed."},
      {"split", "split(string, delimiter) -> list<string>", "The parts between delimiters."},
      {"substring", "substring(string, start [, length]) -> string", "Part of a string (0-based)."},
      {"left", "left(string, n) -> string", "The first n characters."},
      {"right", "right(string, n) -> string", "The last n characters."},
      {"replace", "replace(string, search, replacement) -> string", "Every occurrence replaced."},
      // Conversions and numbers
      {"toInteger", "toInteger(any) -> integer", "An integer, or null when the value is not one."},
      {"toFloat", "toFloat(any) -> float", "A float, or null when the value is not one."},
      {"toBoolean", "toBoolean(any) -> boolean", "A boolean, or null when the value is not one."},
      {"abs", "abs(number) -> number", "Absolute value."},
      {"ceil", "ceil(number) -> float", "Smallest integral value not below."},
      {"floor", "floor(number) -> float", "Largest integral value not above."},
      {"round", "round(number [, precision]) -> float", "Rounded half up (to precision decimals)."},
      {"sign", "sign(number) -> integer", "-1, 0 or 1."},
      {"rand", "rand() -> float", "A random float, uniform in [0, 1), drawn anew on every call."},
      {"sqrt", "sqrt(number) -> float", "Square root."},
  };
  docs.insert(docs.end(), more.begin(), more.end());
  return docs;
}

}  // namespace

const std::vector<FunctionDoc>& ScalarFunctionDocs() {
  static const std::vector<FunctionDoc> kDocs = MakeScalarFunctionDocs();
  return kDocs;
}

const std::vector<FunctionDoc>& AggregateFunctionDocs() {
  static const std::vector<FunctionDoc> kDocs = {
      {"count", "count(x | *) -> integer",
       "Number of rows (or of non-null values); count(DISTINCT x)."},
      {"sum", "sum(number) -> number", "Sum of the non-null values."},
      {"avg", "avg(number) -> float", "Mean of the non-null values."},
      {"min", "min(any) -> any", "Smallest value in Cypher's order."},
      {"max", "max(any) -> any", "Largest value in Cypher's order."},
      {"collect", "collect(any) -> list", "The non-null values as a list."},
      {"stDev", "stDev(number) -> float", "Sample standard deviation."},
      {"stDevP", "stDevP(number) -> float", "Population standard deviation."},
      {"percentileCont", "percentileCont(number, p) -> float",
       "Percentile p (0..1), interpolated."},
      {"percentileDisc", "percentileDisc(number, p) -> number",
       "Percentile p (0..1), nearest value."},
  };
  return kDocs;
}

namespace {

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

void Table(const std::vector<FunctionDoc>& docs, std::string* out) {
  *out += "| function | what it does |\n| --- | --- |\n";
  for (const auto& d : docs)
    *out += "| `" + Escape(d.signature) + "` | " + Escape(d.summary) + " |\n";
}

}  // namespace

std::string FunctionReferenceMarkdown(const std::vector<ProcedureDoc>& procedures) {
  std::string out =
      "# Function and procedure reference\n\n"
      "Generated from the engine's registries by `tests/analytics/function_reference_test.cc`,\n"
      "which fails when this file and the registries differ (`AG_WRITE_REFERENCE=1` rewrites it).\n"
      "In a query, `CALL db.procedures()` lists the procedures too.\n"
      "Function names are case-insensitive.\n\n## Scalar functions\n\n";
  Table(ScalarFunctionDocs(), &out);
  out += "\n## Aggregate functions\n\n";
  Table(AggregateFunctionDocs(), &out);
  out +=
      "\n## Procedures (`CALL name(...) YIELD ...`)\n\n| procedure | what it does |\n| --- | --- "
      "|\n";
  for (const auto& p : procedures)
    out += "| `" + Escape(p.signature) + "` | " + Escape(p.description) + " |\n";
  return out;
}

}  // namespace actorgraph::query::fn
