// A client in another language, from the schema alone: capnp-es 0.0.16 (the
// TypeScript/JavaScript Cap'n Proto implementation, from npm) generates code
// for schema/actorgraph.capnp, and tests/server/node/client.mjs drives this
// server over RPC with it: login, queries, cursors read to the end, every
// value kind decoded.
//
// Needs node and npm (scripts/setup.sh) and the npm registry the first time
// (capnp-es is installed into the build directory): without them the test
// fails and says why, it never passes silently.
//
// capnp-es 0.0.16 cannot generate code for `-> stream` methods (its output
// imports "capnp-es/capnp/stream", which it does not ship), so the schema is
// compiled with `-> stream` written as `-> ()`: the same messages on the
// wire (a stream method returns an empty struct), without flow control.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/database.h"
#include "server/server.h"
#include "tests/server/server_fixture.h"
#include "tests/test_util.h"

namespace actorgraph {
namespace {

namespace fs = std::filesystem;

struct ShellRun {
  int code = -1;
  std::string out;
};

ShellRun Shell(const std::string& command) {
  ShellRun r;
  FILE* p = popen((command + " 2>&1").c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0)
    r.out.append(buf, n);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
  return r;
}

std::string Quote(const std::string& s) {
  std::string q = "'";
  for (char c : s)
    q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string ReadText(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteText(const fs::path& p, const std::string& text) {
  std::ofstream out(p);
  out << text;
}

constexpr const char* kCapnpEs = "0.0.16";
constexpr const char* kTypeScript = "5.9.3";  // capnp-es compiles its output with it

// Installs capnp-es into the build directory (once) and generates the
// schema's JavaScript. Returns the directory, or an error saying what failed.
Result<fs::path> PrepareCapnpEs() {
  const fs::path dir = fs::path(AG_BINARY_DIR) / "node-capnp-es";
  fs::create_directories(dir / "gen");
  ShellRun node = Shell("node --version");
  if (node.code != 0)
    return Status::NotFound(
        "node is not installed (Debian: apt-get install nodejs npm, or run "
        "scripts/setup.sh): " +
        node.out);
  const fs::path installed = dir / "node_modules" / "capnp-es" / "package.json";
  if (ReadText(installed).find(std::string("\"version\": \"") + kCapnpEs + "\"") ==
      std::string::npos) {
    WriteText(dir / "package.json", std::string("{\"private\": true, \"type\": \"module\", ") +
                                        "\"dependencies\": {\"capnp-es\": \"" + kCapnpEs +
                                        "\", \"typescript\": \"" + kTypeScript + "\"}}\n");
    ShellRun npm = Shell("cd " + Quote(dir.string()) +
                         " && timeout 600 npm install --no-audit --no-fund --loglevel=error");
    if (npm.code != 0)
      return Status::IOError(std::string("npm could not install capnp-es@") + kCapnpEs +
                             " (is the npm registry reachable?): " + npm.out);
  }
  // The schema as capnp-es can compile it (see the top of this file).
  std::string schema = ReadText(testing::SourcePath("schema/actorgraph.capnp"));
  for (size_t at; (at = schema.find("-> stream;")) != std::string::npos;)
    schema.replace(at, 10, "-> ();");
  WriteText(dir / "gen" / "actorgraph.capnp", schema);
  ShellRun gen = Shell("cd " + Quote((dir / "gen").string()) +
                       " && capnp compile -o ../node_modules/.bin/capnpc-js actorgraph.capnp");
  if (gen.code != 0 || !fs::exists(dir / "gen" / "actorgraph.js"))
    return Status::Internal("capnp-es could not generate code for the schema: " + gen.out);
  fs::copy_file(testing::SourcePath("tests/server/node/client.mjs"), dir / "client.mjs",
                fs::copy_options::overwrite_existing);
  return dir;
}

TEST(NodeClient, CapnpEsClientLogsInQueriesAndDecodesEveryValueKind) {
  auto dir = PrepareCapnpEs();
  ASSERT_TRUE(dir.ok()) << dir.status().ToString();

  testing::TempDir tmp;
  auto db = testing::OpenSahelDatabase(tmp / "db");
  ASSERT_TRUE(db);
  server::ServerOptions options;
  options.listen = "unix:" + (tmp / "sock");
  options.tokens = server::TokenTable{{"rtok", server::Role::kReader}};
  testing::ServerThread<server::Server> srv;
  const std::string address = srv.Start(std::make_unique<server::Server>(db.get(), options));
  ASSERT_FALSE(address.empty());

  ShellRun client = Shell("timeout 120 node " + Quote((*dir / "client.mjs").string()) + " " +
                          Quote(address) + " rtok");
  srv.Stop();  // checks how Run ended
  ASSERT_EQ(client.code, 0) << client.out;

  std::map<std::string, nlohmann::json> checks;
  std::istringstream lines(client.out);
  for (std::string line; std::getline(lines, line);) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_discarded() && j.is_object() && j.contains("check"))
      checks[j["check"].get<std::string>()] = j;
  }
  ASSERT_TRUE(checks.count("end")) << client.out;
  EXPECT_EQ(checks["login"]["role"], "reader") << client.out;
  // A reader's `writer` refuses; it is not the reader under another name.
  EXPECT_NE(checks["writer"].value("error", "").find("may only read"), std::string::npos)
      << client.out;

  const auto& kinds = checks["kinds"];
  ASSERT_TRUE(kinds.contains("rows")) << client.out;
  ASSERT_EQ(kinds["rows"].size(), 1u) << client.out;
  const auto& row = kinds["rows"][0];
  ASSERT_EQ(row.size(), 11u) << client.out;
  EXPECT_TRUE(row[0].is_null());
  EXPECT_EQ(row[1], true);
  EXPECT_EQ(row[2]["int"], "9007199254740993");  // beyond a double's integers
  EXPECT_EQ(row[3]["float"], -2.5);
  EXPECT_EQ(row[4], "Moura ✓");
  EXPECT_EQ(row[5]["date"]["year"], 2022);
  EXPECT_EQ(row[5]["date"]["month"], 3);
  EXPECT_EQ(row[5]["date"]["day"], 27);
  EXPECT_EQ(row[6].dump(), R"([{"int":"1"},[{"int":"2"},"x"],[]])");
  EXPECT_EQ(row[7].dump(), R"({"map":{"k":{"int":"1"},"m":{"map":{"z":false}}}})");
  const auto& node = row[8]["node"];
  EXPECT_TRUE(node["found"].get<bool>());
  EXPECT_FALSE(node["xid"].get<std::string>().empty());
  EXPECT_FALSE(node["labels"].empty());
  const auto& rel = row[9]["relationship"];
  EXPECT_EQ(rel["startXid"], node["xid"]);
  EXPECT_FALSE(rel["type"].get<std::string>().empty());
  const auto& path = row[10]["path"];
  ASSERT_EQ(path["nodes"].size(), 2u);
  EXPECT_EQ(path["nodes"][0]["xid"], node["xid"]);
  EXPECT_EQ(path["nodes"][1]["xid"], rel["endXid"]);
  ASSERT_EQ(path["relationships"].size(), 1u);
  EXPECT_EQ(path["relationships"][0]["xid"], rel["xid"]);

  // A cursor read to the end in batches.
  EXPECT_EQ(checks["cursor"]["rows"], 2500) << client.out;
  EXPECT_EQ(checks["cursor"]["batches"], 3) << client.out;
  EXPECT_EQ(checks["cursor"]["sum"], "3126250") << client.out;
  // Errors arrive as the schema's Error.
  EXPECT_NE(checks["error"].value("error", "").find("unknown variable"), std::string::npos)
      << client.out;
}

}  // namespace
}  // namespace actorgraph
