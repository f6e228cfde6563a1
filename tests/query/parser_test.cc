// Parser: clauses, patterns, query options and source positions. Expressions
// are in parser_expression_test.cc, errors in parser_error_test.cc.
#include "query/parser/parser.h"

#include <gtest/gtest.h>

#include <string>

#include "query/parser/printer.h"

namespace actorgraph::query {
namespace {

std::unique_ptr<Statement> MustParse(std::string_view text) {
  auto r = Parse(text);
  EXPECT_TRUE(r.ok()) << text << "\n" << r.status().message();
  if (!r.ok()) return nullptr;
  return std::move(r).value();
}

// The canonical text of `text`; also checks that the canonical text parses
// back to itself, so every construct round-trips through the printer.
std::string Canon(std::string_view text) {
  auto stmt = MustParse(text);
  if (!stmt) return "<error>";
  std::string printed = DebugString(*stmt);
  auto again = Parse(printed);
  EXPECT_TRUE(again.ok()) << printed << "\n" << again.status().message();
  if (again.ok()) {
    EXPECT_EQ(DebugString(**again), printed);
  }
  return printed;
}

const Clause& FirstClause(const Statement& s) {
  return s.query.parts[0].clauses[0];
}

TEST(ParserTest, NodePatterns) {
  EXPECT_EQ(Canon("MATCH (a:Label:Other {k: 'v', k2: $p}) RETURN a"),
            "MATCH (a:Label:Other {k: 'v', k2: $p}) RETURN a");
  EXPECT_EQ(Canon("MATCH (), (:L), ({k: 1}), (n $props) RETURN 1"),
            "MATCH (), (:L), ({k: 1}), (n $props) RETURN 1");

  auto s = MustParse("MATCH (a:Label:Other {k: 'v'}) RETURN a");
  const auto* m = FirstClause(*s).As<MatchClause>();
  ASSERT_NE(m, nullptr);
  ASSERT_EQ(m->patterns.size(), 1u);
  const NodePattern& n = m->patterns[0].nodes[0];
  EXPECT_EQ(n.variable.name, "a");
  ASSERT_EQ(n.labels.size(), 2u);
  EXPECT_EQ(n.labels[0].name, "Label");
  EXPECT_EQ(n.labels[1].name, "Other");
  const auto* props = n.properties->As<MapLiteral>();
  ASSERT_NE(props, nullptr);
  ASSERT_EQ(props->entries.size(), 1u);
  EXPECT_EQ(props->entries[0].key.name, "k");
  EXPECT_EQ(props->entries[0].value->As<Literal>()->value, Value("v"));
}

TEST(ParserTest, RelationshipDirections) {
  struct Case {
    const char* text;
    const char* canon;
    RelDirection direction;
  };
  const Case cases[] = {
      {"(a)-[r:TYPE|OTHER {k: 1}]->(b)", "(a)-[r:TYPE|OTHER {k: 1}]->(b)", RelDirection::kRight},
      {"(a)<-[r:T]-(b)", "(a)<-[r:T]-(b)", RelDirection::kLeft},
      {"(a)-[r]-(b)", "(a)-[r]-(b)", RelDirection::kBoth},
      {"(a)-->(b)", "(a)-->(b)", RelDirection::kRight},
      {"(a)<--(b)", "(a)<--(b)", RelDirection::kLeft},
      {"(a)--(b)", "(a)--(b)", RelDirection::kBoth},
      {"(a)<-->(b)", "(a)--(b)", RelDirection::kBoth},  // openCypher: either direction
      {"(a)-[]->(b)", "(a)-->(b)", RelDirection::kRight},
      {"(a)-[:T|:U]->(b)", "(a)-[:T|U]->(b)", RelDirection::kRight},  // older spelling
  };
  for (const Case& c : cases) {
    const std::string q = std::string("MATCH ") + c.text + " RETURN a";
    EXPECT_EQ(Canon(q), std::string("MATCH ") + c.canon + " RETURN a");
    auto s = MustParse(q);
    const PathPattern& p = FirstClause(*s).As<MatchClause>()->patterns[0];
    ASSERT_EQ(p.rels.size(), 1u) << c.text;
    EXPECT_EQ(p.rels[0].direction, c.direction) << c.text;
    EXPECT_FALSE(p.rels[0].length) << c.text;
  }
  auto s = MustParse("MATCH (a)-[r:TYPE|OTHER {k: 1}]->(b) RETURN a");
  const RelPattern& r = FirstClause(*s).As<MatchClause>()->patterns[0].rels[0];
  EXPECT_EQ(r.variable.name, "r");
  ASSERT_EQ(r.types.size(), 2u);
  EXPECT_EQ(r.types[1].name, "OTHER");
  EXPECT_NE(r.properties, nullptr);
}

TEST(ParserTest, VariableLength) {
  struct Case {
    const char* range;
    std::optional<int64_t> min, max;
    const char* canon;
  };
  const Case cases[] = {
      {"*", std::nullopt, std::nullopt, "*"},
      {"*2", 2, 2, "*2"},
      {"*1..3", 1, 3, "*1..3"},
      {"*..3", std::nullopt, 3, "*..3"},
      {"*2..", 2, std::nullopt, "*2.."},
      {"*..", std::nullopt, std::nullopt, "*"},
      {"* 1 .. 3", 1, 3, "*1..3"},
      {"*0..1", 0, 1, "*0..1"},
  };
  for (const Case& c : cases) {
    const std::string q = std::string("MATCH (a)-[r:T") + c.range + "]->(b) RETURN b";
    EXPECT_EQ(Canon(q), std::string("MATCH (a)-[r:T") + c.canon + "]->(b) RETURN b");
    auto s = MustParse(q);
    const RelPattern& r = FirstClause(*s).As<MatchClause>()->patterns[0].rels[0];
    ASSERT_TRUE(r.length) << c.range;
    EXPECT_EQ(r.length->min, c.min) << c.range;
    EXPECT_EQ(r.length->max, c.max) << c.range;
  }
  EXPECT_EQ(Canon("MATCH (a)-[*]-(b) RETURN b"), "MATCH (a)-[*]-(b) RETURN b");
  EXPECT_EQ(Canon("MATCH (a)-[*1..2 {k: 1}]-(b) RETURN b"),
            "MATCH (a)-[*1..2 {k: 1}]-(b) RETURN b");
}

TEST(ParserTest, SeveralPatternsAndPathVariables) {
  EXPECT_EQ(Canon("MATCH p = (a)-[*]->(b), (c)<--(d)-->(e) RETURN p"),
            "MATCH p = (a)-[*]->(b), (c)<--(d)-->(e) RETURN p");
  auto s = MustParse("MATCH p = (a)-[*]->(b), (c)<--(d)-->(e) RETURN p");
  const auto* m = FirstClause(*s).As<MatchClause>();
  ASSERT_EQ(m->patterns.size(), 2u);
  EXPECT_EQ(m->patterns[0].variable.name, "p");
  EXPECT_TRUE(m->patterns[1].variable.empty());
  EXPECT_EQ(m->patterns[1].nodes.size(), 3u);
  EXPECT_EQ(m->patterns[1].rels.size(), 2u);
}

TEST(ParserTest, ShortestPaths) {
  EXPECT_EQ(Canon("MATCH p = shortestPath((a)-[*..5]-(b)) RETURN p"),
            "MATCH p = shortestPath((a)-[*..5]-(b)) RETURN p");
  EXPECT_EQ(Canon("MATCH p = ALLSHORTESTPATHS((a)-[:T*]->(b)) RETURN p"),
            "MATCH p = allShortestPaths((a)-[:T*]->(b)) RETURN p");
  auto s = MustParse("MATCH p = shortestPath((a)-[*..5]-(b)) RETURN p");
  const PathPattern& p = FirstClause(*s).As<MatchClause>()->patterns[0];
  EXPECT_EQ(p.function, PathFunction::kShortestPath);
  EXPECT_EQ(p.variable.name, "p");
  EXPECT_FALSE(Parse("MATCH p = shortestPath((a)-->(b)-->(c)) RETURN p").ok());
}

TEST(ParserTest, ShortestKeywordInTheLengthIsThePathFunction) {
  // The GQL / Kuzu spelling reads as shortestPath(...) / allShortestPaths(...).
  EXPECT_EQ(Canon("MATCH p = (a)-[:T|U* SHORTEST 1..8]-(b:L) RETURN p"),
            "MATCH p = shortestPath((a)-[:T|U*1..8]-(b:L)) RETURN p");
  EXPECT_EQ(Canon("MATCH (a)-[* all shortest ..3]->(b) RETURN b"),
            "MATCH allShortestPaths((a)-[*..3]->(b)) RETURN b");
  auto s = MustParse("MATCH (a)-[r* SHORTEST 2]-(b) RETURN b");
  const PathPattern& p = FirstClause(*s).As<MatchClause>()->patterns[0];
  EXPECT_EQ(p.function, PathFunction::kShortestPath);
  ASSERT_TRUE(p.rels[0].length.has_value());
  EXPECT_EQ(p.rels[0].length->min, 2);
  EXPECT_EQ(p.rels[0].length->max, 2);
  // Only the pattern holding SHORTEST becomes a shortest path.
  auto two = MustParse("MATCH (a)-[* SHORTEST]-(b), (b)-[*]-(c) RETURN c");
  const auto* m = FirstClause(*two).As<MatchClause>();
  EXPECT_EQ(m->patterns[0].function, PathFunction::kShortestPath);
  EXPECT_EQ(m->patterns[1].function, PathFunction::kNone);
  // A variable may still be called shortest.
  EXPECT_TRUE(Parse("MATCH (shortest)-[*]-(b) RETURN shortest").ok());
}

TEST(ParserTest, OptionalMatchAndWhere) {
  EXPECT_EQ(Canon("MATCH (a) OPTIONAL MATCH (a)-->(b) WHERE b.x > 1 RETURN a, b"),
            "MATCH (a) OPTIONAL MATCH (a)-->(b) WHERE b.x > 1 RETURN a, b");
  auto s = MustParse("OPTIONAL MATCH (a) WHERE a.x RETURN a");
  const auto* m = FirstClause(*s).As<MatchClause>();
  EXPECT_TRUE(m->optional);
  ASSERT_NE(m->where, nullptr);
  EXPECT_EQ(ToString(*m->where), "a.x");
}

TEST(ParserTest, ReturnProjection) {
  EXPECT_EQ(Canon("MATCH (a) RETURN DISTINCT a.name AS name, a"),
            "MATCH (a) RETURN DISTINCT a.name AS name, a");
  EXPECT_EQ(Canon("MATCH (a) RETURN *"), "MATCH (a) RETURN *");
  EXPECT_EQ(Canon("MATCH (a) RETURN *, a.x AS x"), "MATCH (a) RETURN *, a.x AS x");
  EXPECT_EQ(Canon("MATCH (a) RETURN a ORDER BY a.x ASC, a.y DESC, a.z ASCENDING, a.w DESCENDING "
                  "SKIP 5 LIMIT $n"),
            "MATCH (a) RETURN a ORDER BY a.x, a.y DESC, a.z, a.w DESC SKIP 5 LIMIT $n");

  auto s = MustParse("MATCH (a) RETURN DISTINCT a.name AS name ORDER BY name DESC LIMIT 3");
  const auto* r = s->query.parts[0].clauses[1].As<ReturnClause>();
  ASSERT_NE(r, nullptr);
  EXPECT_TRUE(r->projection.distinct);
  EXPECT_FALSE(r->projection.star);
  ASSERT_EQ(r->projection.items.size(), 1u);
  EXPECT_EQ(r->projection.items[0].alias.name, "name");
  ASSERT_EQ(r->projection.order_by.size(), 1u);
  EXPECT_TRUE(r->projection.order_by[0].descending);
  EXPECT_EQ(r->projection.skip, nullptr);
  EXPECT_EQ(r->projection.limit->As<Literal>()->value, Value(3));
}

TEST(ParserTest, With) {
  EXPECT_EQ(Canon("MATCH (a) WITH DISTINCT a, count(*) AS c ORDER BY c DESC SKIP 1 LIMIT 10 "
                  "WHERE c > 2 RETURN a"),
            "MATCH (a) WITH DISTINCT a, count(*) AS c ORDER BY c DESC SKIP 1 LIMIT 10 "
            "WHERE c > 2 RETURN a");
  EXPECT_EQ(Canon("WITH 1 AS x RETURN x"), "WITH 1 AS x RETURN x");
  EXPECT_EQ(Canon("MATCH (a) WITH * RETURN a"), "MATCH (a) WITH * RETURN a");
  auto s = MustParse("MATCH (a) WITH a, a.x AS x WHERE x > 1 RETURN x");
  const auto* w = s->query.parts[0].clauses[1].As<WithClause>();
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->projection.items.size(), 2u);
  EXPECT_EQ(ToString(*w->where), "x > 1");
}

TEST(ParserTest, Unwind) {
  EXPECT_EQ(Canon("UNWIND [1, 2, 3] AS x RETURN x"), "UNWIND [1, 2, 3] AS x RETURN x");
  auto s = MustParse("UNWIND $list AS item RETURN item");
  const auto* u = FirstClause(*s).As<UnwindClause>();
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->variable.name, "item");
  EXPECT_EQ(u->list->As<Parameter>()->name, "list");
}

TEST(ParserTest, Union) {
  EXPECT_EQ(Canon("MATCH (a:A) RETURN a.x AS x UNION MATCH (b:B) RETURN b.x AS x"),
            "MATCH (a:A) RETURN a.x AS x UNION MATCH (b:B) RETURN b.x AS x");
  auto s = MustParse("RETURN 1 AS x UNION ALL RETURN 2 AS x UNION ALL RETURN 3 AS x");
  EXPECT_EQ(s->query.parts.size(), 3u);
  EXPECT_TRUE(s->query.union_all);
  EXPECT_FALSE(MustParse("RETURN 1 AS x UNION RETURN 2 AS x")->query.union_all);
}

TEST(ParserTest, Call) {
  EXPECT_EQ(Canon("CALL db.labels()"), "CALL db.labels()");
  EXPECT_EQ(Canon("CALL db.labels"), "CALL db.labels");
  EXPECT_EQ(Canon("CALL names.find('wagner') YIELD node"), "CALL names.find('wagner') YIELD node");
  EXPECT_EQ(Canon("CALL names.find('wagner') YIELD node RETURN node"),
            "CALL names.find('wagner') YIELD node RETURN node");
  EXPECT_EQ(Canon("CALL db.proc(1, $x) YIELD *"), "CALL db.proc(1, $x) YIELD *");
  EXPECT_EQ(Canon("MATCH (n) CALL algo.rank(n, {iterations: 20}) YIELD score, node AS m "
                  "WHERE score > 0.5 RETURN m, score"),
            "MATCH (n) CALL algo.rank(n, {iterations: 20}) YIELD score, node AS m "
            "WHERE score > 0.5 RETURN m, score");

  auto s = MustParse("CALL a.b.c(1, 2) YIELD x, y AS z WHERE x > 1 RETURN z");
  const auto* c = FirstClause(*s).As<CallClause>();
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->procedure.name, "a.b.c");
  EXPECT_TRUE(c->has_arguments);
  EXPECT_EQ(c->args.size(), 2u);
  ASSERT_EQ(c->yields.size(), 2u);
  EXPECT_EQ(c->yields[0].field.name, "x");
  EXPECT_TRUE(c->yields[0].alias.empty());
  EXPECT_EQ(c->yields[1].alias.name, "z");
  EXPECT_NE(c->where, nullptr);
  EXPECT_FALSE(
      MustParse("CALL db.labels")->query.parts[0].clauses[0].As<CallClause>()->has_arguments);
}

TEST(ParserTest, CallSubquery) {
  EXPECT_EQ(Canon("MATCH (a) CALL { WITH a MATCH (a)-->(b) RETURN count(b) AS n } RETURN a, n"),
            "MATCH (a) CALL { WITH a MATCH (a)-->(b) RETURN count(b) AS n } RETURN a, n");
  EXPECT_EQ(Canon("UNWIND [1] AS i CALL { WITH i CREATE (:X {i: i}) }"),
            "UNWIND [1] AS i CALL { WITH i CREATE (:X {i: i}) }");
  auto s = MustParse("CALL { RETURN 1 AS x UNION RETURN 2 AS x } RETURN x");
  const auto* c = FirstClause(*s).As<CallSubqueryClause>();
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->body->parts.size(), 2u);
}

TEST(ParserTest, CreateAndMerge) {
  EXPECT_EQ(Canon("CREATE (a:Person {name: 'Ann'})-[:KNOWS {since: 2020}]->(b:Person), (c)"),
            "CREATE (a:Person {name: 'Ann'})-[:KNOWS {since: 2020}]->(b:Person), (c)");
  EXPECT_EQ(Canon("MERGE (a:A {id: 1}) ON CREATE SET a.created = 1, a:New ON MATCH SET a += {x: 1} "
                  "ON CREATE SET a.n = 0 RETURN a"),
            "MERGE (a:A {id: 1}) ON CREATE SET a.created = 1, a:New, a.n = 0 "
            "ON MATCH SET a += {x: 1} RETURN a");
  auto s = MustParse("MERGE p = (a)-[:R]->(b) ON MATCH SET a.seen = true");
  const auto* m = FirstClause(*s).As<MergeClause>();
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->pattern.variable.name, "p");
  EXPECT_TRUE(m->on_create.empty());
  ASSERT_EQ(m->on_match.size(), 1u);
  EXPECT_EQ(m->on_match[0].kind, SetItem::Kind::kProperty);
}

TEST(ParserTest, SetRemoveDelete) {
  EXPECT_EQ(Canon("MATCH (n) SET n.p = 1, n = {a: 1}, n += {b: 2}, n:Label:Other, n.a.b = 3"),
            "MATCH (n) SET n.p = 1, n = {a: 1}, n += {b: 2}, n:Label:Other, n.a.b = 3");
  EXPECT_EQ(Canon("MATCH (n) REMOVE n.p, n:Label:Other"), "MATCH (n) REMOVE n.p, n:Label:Other");
  EXPECT_EQ(Canon("MATCH (n)-[r]-() DELETE r, n"), "MATCH (n)-[r]-() DELETE r, n");
  EXPECT_EQ(Canon("MATCH (n) DETACH DELETE n"), "MATCH (n) DETACH DELETE n");

  auto s = MustParse("MATCH (n) SET n.p = 1, n = {}, n += $m, n:L");
  const auto& items = s->query.parts[0].clauses[1].As<SetClause>()->items;
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[0].kind, SetItem::Kind::kProperty);
  EXPECT_EQ(ToString(*items[0].target), "n.p");
  EXPECT_EQ(items[1].kind, SetItem::Kind::kReplace);
  EXPECT_EQ(items[1].variable.name, "n");
  EXPECT_EQ(items[2].kind, SetItem::Kind::kMerge);
  EXPECT_EQ(items[3].kind, SetItem::Kind::kLabels);
  EXPECT_EQ(items[3].labels[0].name, "L");
  EXPECT_TRUE(
      MustParse("MATCH (n) DETACH DELETE n")->query.parts[0].clauses[1].As<DeleteClause>()->detach);
}

TEST(ParserTest, ExplainProfileAndSemicolon) {
  auto e = MustParse("EXPLAIN MATCH (n) RETURN n;");
  EXPECT_EQ(e->mode, Statement::Mode::kExplain);
  EXPECT_EQ(DebugString(*e), "EXPLAIN MATCH (n) RETURN n");
  EXPECT_EQ(MustParse("profile RETURN 1")->mode, Statement::Mode::kProfile);
  EXPECT_EQ(MustParse("RETURN 1")->mode, Statement::Mode::kRun);
  EXPECT_TRUE(Parse("RETURN 1 ;  // done\n").ok());
}

TEST(ParserTest, KeywordsAreCaseInsensitive) {
  EXPECT_EQ(Canon("match (n:Person) where n.age >= 18 and not n.retired return distinct n "
                  "order by n.name desc limit 5"),
            "MATCH (n:Person) WHERE n.age >= 18 AND NOT n.retired RETURN DISTINCT n "
            "ORDER BY n.name DESC LIMIT 5");
}

TEST(ParserTest, CommentsAndWhitespace) {
  EXPECT_EQ(Canon("// leading comment\nMATCH /* inline */ (n)\n\t-->(m) // trailing\r\nRETURN m"),
            "MATCH (n)-->(m) RETURN m");
  EXPECT_EQ(Canon("RETURN 1 /* a / * b ** */ + 2"), "RETURN 1 + 2");
}

TEST(ParserTest, BacktickNames) {
  EXPECT_EQ(Canon("MATCH (`weird name`:`Odd Label` {`a key`: 1}) RETURN `weird name`.`x y`"),
            "MATCH (`weird name`:`Odd Label` {`a key`: 1}) RETURN `weird name`.`x y`");
  EXPECT_EQ(Canon("MATCH (`end`) RETURN `end`"), "MATCH (`end`) RETURN `end`");
  EXPECT_EQ(Canon("MATCH (`a``b`) RETURN `a``b`"), "MATCH (`a``b`) RETURN `a``b`");
  // Reserved words are fine as labels, types and keys.
  EXPECT_EQ(Canon("MATCH (n:Match)-[:ORDER]->(m {end: 1}) RETURN n.order"),
            "MATCH (n:Match)-[:ORDER]->(m {end: 1}) RETURN n.order");
  auto s = MustParse("MATCH (`weird name`) RETURN 1");
  EXPECT_EQ(FirstClause(*s).As<MatchClause>()->patterns[0].nodes[0].variable.name, "weird name");
}

TEST(ParserTest, ClauseOrder) {
  EXPECT_TRUE(Parse("CREATE (a) WITH a MATCH (b) RETURN a, b").ok());
  EXPECT_TRUE(Parse("MATCH (a) CREATE (b) SET b.x = 1 RETURN b").ok());
  EXPECT_TRUE(Parse("CREATE (a)").ok());
  EXPECT_TRUE(Parse("MATCH (a) SET a.x = 1").ok());
  EXPECT_FALSE(Parse("CREATE (a) MATCH (b) RETURN b").ok());
  EXPECT_FALSE(Parse("MATCH (a)").ok());
  EXPECT_FALSE(Parse("MATCH (a) WITH a").ok());
  EXPECT_FALSE(Parse("RETURN 1 MATCH (n) RETURN n").ok());
}

// ---------------------------------------------------------- query options

TEST(ParserOptionsTest, ValidTimeAsOf) {
  auto s = MustParse("FOR VALID_TIME AS OF date('2022-03') MATCH (n) RETURN n");
  ASSERT_TRUE(s->options.valid_time);
  EXPECT_EQ(ToString(*s->options.valid_time->as_of), "date('2022-03')");
  EXPECT_EQ(s->options.valid_time->from, nullptr);
  EXPECT_FALSE(s->options.system_time);
  EXPECT_FALSE(s->options.min_grade);
  EXPECT_EQ(DebugString(*s), "FOR VALID_TIME AS OF date('2022-03') MATCH (n) RETURN n");
}

TEST(ParserOptionsTest, ValidTimeFromTo) {
  auto s = MustParse("for valid_time from '2020' to $end MATCH (n) RETURN n");
  ASSERT_TRUE(s->options.valid_time);
  EXPECT_EQ(s->options.valid_time->as_of, nullptr);
  EXPECT_EQ(ToString(*s->options.valid_time->from), "'2020'");
  EXPECT_EQ(ToString(*s->options.valid_time->to), "$end");
  EXPECT_EQ(Canon("FOR VALID_TIME FROM '2020' TO $end MATCH (n) RETURN n"),
            "FOR VALID_TIME FROM '2020' TO $end MATCH (n) RETURN n");
}

TEST(ParserOptionsTest, SystemTime) {
  auto s = MustParse("FOR SYSTEM_TIME AS OF 1042 RETURN 1");
  ASSERT_TRUE(s->options.system_time);
  EXPECT_EQ(s->options.system_time->as_of->As<Literal>()->value, Value(1042));
  EXPECT_EQ(Canon("FOR SYSTEM_TIME AS OF datetime('2024-01-01T00:00:00Z') RETURN 1"),
            "FOR SYSTEM_TIME AS OF datetime('2024-01-01T00:00:00Z') RETURN 1");
}

TEST(ParserOptionsTest, MinGrade) {
  auto s = MustParse("WITH MIN GRADE 'b2' MATCH (n) RETURN n");
  ASSERT_TRUE(s->options.min_grade);
  EXPECT_EQ(s->options.min_grade->code, "B2");
  EXPECT_EQ(s->options.min_grade->pos.column, 1u);
  EXPECT_TRUE(Parse("WITH MIN GRADE 'F6' RETURN 1").ok());
  EXPECT_FALSE(Parse("WITH MIN GRADE 'G1' RETURN 1").ok());
  EXPECT_FALSE(Parse("WITH MIN GRADE 'A7' RETURN 1").ok());
  EXPECT_FALSE(Parse("WITH MIN GRADE 'A' RETURN 1").ok());
  EXPECT_FALSE(Parse("WITH MIN GRADE B2 RETURN 1").ok());
}

TEST(ParserOptionsTest, WithClauseIsNotMistakenForMinGrade) {
  // A variable called min, and a WITH clause at the start of a query.
  auto s = MustParse("WITH 5 AS min RETURN min");
  EXPECT_FALSE(s->options.min_grade);
  EXPECT_NE(FirstClause(*s).As<WithClause>(), nullptr);
  auto t = MustParse("WITH MIN GRADE 'A1' WITH 5 AS min, 6 AS grade RETURN min, grade");
  ASSERT_TRUE(t->options.min_grade);
  EXPECT_NE(FirstClause(*t).As<WithClause>(), nullptr);
  EXPECT_TRUE(Parse("UNWIND [1] AS min WITH min RETURN min").ok());
}

TEST(ParserOptionsTest, AnyOrderAfterExplain) {
  const char* orders[] = {
      "EXPLAIN WITH MIN GRADE 'C3' FOR SYSTEM_TIME AS OF 7 FOR VALID_TIME AS OF '2021' RETURN 1",
      "EXPLAIN FOR SYSTEM_TIME AS OF 7 FOR VALID_TIME AS OF '2021' WITH MIN GRADE 'C3' RETURN 1",
      "EXPLAIN FOR VALID_TIME AS OF '2021' WITH MIN GRADE 'C3' FOR SYSTEM_TIME AS OF 7 RETURN 1",
  };
  for (const char* q : orders) {
    EXPECT_EQ(Canon(q),
              "EXPLAIN FOR VALID_TIME AS OF '2021' FOR SYSTEM_TIME AS OF 7 WITH MIN GRADE 'C3' "
              "RETURN 1")
        << q;
  }
}

TEST(ParserOptionsTest, EachAtMostOnce) {
  EXPECT_FALSE(Parse("FOR VALID_TIME AS OF 1 FOR VALID_TIME AS OF 2 RETURN 1").ok());
  EXPECT_FALSE(Parse("FOR SYSTEM_TIME AS OF 1 FOR SYSTEM_TIME AS OF 2 RETURN 1").ok());
  EXPECT_FALSE(Parse("WITH MIN GRADE 'A1' WITH MIN GRADE 'A2' RETURN 1").ok());
  EXPECT_FALSE(Parse("FOR VALID_TIME FROM 1 RETURN 1").ok());
  EXPECT_FALSE(Parse("FOR TRANSACTION_TIME AS OF 1 RETURN 1").ok());
  // Options are query-level: not after the first clause.
  EXPECT_FALSE(Parse("MATCH (n) FOR VALID_TIME AS OF 1 RETURN n").ok());
}

// ---------------------------------------------------------------- positions

TEST(ParserPositionTest, NodesRecordLineColumnAndOffset) {
  const std::string text = "MATCH (a:Actor)\n  WHERE a.name = 'x'\nRETURN a";
  auto s = MustParse(text);
  const Clause& match = FirstClause(*s);
  EXPECT_EQ(match.pos, (SourcePos{1, 1, 0}));
  const auto* m = match.As<MatchClause>();
  const NodePattern& n = m->patterns[0].nodes[0];
  EXPECT_EQ(n.pos, (SourcePos{1, 7, 6}));
  EXPECT_EQ(n.variable.pos, (SourcePos{1, 8, 7}));
  EXPECT_EQ(n.labels[0].pos, (SourcePos{1, 10, 9}));

  const Expr& where = *m->where;
  EXPECT_EQ(where.pos, (SourcePos{2, 9, 24}));
  EXPECT_EQ(text.substr(where.pos.offset, where.end - where.pos.offset), "a.name = 'x'");
  const auto* eq = where.As<Binary>();
  ASSERT_NE(eq, nullptr);
  EXPECT_EQ(eq->rhs->pos, (SourcePos{2, 18, 33}));

  const Clause& ret = s->query.parts[0].clauses[1];
  EXPECT_EQ(ret.pos, (SourcePos{3, 1, 37}));
}

TEST(ParserPositionTest, ColumnsCountCodePoints) {
  const std::string text = "RETURN 'été', x";
  auto s = MustParse(text);
  const auto& items = FirstClause(*s).As<ReturnClause>()->projection.items;
  EXPECT_EQ(items[1].expr->pos.column, 15u);  // 'été' is 5 characters but 7 bytes
  EXPECT_EQ(items[1].expr->pos.offset, 16u);
}

TEST(ParserPositionTest, ExpressionSpansCoverTheirSource) {
  const std::string text = "RETURN count(DISTINCT n.x) + 1 AS c, [x IN l | x * 2]";
  auto s = MustParse(text);
  const auto& items = FirstClause(*s).As<ReturnClause>()->projection.items;
  auto span = [&](const Expr& e) { return text.substr(e.pos.offset, e.end - e.pos.offset); };
  EXPECT_EQ(span(*items[0].expr), "count(DISTINCT n.x) + 1");
  EXPECT_EQ(span(*items[0].expr->As<Binary>()->lhs), "count(DISTINCT n.x)");
  EXPECT_EQ(span(*items[1].expr), "[x IN l | x * 2]");
}

}  // namespace
}  // namespace actorgraph::query
