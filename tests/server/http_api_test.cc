// End-to-end tests of the HTTP/JSON API (server/http_server.h): an
// HttpServer runs in-process on loopback TCP over the Sahel dataset; the
// tests speak raw HTTP/1.1 (tests/server/http_test_util.h).
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "engine/database.h"
#include "server/http_server.h"
#include "server/web_assets.h"
#include "tests/server/http_test_util.h"
#include "tests/server/server_fixture.h"
#include "tests/test_util.h"

namespace actorgraph {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using testing::Eventually;
using testing::Http;
using testing::HttpReply;

class HttpTest : public ::testing::Test {
 protected:
  void SetUp() override {}
  void TearDown() override { Stop(); }

  // tokens: readers "rtok", writers "wtok"; none when !with_tokens.
  void Start(bool with_tokens = true) {
    db_ = testing::OpenSahelDatabase(dir_ / "db");
    ASSERT_TRUE(db_);
    server::ServerOptions options;
    if (with_tokens)
      options.tokens =
          server::TokenTable{{"rtok", server::Role::kReader}, {"wtok", server::Role::kWriter}};
    options.login_delay_ms = 1;
    options.log = &log_;
    server::HttpOptions http;
    http.listen = "127.0.0.1:0";
    http.stream_batch_rows = 100;
    if (configure_) configure_(options, http);
    address_ = server_.Start(std::make_unique<server::HttpServer>(db_.get(), options, http));
    ASSERT_FALSE(address_.empty());
  }

  void Stop() {
    server_.Stop();
    db_.reset();
  }

  HttpReply Query(const json& body, const std::string& token = "wtok",
                  const std::string& accept = "application/json") {
    std::map<std::string, std::string> h{{"Content-Type", "application/json"}, {"Accept", accept}};
    if (!token.empty()) h["Authorization"] = "Bearer " + token;
    return Http(address_, "POST", "/api/query", body.dump(), h);
  }
  HttpReply Get(const std::string& target, const std::string& token = "rtok") {
    std::map<std::string, std::string> h;
    if (!token.empty()) h["Authorization"] = "Bearer " + token;
    return Http(address_, "GET", target, "", h);
  }

  static json Body(const HttpReply& r) { return json::parse(r.body); }

  std::function<void(server::ServerOptions&, server::HttpOptions&)> configure_;
  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
  testing::ServerThread<server::HttpServer> server_;
  std::string address_;
  std::ostringstream log_;
};

// ------------------------------------------------------------------ query

TEST_F(HttpTest, QueryReturnsColumnsRowsAndStats) {
  Start();
  auto r = Query({{"query", "MATCH (n {id: $id}) RETURN n, n.name AS name, date('2022-03') AS d"},
                  {"params", {{"id", "wagner-group"}}}},
                 "rtok");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.headers["content-type"], "application/json");
  json j = Body(r);
  EXPECT_EQ(j["columns"], json({"n", "name", "d"}));
  ASSERT_EQ(j["rows"].size(), 1u);
  const json& node = j["rows"][0][0]["$node"];
  EXPECT_EQ(node["id"], "wagner-group");
  EXPECT_EQ(node["labels"], json({"PrivateMilitaryCompany"}));
  EXPECT_EQ(j["rows"][0][1], node["name"]);
  EXPECT_EQ(j["rows"][0][2], json({{"$date", "2022-03"}}));
  EXPECT_EQ(j["stats"]["rows"], 1);
}

TEST_F(HttpTest, RelationshipsCarryIntervalGradeAndContested) {
  Start();
  auto r = Query({{"query", "MATCH ()-[r]->() RETURN r"}});
  ASSERT_EQ(r.status, 200) << r.body;
  bool contested = false, graded = false, dated = false;
  const json body = Body(r);  // not in the range-for: a temporary's member would dangle
  for (const auto& row : body["rows"]) {
    const json& rel = row[0]["$rel"];
    ASSERT_TRUE(rel.contains("start") && rel.contains("end") && rel.contains("type"));
    contested |= rel["contested"].get<bool>();
    graded |= rel["grade"].is_string();
    dated |= rel["valid"]["from"].is_string();
  }
  EXPECT_TRUE(contested);
  EXPECT_TRUE(graded);
  EXPECT_TRUE(dated);
}

TEST_F(HttpTest, OptionsFilterByValidTime) {
  Start();
  const std::string q = "MATCH ({id: 'wagner-group'})-[r]-() RETURN count(r) AS n";
  auto all = Query({{"query", q}});
  auto at = Query({{"query", q}, {"options", {{"valid_at", "2014-01"}}}});
  ASSERT_EQ(all.status, 200) << all.body;
  ASSERT_EQ(at.status, 200) << at.body;
  EXPECT_LT(Body(at)["rows"][0][0].get<int>(), Body(all)["rows"][0][0].get<int>());
  auto bad = Query({{"query", q}, {"options", {{"valid_at", "March"}}}});
  EXPECT_EQ(bad.status, 400) << bad.body;
  auto unknown = Query({{"query", q}, {"options", {{"valid_when", "2014"}}}});
  EXPECT_EQ(unknown.status, 400) << unknown.body;
}

TEST_F(HttpTest, NdjsonStreamsHeaderRowsAndStats) {
  Start();
  auto r = Query({{"query", "UNWIND range(1, 1234) AS x RETURN x, toString(x) AS s"}}, "rtok",
                 "application/x-ndjson");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.headers["content-type"], "application/x-ndjson");
  EXPECT_EQ(r.headers["transfer-encoding"], "chunked");
  std::istringstream in(r.body);
  std::string line;
  std::vector<json> lines;
  while (std::getline(in, line))
    lines.push_back(json::parse(line));
  ASSERT_EQ(lines.size(), 1234u + 2);
  EXPECT_EQ(lines.front()["columns"], json({"x", "s"}));
  EXPECT_EQ(lines[1], json({1, "1"}));
  EXPECT_EQ(lines[1234], json({1234, "1234"}));
  EXPECT_EQ(lines.back()["stats"]["rows"], 1234);
}

TEST_F(HttpTest, NdjsonErrorBeforeTheFirstRowKeepsItsStatus) {
  Start();
  auto r = Query({{"query", "RETURN nosuch"}}, "rtok", "application/x-ndjson");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Body(r)["error"]["kind"], "semantic");
}

TEST_F(HttpTest, DisconnectMidStreamFreesTheWorker) {
  Start();
  const int fd = testing::HttpConnect(address_);
  ASSERT_GE(fd, 0);
  json body{{"query", "UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y RETURN x, y"}};
  ASSERT_TRUE(testing::SendAll(fd, testing::HttpRequestText("POST", "/api/query", body.dump(),
                                                            {{"Authorization", "Bearer rtok"},
                                                             {"Accept", "application/x-ndjson"}})));
  // Read until rows arrive: the query is running and holds a snapshot.
  std::string got;
  char buf[4096];
  while (got.find("\n[") == std::string::npos) {
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    ASSERT_GT(n, 0);
    got.append(buf, static_cast<size_t>(n));
  }
  EXPECT_EQ(server_->counters().live_queries, 1);
  close(fd);
  EXPECT_TRUE(Eventually([&] {
    auto c = server_->counters();
    return c.live_queries == 0 && c.running == 0 && c.connections == 0;
  })) << "live "
      << server_->counters().live_queries << ", running " << server_->counters().running;
}

// ------------------------------------------------------------------ errors

TEST_F(HttpTest, SyntaxErrorIs400WithLineAndColumn) {
  Start();
  auto r = Query({{"query", "MATCH (n)\nRETURN n.name AS\n"}});
  ASSERT_EQ(r.status, 400) << r.body;
  json e = Body(r)["error"];
  EXPECT_EQ(e["kind"], "syntax");
  EXPECT_EQ(e["line"], 3);
  EXPECT_EQ(e["column"], 1);
  EXPECT_NE(e["message"].get<std::string>().find("line 3, column 1"), std::string::npos);
  EXPECT_TRUE(e.contains("hint"));
}

TEST_F(HttpTest, BadJsonBodyIs400NamingLineAndColumn) {
  Start();
  auto r = Http(address_, "POST", "/api/query", "{\"query\":\n  \"RETURN 1\" oops}",
                {{"Authorization", "Bearer rtok"}});
  ASSERT_EQ(r.status, 400) << r.body;
  json e = Body(r)["error"];
  EXPECT_EQ(e["kind"], "json");
  EXPECT_EQ(e["line"], 2);
  EXPECT_EQ(e["column"], 14);
  auto missing = Http(address_, "POST", "/api/query", "{\"text\": \"RETURN 1\"}",
                      {{"Authorization", "Bearer rtok"}});
  EXPECT_EQ(missing.status, 400) << missing.body;
  EXPECT_EQ(Body(missing)["error"]["kind"], "request");
}

TEST_F(HttpTest, NoOrBadTokenIs401) {
  Start();
  auto none = Query({{"query", "RETURN 1"}}, "");
  EXPECT_EQ(none.status, 401) << none.body;
  EXPECT_EQ(Body(none)["error"]["kind"], "auth");
  EXPECT_EQ(none.headers["www-authenticate"], "Bearer");
  auto bad = Query({{"query", "RETURN 1"}}, "guess");
  EXPECT_EQ(bad.status, 401) << bad.body;
  EXPECT_EQ(Get("/api/schema", "").status, 401);
  EXPECT_EQ(server_->counters().failed_auth, 3);
  // The page itself needs no token (it asks for one).
  EXPECT_EQ(Get("/", "").status, 200);
}

TEST_F(HttpTest, ReaderWritingIs403AndWriterWrites) {
  Start();
  auto r = Query({{"query", "CREATE (:ArmedGroup {id: 'http-test', name: 'HTTP Test'})"}}, "rtok");
  ASSERT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(Body(r)["error"]["kind"], "permission");
  auto w = Query({{"query", "CREATE (:ArmedGroup {id: 'http-test', name: 'HTTP Test'})"}}, "wtok");
  ASSERT_EQ(w.status, 200) << w.body;
  EXPECT_TRUE(Body(w)["stats"].contains("summary"));
  auto check = Query({{"query", "MATCH (n {id: 'http-test'}) RETURN n.name"}}, "rtok");
  EXPECT_EQ(Body(check)["rows"], json({{"HTTP Test"}}));
  auto imp = Http(address_, "POST", "/api/import?format=jsonl", "{}\n",
                  {{"Authorization", "Bearer rtok"}});
  EXPECT_EQ(imp.status, 403) << imp.body;
}

TEST_F(HttpTest, UnknownRouteIs404AndWrongMethodIs405) {
  Start();
  auto r = Get("/api/nosuch");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(Body(r)["error"]["kind"], "not_found");
  auto m = Get("/api/query");
  EXPECT_EQ(m.status, 405);
  EXPECT_EQ(m.headers["allow"], "POST");
  EXPECT_EQ(Http(address_, "DELETE", "/").status, 405);
  EXPECT_EQ(Get("/no-such-page.html").status, 404);
}

TEST_F(HttpTest, TimeLimitIs408) {
  Start();
  auto r =
      Query({{"query", "UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y RETURN count(*)"},
             {"options", {{"time_limit_ms", 50}}}});
  ASSERT_EQ(r.status, 408) << r.body;
  EXPECT_EQ(Body(r)["error"]["kind"], "limit");
}

TEST_F(HttpTest, RowLimitIs413AndServerCapsIt) {
  configure_ = [](server::ServerOptions& o, server::HttpOptions&) { o.max_rows = 10; };
  Start();
  auto r = Query({{"query", "MATCH (n) RETURN n.id"}});
  ASSERT_EQ(r.status, 413) << r.body;
  EXPECT_EQ(Body(r)["error"]["kind"], "limit");
  // A client asking for more than the cap still gets the cap.
  auto more = Query({{"query", "MATCH (n) RETURN n.id"}, {"options", {{"row_limit", 1000}}}});
  EXPECT_EQ(more.status, 413) << more.body;
  EXPECT_EQ(Query({{"query", "MATCH (n) RETURN n.id LIMIT 10"}}).status, 200);
}

TEST_F(HttpTest, BodyTooLargeIs413) {
  configure_ = [](server::ServerOptions&, server::HttpOptions& h) { h.max_body_bytes = 1000; };
  Start();
  json big{{"query", "RETURN $x"}, {"params", {{"x", std::string(5000, 'a')}}}};
  auto r = Query(big);
  EXPECT_EQ(r.status, 413) << r.body;
  EXPECT_EQ(Query({{"query", "RETURN 1"}}).status, 200);
}

TEST_F(HttpTest, WithoutTokensNoLoginIsNeeded) {
  Start(/*with_tokens=*/false);
  auto r = Query({{"query", "CREATE (:ArmedGroup {id: 'no-login', name: 'No Login'})"}}, "");
  EXPECT_EQ(r.status, 200) << r.body;
}

// ------------------------------------------------------------------ entity, schema, history,
// import

TEST_F(HttpTest, EntityCardHasRelationshipsAndClaims) {
  Start();
  auto r = Get("/api/entity/wagner-group");
  ASSERT_EQ(r.status, 200) << r.body;
  json j = Body(r);
  EXPECT_EQ(j["id"], "wagner-group");
  EXPECT_EQ(j["style"]["kind"], "PrivateMilitaryCompany");
  ASSERT_FALSE(j["relationships"].empty());
  bool quoted = false, contested = false;
  for (const auto& rel : j["relationships"]) {
    EXPECT_TRUE(rel["direction"] == "out" || rel["direction"] == "in");
    EXPECT_TRUE(rel["other"]["id"].is_string());
    contested |= rel["contested"].get<bool>();
    for (const auto& c : rel["claims"]) {
      EXPECT_TRUE(c["source"]["id"].is_string());
      EXPECT_TRUE(c["stance"] == "asserts" || c["stance"] == "denies");
      quoted |= !c["quote"].get<std::string>().empty();
    }
  }
  EXPECT_TRUE(quoted);
  EXPECT_TRUE(contested);
  EXPECT_EQ(Get("/api/entity/no-such-entity").status, 404);
}

TEST_F(HttpTest, HistoryAndSchema) {
  Start();
  auto h = Get("/api/history/wagner-group");
  ASSERT_EQ(h.status, 200) << h.body;
  ASSERT_FALSE(Body(h)["transactions"].empty());
  EXPECT_EQ(Body(h)["transactions"][0]["description"], "load sahel");
  auto s = Get("/api/schema");
  ASSERT_EQ(s.status, 200) << s.body;
  bool armed = false;
  const json schema = Body(s);
  for (const auto& l : schema["labels"])
    if (l["name"] == "ArmedGroup") armed = l["style"]["fill"] == "#fc9272";
  EXPECT_TRUE(armed);
  EXPECT_FALSE(Body(s)["relationship_types"].empty());
}

TEST_F(HttpTest, ImportWritesAndReportsErrors) {
  Start();
  const std::string line =
      R"({"kind": "node", "id": "http-import", "labels": ["ArmedGroup"], "name": "Imported"})"
      "\n";
  auto r = Http(address_, "POST", "/api/import?format=jsonl&name=x.jsonl", line,
                {{"Authorization", "Bearer wtok"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Body(r)["imported"], 1);
  EXPECT_EQ(Body(Query({{"query", "MATCH (n {id: 'http-import'}) RETURN n.name"}}))["rows"],
            json({{"Imported"}}));
  auto bad =
      Http(address_, "POST", "/api/import?format=nosuch", line, {{"Authorization", "Bearer wtok"}});
  EXPECT_EQ(bad.status, 400) << bad.body;
  auto broken = Http(address_, "POST", "/api/import?format=jsonl", "{not json\n",
                     {{"Authorization", "Bearer wtok"}});
  EXPECT_EQ(broken.status, 400) << broken.body;
}

// ------------------------------------------------------------------ the page

TEST_F(HttpTest, ServesTheEmbeddedWorkbench) {
  Start();
  ASSERT_NE(server::FindWebAsset("/index.html"), nullptr);
  auto r = Get("/", "");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.headers["content-type"], "text/html; charset=utf-8");
  EXPECT_EQ(r.body, std::string(server::FindWebAsset("/")->bytes));
  auto q = Get("/?q=MATCH%20(n)%20RETURN%20n", "");
  EXPECT_EQ(q.status, 200);
  EXPECT_EQ(q.body, r.body);
  EXPECT_EQ(Get("/static/index.html", "").body, r.body);
}

}  // namespace
}  // namespace actorgraph
