// End-to-end tests of the `actorgraph` command-line tool: each test runs the
// real binary as a subprocess and checks its stdout, stderr and exit code.
//
// The default database lives under $XDG_DATA_HOME, which every run points at
// a fresh temporary directory (HOME too), so no test ever touches the real
// home directory.
//
// The binary is AG_BINARY_DIR/tools/cli/actorgraph; build the `actorgraph`
// target before running cli_tests.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/test_util.h"

extern char** environ;

namespace actorgraph {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

const std::string kBinary = std::string(AG_BINARY_DIR) + "/tools/cli/actorgraph";

struct RunResult {
  int exit_code = -1;  // 128 + signal when the process was killed by a signal
  std::string out;
  std::string err;
};

std::ostream& operator<<(std::ostream& os, const RunResult& r) {
  return os << "exit " << r.exit_code << "\n--- stdout\n"
            << r.out.substr(0, 4000) << "\n--- stderr\n"
            << r.err.substr(0, 4000);
}

// Runs the CLI with `args`, XDG_DATA_HOME=xdg and HOME=home, and collects its
// output. Gives up (SIGKILL) after 30 s.
RunResult RunCli(const std::vector<std::string>& args, const std::string& xdg,
                 const std::string& home, const std::string& stdin_path = "/dev/null") {
  RunResult r;
  int out_pipe[2], err_pipe[2];
  if (pipe(out_pipe) != 0 || pipe(err_pipe) != 0) {
    r.err = "pipe failed";
    return r;
  }
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) {
    const std::string kv = *e;
    if (kv.rfind("XDG_DATA_HOME=", 0) == 0 || kv.rfind("HOME=", 0) == 0) continue;
    env.push_back(kv);
  }
  env.push_back("XDG_DATA_HOME=" + xdg);
  env.push_back("HOME=" + home);
  std::vector<char*> envp, argv;
  for (auto& e : env)
    envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_s = {kBinary};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  for (auto& a : argv_s)
    argv.push_back(a.data());
  argv.push_back(nullptr);

  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out_pipe[1], STDOUT_FILENO);
    dup2(err_pipe[1], STDERR_FILENO);
    close(out_pipe[0]);
    close(out_pipe[1]);
    close(err_pipe[0]);
    close(err_pipe[1]);
    int devnull = open(stdin_path.c_str(), O_RDONLY);
    if (devnull >= 0) dup2(devnull, STDIN_FILENO);
    execve(kBinary.c_str(), argv.data(), envp.data());
    _exit(127);
  }
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (pid < 0) {
    close(out_pipe[0]);
    close(err_pipe[0]);
    r.err = "fork failed";
    return r;
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&r.out, &r.err};
  int open_fds = 2;
  bool killed = false;
  while (open_fds > 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          deadline - std::chrono::steady_clock::now())
                          .count();
    if (left <= 0) {
      kill(pid, SIGKILL);
      killed = true;
      break;
    }
    if (poll(fds, 2, static_cast<int>(left)) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char buf[65536];
      const ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n > 0) {
        sinks[i]->append(buf, static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  for (auto& f : fds)
    if (f.fd >= 0) close(f.fd);
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFEXITED(status))
    r.exit_code = WEXITSTATUS(status);
  else if (WIFSIGNALED(status))
    r.exit_code = 128 + WTERMSIG(status);
  if (killed) r.err += "\n[killed after 30 s]";
  return r;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    out.push_back(line);
  return out;
}

bool Contains(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

// True when one line of `text` contains every one of `parts`.
bool SomeLineHasAll(const std::string& text, const std::vector<std::string>& parts) {
  for (const auto& line : Lines(text)) {
    bool all = true;
    for (const auto& p : parts)
      all = all && Contains(line, p);
    if (all) return true;
  }
  return false;
}

// The number after `key` at the start of a line of `stats` output, or -1.
long StatsField(const std::string& stats, const std::string& key) {
  for (const auto& line : Lines(stats))
    if (line.rfind(key + " ", 0) == 0) {
      try {
        return std::stol(line.substr(key.size()));
      } catch (...) {
        return -1;
      }
    }
  return -1;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fs::exists(kBinary))
        << kBinary << " is missing: build the `actorgraph` target first";
    fs::create_directories(xdg_);
    fs::create_directories(home_);
  }

  RunResult Cli(const std::vector<std::string>& args) { return RunCli(args, xdg_, home_); }
  // Runs with `input` on standard input (not a terminal).
  RunResult CliInput(const std::vector<std::string>& args, const std::string& input) {
    const std::string path = home_ + "/stdin.txt";
    WriteFile(path, input);
    return RunCli(args, xdg_, home_, path);
  }
  // The same with an explicit database directory.
  RunResult CliDb(const std::string& db, std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db});
    return Cli(args);
  }
  std::string DefaultDbDir() const { return xdg_ + "/actorgraph"; }

  TempDir tmp_;
  const std::string xdg_ = tmp_ / "xdg";
  const std::string home_ = tmp_ / "home";
};

const char kGoodNode[] =
    R"({"kind": "node", "id": "p1", "labels": ["Person"], "name": "Alpha Person"})";

// ---------------------------------------------------------------- help

TEST_F(CliTest, HelpListsEveryCommandAndEachCommandHasItsOwnHelp) {
  RunResult help = Cli({"--help"});
  ASSERT_EQ(help.exit_code, 0) << help;
  // The command list: the lines after "Commands:" up to the next blank line.
  std::vector<std::string> commands;
  bool in_list = false;
  for (const auto& line : Lines(help.out)) {
    if (line == "Commands:") {
      in_list = true;
      continue;
    }
    if (!in_list) continue;
    if (line.find_first_not_of(' ') == std::string::npos) break;
    std::istringstream words(line);
    std::string name;
    words >> name;
    commands.push_back(name);
  }
  const std::set<std::string> listed(commands.begin(), commands.end());
  EXPECT_EQ(listed.size(), commands.size()) << "a command is listed twice";
  for (const char* expected : {"init", "load", "export", "stats", "show", "history"})
    EXPECT_TRUE(listed.count(expected)) << "--help does not list '" << expected << "'\n" << help;

  for (const auto& c : commands) {
    SCOPED_TRACE("command " + c);
    RunResult r = Cli({c, "--help"});
    EXPECT_EQ(r.exit_code, 0) << r;
    // The command's own usage line, not the general help.
    EXPECT_TRUE(Contains(r.out, "usage: actorgraph [--db DIR] " + c)) << r;
    EXPECT_FALSE(Contains(r.out, "Commands:")) << r;
    EXPECT_TRUE(r.err.empty()) << r;
    // `actorgraph help COMMAND` prints the same text.
    RunResult h = Cli({"help", c});
    EXPECT_EQ(h.exit_code, 0) << h;
    EXPECT_EQ(h.out, r.out);
  }
  // Asking for help never creates the default database.
  EXPECT_FALSE(fs::exists(DefaultDbDir()));
}

TEST_F(CliTest, VersionNamesTheAllocatorTheProgramWasLinkedWith) {
  // The import and bulk-load figures in the README assume jemalloc
  // (CMake option AG_JEMALLOC, off under the sanitizers).
  RunResult r = Cli({"--version"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(Lines(r.out).at(0), "actorgraph 0.1.0");
#if AG_EXPECT_JEMALLOC
  EXPECT_NE(r.out.find("allocator: jemalloc 5."), std::string::npos) << r;
#else
  EXPECT_NE(r.out.find("allocator: system malloc"), std::string::npos) << r;
#endif
}

TEST_F(CliTest, UnknownCommandSuggestsTheClosestCommand) {
  RunResult r = Cli({"shwo", "wagner"});
  EXPECT_EQ(r.exit_code, 2) << r;
  EXPECT_TRUE(Contains(r.err, "unknown command 'shwo'")) << r;
  EXPECT_TRUE(Contains(r.err, "did you mean 'show'")) << r;
  EXPECT_TRUE(r.out.empty()) << r;

  r = Cli({"exprot"});
  EXPECT_EQ(r.exit_code, 2) << r;
  EXPECT_TRUE(Contains(r.err, "did you mean 'export'")) << r;
  EXPECT_FALSE(fs::exists(DefaultDbDir()));
}

// ---------------------------------------------------------------- the default database

TEST_F(CliTest, FirstUseCreatesTheDefaultDatabaseFromTheSahelDatasetOnce) {
  ASSERT_FALSE(fs::exists(DefaultDbDir()));
  RunResult first = Cli({"stats"});
  ASSERT_EQ(first.exit_code, 0) << first;
  EXPECT_TRUE(Contains(first.err, "Creating the default database at " + DefaultDbDir())) << first;
  EXPECT_TRUE(Contains(first.err, "bundled Sahel dataset")) << first;
  EXPECT_TRUE(Contains(first.err, "Loaded in transaction 1")) << first;
  EXPECT_TRUE(fs::exists(DefaultDbDir() + "/CURRENT"));
  EXPECT_TRUE(fs::exists(DefaultDbDir() + "/ontology.ag"));
  // Never in the real home, nor in $HOME when XDG_DATA_HOME is set.
  EXPECT_FALSE(fs::exists(home_ + "/.local/share/actorgraph"));

  const long nodes = StatsField(first.out, "nodes");
  const long rels = StatsField(first.out, "relationships");
  const long claims = StatsField(first.out, "claims");
  EXPECT_GT(nodes, 0) << first;
  EXPECT_GT(rels, 0) << first;
  EXPECT_GT(claims, 0) << first;
  EXPECT_EQ(StatsField(first.out, "transactions"), 1) << first;
  EXPECT_TRUE(SomeLineHasAll(first.out, {"PrivateMilitaryCompany"})) << first;

  RunResult second = Cli({"stats"});
  ASSERT_EQ(second.exit_code, 0) << second;
  EXPECT_FALSE(Contains(second.err, "Creating")) << second;
  EXPECT_FALSE(Contains(second.err, "Loaded")) << second;
  EXPECT_EQ(StatsField(second.out, "nodes"), nodes);
  EXPECT_EQ(StatsField(second.out, "relationships"), rels);
  EXPECT_EQ(StatsField(second.out, "claims"), claims);
  EXPECT_EQ(StatsField(second.out, "transactions"), 1) << second;
}

TEST_F(CliTest, ShowWagnerGroupPrintsDatedRelationshipsAndClaimsForAndAgainst) {
  RunResult r = Cli({"show", "Wagner Group"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(Lines(r.out).at(0), "Wagner Group  [wagner-group]") << r;
  EXPECT_TRUE(Contains(r.out, "\nRelationships\n")) << r;
  // The deployment in Mali, with its interval, contested.
  EXPECT_TRUE(SomeLineHasAll(r.out, {"→ Mali (mali)", "[2021-12, …)", "[CONTESTED]"})) << r;
  EXPECT_TRUE(Contains(r.out, "CONTESTED")) << r;
  EXPECT_TRUE(Contains(r.out, "asserts")) << r;
  // Mali's UN ambassador's denial, attributed to him.
  EXPECT_TRUE(SomeLineHasAll(r.out, {"DENIES", "— Issa Konfourou (issa-konfourou)"})) << r;
  // Relationship groups carry their count.
  EXPECT_TRUE(SomeLineHasAll(r.out, {"  DEPLOYED_IN ("})) << r;
  EXPECT_FALSE(Contains(r.out, "(as of transaction")) << r;
}

TEST_F(CliTest, ShowMatchesNamesIgnoringCaseAndDiacritics) {
  for (const char* query : {"dembele", "DEMBÉLÉ", "Souleymane Dembele"}) {
    SCOPED_TRACE(query);
    RunResult r = Cli({"show", query});
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_EQ(Lines(r.out).at(0), "Souleymane Dembélé  [col-souleymane-dembele]") << r;
  }
}

TEST_F(CliTest, ShowUnknownNameFailsWithTheClosestNames) {
  ASSERT_EQ(Cli({"stats"}).exit_code, 0);  // create the default database first
  RunResult r = Cli({"show", "wagnr"});
  EXPECT_EQ(r.exit_code, 3) << r;
  EXPECT_TRUE(r.out.empty()) << r;
  EXPECT_TRUE(Contains(r.err, "no entity with id or name 'wagnr'")) << r;
  EXPECT_TRUE(Contains(r.err, "closest names")) << r;
  EXPECT_TRUE(SomeLineHasAll(r.err, {"Wagner", "(wagner-group)"})) << r;
}

TEST_F(CliTest, HistoryNamesTheTransactionAndTheLoad) {
  RunResult r = Cli({"history", "wagner-group"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(Lines(r.out).at(0), "History of Wagner Group [wagner-group]") << r;
  bool found = false;
  for (const auto& line : Lines(r.out))
    found = found ||
            (line.rfind("transaction 1 ", 0) == 0 && Contains(line, "load bundled Sahel dataset"));
  EXPECT_TRUE(found) << r;
  EXPECT_TRUE(Contains(r.out, "created :PrivateMilitaryCompany 'Wagner Group'")) << r;
  EXPECT_TRUE(SomeLineHasAll(r.out, {"+ relationship DEPLOYED_IN → Mali (mali) [2021-12, …)"}))
      << r;
  EXPECT_FALSE(Contains(r.out, "transaction 2")) << r;
}

// ---------------------------------------------------------------- explicit databases

TEST_F(CliTest, LoadIsAllOrNothingAndLoadingAgainChangesNothing) {
  const std::string db = tmp_ / "db";
  RunResult init = CliDb(db, {"init", "--empty"});
  ASSERT_EQ(init.exit_code, 0) << init;
  EXPECT_TRUE(Contains(init.err, "Created a database at " + db)) << init;

  const std::string bad = tmp_ / "bad.jsonl";
  WriteFile(bad, std::string(kGoodNode) + "\n" +
                     R"({"kind": "node", "id": "u1", "labels": ["Unicorn"], "name": "Bad One"})" +
                     "\n");
  RunResult load = CliDb(db, {"load", bad});
  EXPECT_NE(load.exit_code, 0) << load;
  EXPECT_EQ(load.exit_code, 4) << load;  // an ontology error
  EXPECT_TRUE(Contains(load.err, bad + ":2:")) << load;
  EXPECT_TRUE(Contains(load.err, "Unicorn")) << load;
  EXPECT_TRUE(Contains(load.err, "nothing was loaded")) << load;

  // The good first line was not written either.
  RunResult show = CliDb(db, {"show", "p1"});
  EXPECT_EQ(show.exit_code, 3) << show;
  EXPECT_TRUE(Contains(show.err, "no entity with id or name 'p1'")) << show;
  RunResult stats = CliDb(db, {"stats"});
  ASSERT_EQ(stats.exit_code, 0) << stats;
  EXPECT_EQ(StatsField(stats.out, "nodes"), 0) << stats;
  EXPECT_EQ(StatsField(stats.out, "transactions"), 0) << stats;

  const std::string good = tmp_ / "good.jsonl";
  WriteFile(
      good,
      std::string(kGoodNode) + "\n" +
          R"({"kind": "node", "id": "p2", "labels": ["Person"], "name": "Beta Person", "props": {"title": "Colonel"}})" +
          "\n");
  load = CliDb(db, {"load", good});
  ASSERT_EQ(load.exit_code, 0) << load;
  EXPECT_TRUE(Contains(load.err, "nodes          2 created, 0 updated, 0 unchanged")) << load;
  show = CliDb(db, {"show", "p1"});
  EXPECT_EQ(show.exit_code, 0) << show;
  EXPECT_EQ(Lines(show.out).at(0), "Alpha Person  [p1]") << show;

  load = CliDb(db, {"load", good});
  ASSERT_EQ(load.exit_code, 0) << load;
  EXPECT_TRUE(Contains(load.err, "nodes          0 created, 0 updated, 2 unchanged")) << load;
  stats = CliDb(db, {"stats"});
  EXPECT_EQ(StatsField(stats.out, "nodes"), 2) << stats;
  EXPECT_EQ(StatsField(stats.out, "transactions"), 1) << stats;  // no new transaction
  // The default database was never involved.
  EXPECT_FALSE(fs::exists(DefaultDbDir()));
}

// Tuning comes from global flags or, when a flag is absent, from the AG_*
// variable of the same knob; a bad value of either is a usage error.
TEST_F(CliTest, TuningFlagsAndTheirVariables) {
  const std::string db = tmp_ / "db";
  ASSERT_EQ(CliDb(db, {"init", "--sahel"}).exit_code, 0);
  const std::string q = "MATCH (a)-[r]->(b) RETURN count(r) AS n";
  RunResult plain = CliDb(db, {"query", q});
  ASSERT_EQ(plain.exit_code, 0) << plain;
  for (const std::string mode : {"off", "eager"}) {
    RunResult r = CliDb(
        db, {"--adj-cache", mode, "--record-cache-mb=0", "--block-cache-mb", "16", "query", q});
    EXPECT_EQ(r.exit_code, 0) << r;
    EXPECT_EQ(r.out, plain.out) << mode;
  }
  RunResult bad = CliDb(db, {"--adj-cache", "sometimes", "stats"});
  EXPECT_EQ(bad.exit_code, 2) << bad;
  EXPECT_TRUE(Contains(bad.err, "--adj-cache takes")) << bad;
  bad = CliDb(db, {"--import-spill", "-3", "stats"});
  EXPECT_EQ(bad.exit_code, 2) << bad;
  setenv("AG_ADJ_CACHE_MB", "lots", 1);
  RunResult env_bad = CliDb(db, {"stats"});
  RunResult flag_wins = CliDb(db, {"--adj-cache-mb", "64", "stats"});
  unsetenv("AG_ADJ_CACHE_MB");
  EXPECT_EQ(env_bad.exit_code, 2) << env_bad;
  EXPECT_TRUE(Contains(env_bad.err, "AG_ADJ_CACHE_MB='lots'")) << env_bad;
  EXPECT_EQ(flag_wins.exit_code, 0) << flag_wins;
}

// A load larger than the spill threshold writes staged batches before it
// commits; it must still be all or nothing (AG_IMPORT_SPILL=2 makes five
// nodes spill twice).
TEST_F(CliTest, LoadThatSpillsIsStillAllOrNothing) {
  const std::string db = tmp_ / "db";
  ASSERT_EQ(CliDb(db, {"init", "--empty"}).exit_code, 0);
  std::string nodes;
  for (int i = 1; i <= 5; ++i)
    nodes += R"({"kind": "node", "id": "s)" + std::to_string(i) +
             R"(", "labels": ["Person"], "name": "Spilled Person )" + std::to_string(i) + "\"}\n";
  const std::string bad = tmp_ / "bad.jsonl", good = tmp_ / "good.jsonl";
  WriteFile(bad,
            nodes + R"({"kind": "node", "id": "u1", "labels": ["Unicorn"], "name": "Bad"})" + "\n");
  WriteFile(good, nodes);
  setenv("AG_IMPORT_SPILL", "2", 1);
  RunResult load = CliDb(db, {"load", bad});
  RunResult stats = CliDb(db, {"stats"});
  RunResult load_good = CliDb(db, {"load", good});
  RunResult stats_good = CliDb(db, {"stats"});
  unsetenv("AG_IMPORT_SPILL");
  EXPECT_EQ(load.exit_code, 4) << load;
  EXPECT_TRUE(Contains(load.err, bad + ":6:")) << load;
  EXPECT_EQ(StatsField(stats.out, "nodes"), 0) << stats;
  EXPECT_EQ(StatsField(stats.out, "transactions"), 0) << stats;
  ASSERT_EQ(load_good.exit_code, 0) << load_good;
  EXPECT_TRUE(Contains(load_good.err, "Loaded in transaction 1")) << load_good;
  EXPECT_EQ(StatsField(stats_good.out, "nodes"), 5) << stats_good;
  EXPECT_EQ(StatsField(stats_good.out, "transactions"), 1) << stats_good;
}

TEST_F(CliTest, ExportLoadExportIsByteIdentical) {
  const std::string first = tmp_ / "first.jsonl";
  RunResult exp = Cli({"export", "-o", first});  // the default (Sahel) database
  ASSERT_EQ(exp.exit_code, 0) << exp;
  EXPECT_TRUE(Contains(exp.err, "Exported to " + first)) << exp;
  EXPECT_FALSE(fs::exists(first + ".partial"));
  const std::string a = ReadFile(first);
  ASSERT_FALSE(a.empty());
  EXPECT_TRUE(Contains(a, R"("id":"wagner-group")")) << a.substr(0, 500);
  EXPECT_GT(Lines(a).size(), 200u);

  // Standard output gets the same bytes as -o.
  RunResult to_stdout = Cli({"export"});
  ASSERT_EQ(to_stdout.exit_code, 0) << to_stdout;
  EXPECT_TRUE(to_stdout.out == a) << "export to stdout differs from export -o";

  const std::string db2 = tmp_ / "db2";
  ASSERT_EQ(CliDb(db2, {"init", "--empty"}).exit_code, 0);
  RunResult load = CliDb(db2, {"load", first});
  ASSERT_EQ(load.exit_code, 0) << load;
  const std::string second = tmp_ / "second.jsonl";
  exp = CliDb(db2, {"export", "-o", second});
  ASSERT_EQ(exp.exit_code, 0) << exp;
  const std::string b = ReadFile(second);
  EXPECT_EQ(a.size(), b.size());
  EXPECT_TRUE(a == b) << "the export of the reloaded database differs";

  RunResult s1 = Cli({"stats"}), s2 = CliDb(db2, {"stats"});
  for (const char* k : {"nodes", "relationships", "claims"})
    EXPECT_EQ(StatsField(s1.out, k), StatsField(s2.out, k)) << k;
}

TEST_F(CliTest, ShowWithTxnShowsAnEarlierVersion) {
  const std::string db = tmp_ / "db";
  ASSERT_EQ(CliDb(db, {"init", "--empty"}).exit_code, 0);
  const std::string v1 = tmp_ / "v1.jsonl", v2 = tmp_ / "v2.jsonl";
  WriteFile(v1, std::string(kGoodNode) + "\n");
  WriteFile(v2, R"({"kind": "node", "id": "p1", "labels": ["Person"], "name": "Alpha Renamed"})"
                "\n");
  ASSERT_EQ(CliDb(db, {"load", v1}).exit_code, 0);
  RunResult load = CliDb(db, {"load", v2});
  ASSERT_EQ(load.exit_code, 0) << load;
  EXPECT_TRUE(Contains(load.err, "Loaded in transaction 2")) << load;
  EXPECT_TRUE(Contains(load.err, "nodes          0 created, 1 updated, 0 unchanged")) << load;

  RunResult now = CliDb(db, {"show", "p1"});
  ASSERT_EQ(now.exit_code, 0) << now;
  EXPECT_EQ(Lines(now.out).at(0), "Alpha Renamed  [p1]") << now;
  EXPECT_FALSE(Contains(now.out, "Alpha Person")) << now;

  RunResult then = CliDb(db, {"show", "p1", "--txn", "1"});
  ASSERT_EQ(then.exit_code, 0) << then;
  EXPECT_EQ(Lines(then.out).at(0), "Alpha Person  [p1]") << then;
  EXPECT_TRUE(Contains(then.out, "(as of transaction 1)")) << then;
  EXPECT_FALSE(Contains(then.out, "Alpha Renamed")) << then;

  // As of transaction 1 the old name finds it; the new one does not.
  then = CliDb(db, {"show", "Alpha Person", "--txn", "1"});
  EXPECT_EQ(then.exit_code, 0) << then;
  then = CliDb(db, {"show", "Alpha Renamed", "--txn", "1"});
  EXPECT_EQ(then.exit_code, 3) << then;
  // Before transaction 1 it did not exist.
  then = CliDb(db, {"show", "p1", "--txn", "0"});
  EXPECT_EQ(then.exit_code, 3) << then;

  RunResult history = CliDb(db, {"history", "p1"});
  ASSERT_EQ(history.exit_code, 0) << history;
  EXPECT_TRUE(Contains(history.out, "changed name: Alpha Person → Alpha Renamed")) << history;
  EXPECT_TRUE(SomeLineHasAll(history.out, {"transaction 2 ", "load " + v2})) << history;
}

// Known bug (see the report): `export -o DIR` where DIR is an existing
// directory aborts on an uncaught std::filesystem::filesystem_error from the
// final rename and leaves DIR.partial behind. Enable once fixed.
TEST_F(CliTest, ExportOntoADirectoryFailsCleanly) {
  const std::string dir = tmp_ / "adir";
  fs::create_directories(dir + "/sub");
  RunResult r = Cli({"export", "-o", dir});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_TRUE(Contains(r.err, "actorgraph: ")) << r;
  EXPECT_FALSE(fs::exists(dir + ".partial"));
}

}  // namespace
}  // namespace actorgraph

namespace actorgraph {
namespace {

TEST_F(CliTest, QueryPrintsAnAlignedTable) {
  RunResult r = Cli({"query",
                     "MATCH (s)-[:SANCTIONED]->(w {id: 'wagner-group'}) RETURN s.name AS "
                     "sanctioner ORDER BY sanctioner"});
  ASSERT_EQ(r.exit_code, 0) << r;
  auto lines = Lines(r.out);
  ASSERT_GE(lines.size(), 4u) << r;
  EXPECT_EQ(lines[0], "sanctioner");
  EXPECT_TRUE(Contains(lines[1], "─"));
  EXPECT_TRUE(Contains(r.out, "European Union")) << r;
  EXPECT_TRUE(Contains(r.out, "United States")) << r;
  EXPECT_TRUE(Contains(r.err, "(2 rows")) << r;
}

TEST_F(CliTest, QueryJsonIsOneTypedObjectPerRow) {
  RunResult r =
      Cli({"query", "--format", "json", "--param", "id=\"moura-killings-2022\"",
           "MATCH (e {id: $id}) RETURN e.fatalities AS deaths, e.date AS date, e AS event"});
  ASSERT_EQ(r.exit_code, 0) << r;
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 1u) << r;
  EXPECT_TRUE(Contains(lines[0], "\"deaths\":300")) << r;
  EXPECT_TRUE(Contains(lines[0], "\"date\":\"2022-03-27\"")) << r;
  EXPECT_TRUE(Contains(lines[0], "\"labels\":[\"Event\"]")) << r;
}

TEST_F(CliTest, QueryCsvQuotesFieldsThatNeedIt) {
  RunResult r = Cli({"query", "--format", "csv", "RETURN 'a, b' AS x, 'say \"hi\"' AS y, 1 AS z"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "x,y,z\n\"a, b\",\"say \"\"hi\"\"\",1\n");
}

TEST_F(CliTest, QuerySyntaxErrorShowsTheCaretAndFails) {
  RunResult r = Cli({"query", "MATCH (a:Actor RETURN a"});
  EXPECT_EQ(r.exit_code, 4) << r;
  EXPECT_TRUE(Contains(r.err, "syntax error at line 1, column 16")) << r;
  EXPECT_TRUE(Contains(r.err, "^")) << r;
  EXPECT_TRUE(r.out.empty()) << r;
}

TEST_F(CliTest, QueryTimeLimitStopsARunawayQuery) {
  RunResult r = Cli({"query", "--timeout", "0.2",
                     "UNWIND range(1, 3000) AS a UNWIND range(1, 3000) AS b RETURN count(*) AS n"});
  EXPECT_EQ(r.exit_code, 6) << r;
  EXPECT_TRUE(Contains(r.err, "time limit")) << r;
}

TEST_F(CliTest, QueryTimeLimitStopsOneLongExpression) {
  // One row, one quadratic expression (hours of work): the limit is checked
  // inside the expression, not only between rows.
  RunResult r = Cli({"query", "--timeout", "1",
                     "RETURN size(reduce(acc = [], x IN range(1, 300000) | acc + [x])) AS n"});
  EXPECT_EQ(r.exit_code, 6) << r;
  EXPECT_TRUE(Contains(r.err, "time limit")) << r;
}

TEST_F(CliTest, QueryRuntimeErrorShowsLineColumnAndCaret) {
  RunResult r = Cli({"query", "RETURN 1/0 AS x"});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_TRUE(Contains(r.err, "runtime error at line 1, column 8")) << r;
  EXPECT_TRUE(Contains(r.err, "division by zero")) << r;
  EXPECT_TRUE(Contains(r.err, "  RETURN 1/0 AS x\n         ^")) << r;
  r = Cli({"query", "RETURN toInteger([]) AS x"});
  EXPECT_TRUE(Contains(r.err, "type error at line 1, column 8")) << r;
  EXPECT_TRUE(Contains(r.err, "^")) << r;
}

TEST_F(CliTest, QueryNamesNaNAndInfinitiesInEveryFormat) {
  const std::string q = "RETURN 0.0/0.0 AS n, 1.0/0.0 AS p, -1.0/0.0 AS m, [0.0/0.0] AS l";
  RunResult json = Cli({"query", "--format", "json", "--no-stats", q});
  ASSERT_EQ(json.exit_code, 0) << json;
  // Keys in the statement's column order.
  EXPECT_EQ(json.out, "{\"n\":\"NaN\",\"p\":\"Infinity\",\"m\":\"-Infinity\",\"l\":[\"NaN\"]}\n");
  RunResult csv = Cli({"query", "--format", "csv", "--no-stats", q});
  EXPECT_EQ(csv.out, "n,p,m,l\nNaN,Infinity,-Infinity,[NaN]\n") << csv;
  RunResult table = Cli({"query", "--no-stats", q});
  EXPECT_TRUE(SomeLineHasAll(table.out, {"NaN", "Infinity", "-Infinity", "[NaN]"})) << table;
  EXPECT_FALSE(Contains(table.out, "nan")) << table;
  EXPECT_FALSE(Contains(table.out, "inf")) << table;
  // And a comparison with NaN is false, not null.
  RunResult cmp = Cli({"query", "--format", "json", "--no-stats", "RETURN 0.0/0.0 > 1 AS gt"});
  EXPECT_EQ(cmp.out, "{\"gt\":false}\n") << cmp;
}

TEST_F(CliTest, WriteWithoutReturnPrintsNoRowInAnyFormat) {
  const std::string db = home_ + "/db";
  ASSERT_EQ(CliDb(db, {"init", "--empty"}).exit_code, 0);
  int n = 0;
  for (const char* format : {"json", "csv", "table"}) {
    SCOPED_TRACE(format);
    const std::string id = "g" + std::to_string(++n);
    RunResult w = CliDb(
        db, {"query", "--format", format, "CREATE (:ArmedGroup {id: '" + id + "', name: 'G'})"});
    ASSERT_EQ(w.exit_code, 0) << w;
    EXPECT_EQ(w.out, "") << w;
    EXPECT_TRUE(Contains(w.err, "nodes 1 created")) << w;
  }
  RunResult back = CliDb(
      db, {"query", "--format", "json", "--no-stats", "MATCH (g:ArmedGroup) RETURN count(*) AS n"});
  EXPECT_EQ(back.out, "{\"n\":3}\n") << back;
}

TEST_F(CliTest, TableStreamsWithColumnWidthsFromTheFirstThousandRows) {
  // Row 1200 has a long cell: past the first 1000 rows the widths are fixed,
  // so it is cut to the column's width and marked, not re-aligning the table.
  RunResult r = Cli({"query", "--no-stats",
                     "UNWIND range(1, 1500) AS i RETURN CASE WHEN i = 1200 THEN "
                     "'a-very-long-cell' ELSE 'abc' END AS c, i AS n"});
  ASSERT_EQ(r.exit_code, 0) << r;
  const auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 1502u) << r.out.substr(0, 200);
  EXPECT_EQ(lines[2], "abc  1");
  EXPECT_EQ(lines[1201], "a-…  1200");
  EXPECT_FALSE(Contains(r.out, "a-very-long-cell")) << lines[1201];
  // Within the first 1000 rows a long cell widens its column as before.
  RunResult early = Cli({"query", "--no-stats",
                         "UNWIND range(1, 3) AS i RETURN CASE WHEN i = 2 THEN "
                         "'a-very-long-cell' ELSE 'abc' END AS c, i AS n"});
  EXPECT_TRUE(Contains(early.out, "a-very-long-cell  2\n")) << early;
  EXPECT_TRUE(Contains(early.out, "abc               1\n")) << early;
}

TEST_F(CliTest, ValidTimeAsOfSaysWhenItKeptUndatedRelationships) {
  RunResult r = Cli({"query", "--format", "json",
                     "FOR VALID_TIME AS OF '2022-04-01' MATCH ({id: 'wagner-group'})-[r]-() "
                     "RETURN count(*) AS n"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_TRUE(Contains(r.err, "undated relationship")) << r;
  EXPECT_TRUE(Contains(r.err, "undated(r)")) << r;
  RunResult plain = Cli(
      {"query", "--format", "json", "MATCH ({id: 'wagner-group'})-[r]-() RETURN count(*) AS n"});
  EXPECT_FALSE(Contains(plain.err, "undated")) << plain;
}

TEST_F(CliTest, QueryFromFileWithValidTimeOption) {
  const std::string file = home_ + "/q.cypher";
  WriteFile(
      file,
      "MATCH (w {id: 'wagner-group'})-[:DEPLOYED_IN]->(p)\nRETURN p.id AS place ORDER BY place\n");
  RunResult all = Cli({"query", "-f", file, "--no-stats"});
  RunResult then = Cli({"query", "-f", file, "--valid-at", "2023-01-01", "--no-stats"});
  ASSERT_EQ(all.exit_code, 0) << all;
  ASSERT_EQ(then.exit_code, 0) << then;
  EXPECT_TRUE(Contains(all.out, "moura")) << all;
  EXPECT_FALSE(Contains(then.out, "moura")) << then;  // the Moura operation ended in March 2022
  EXPECT_TRUE(Contains(then.out, "mali")) << then;
}

TEST_F(CliTest, WritingQueryIsOneTransactionThatHistoryShows) {
  const std::string db = home_ + "/db";
  ASSERT_EQ(CliDb(db, {"init", "--empty"}).exit_code, 0);
  RunResult w = CliDb(db, {"query", "CREATE (:ArmedGroup {id: 'jnim', name: 'JNIM'})"});
  ASSERT_EQ(w.exit_code, 0) << w;
  EXPECT_TRUE(Contains(w.err, "transaction 1")) << w;
  RunResult bad = CliDb(db, {"query", "CREATE (:ArmedGroup {id: 'x', name: 'X', fatalities: 3})"});
  EXPECT_EQ(bad.exit_code, 4) << bad;
  EXPECT_TRUE(Contains(bad.err, "fatalities")) << bad;
  RunResult h = CliDb(db, {"history", "jnim"});
  EXPECT_TRUE(Contains(h.out, "transaction 1")) << h;
  EXPECT_TRUE(Contains(h.out, "query: CREATE")) << h;
  EXPECT_EQ(StatsField(CliDb(db, {"stats"}).out, "nodes"), 1);
}

TEST_F(CliTest, ShellReadsStatementsEndingWithSemicolons) {
  RunResult r = CliInput({"shell", "--no-stats"},
                         ":format csv\n"
                         "MATCH (g:ArmedGroup {id: 'macina-liberation-front'})\n"
                         "RETURN g.name AS name;\n"
                         ":schema\n"
                         "RETURN 1 + 1 AS two;\n");
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_TRUE(Contains(r.out, "name\nMacina Liberation Front\n")) << r;
  EXPECT_TRUE(Contains(r.out, "two\n2\n")) << r;
  EXPECT_TRUE(Contains(r.out, "PrivateMilitaryCompany")) << r;  // from :schema
}

// Piped statements give their results only: no echo of the statement, and no
// terminal control sequences (readline wrote cursor movements for a line past
// 80 columns), so a script can parse the output.
TEST_F(CliTest, ShellOnPipedInputWritesOnlyResults) {
  RunResult r =
      CliInput({"shell", "--no-stats", "--format", "json"},
               "MATCH (g:ArmedGroup) WHERE g.id IN ['no-such-group', 'macina-liberation-front', "
               "'no-such-group-at-all'] RETURN g.id AS id ORDER BY id;\n"
               "RETURN [1, 2, 3] AS l;\n");
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "{\"id\":\"macina-liberation-front\"}\n{\"l\":[1,2,3]}\n") << r;
}

}  // namespace
}  // namespace actorgraph

namespace actorgraph {
namespace {

TEST_F(CliTest, QueryRowLimitStopsCleanlyWithAClearError) {
  RunResult r = Cli({"query", "--max-rows", "5", "UNWIND range(1, 100) AS x RETURN x"});
  EXPECT_EQ(r.exit_code, 6) << r;
  EXPECT_TRUE(Contains(r.err, "row limit of 5")) << r;
  RunResult ok = Cli({"query", "--max-rows", "5", "UNWIND range(1, 5) AS x RETURN x"});
  EXPECT_EQ(ok.exit_code, 0) << ok;
}

TEST_F(CliTest, QueryMemoryBudgetStopsABigSortCleanly) {
  // A sort of 200,000 rows holds several MiB: over a 1 MiB budget it fails.
  RunResult r = Cli({"query", "--memory", "1", "UNWIND range(1, 200000) AS x RETURN x ORDER BY x DESC"});
  EXPECT_NE(r.exit_code, 0) << r;
  EXPECT_TRUE(Contains(r.err, "memory limit of 1 MiB")) << r;
  RunResult ok = Cli({"query", "--no-stats", "--format", "csv", "--memory", "64",
                      "UNWIND range(1, 200000) AS x RETURN x ORDER BY x DESC LIMIT 1"});
  EXPECT_EQ(ok.exit_code, 0) << ok;
  EXPECT_EQ(ok.out, "x\n200000\n") << ok;
  RunResult bad = Cli({"query", "--memory", "lots", "RETURN 1"});
  EXPECT_EQ(bad.exit_code, 2) << bad;
  EXPECT_TRUE(Contains(bad.err, "--memory takes mebibytes")) << bad;
}

TEST_F(CliTest, QueryParametersAreTypedJson) {
  RunResult r = Cli({"query", "--no-stats", "--format", "csv", "--param", "n=3", "--param",
                     "names=[\"a\",\"b\"]", "--param", "s=plain text",
                     "RETURN $n + 1 AS n, size($names) AS k, $s AS s"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "n,k,s\n4,2,plain text\n");
}

TEST_F(CliTest, InitOpenSchemaAcceptsCypherFromElsewhereAndSchemaListsIt) {
  const std::string db = home_ + "/open";
  RunResult init = CliDb(db, {"init", "--empty", "--open-schema"});
  ASSERT_EQ(init.exit_code, 0) << init;
  EXPECT_TRUE(Contains(init.err + init.out, "open schema")) << init;
  // Undeclared labels and properties, a node without a label, id and name as
  // ordinary properties of any type.
  RunResult w = CliDb(
      db, {"query", "CREATE (:Ship {name: 1, id: 0, tonnage: 9.5})-[:DOCKED_AT]->({berth: 'B4'})"});
  ASSERT_EQ(w.exit_code, 0) << w;
  RunResult r = CliDb(
      db, {"query", "--format", "csv",
           "MATCH (s:Ship)-[:DOCKED_AT]->(b) RETURN s.name AS n, s.id AS i, b.berth AS berth"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "n,i,berth\n1,0,B4\n") << r;
  RunResult shell = CliInput({"--db", db, "shell", "--no-stats"}, ":schema\n");
  ASSERT_EQ(shell.exit_code, 0) << shell;
  EXPECT_TRUE(Contains(shell.out, ":Ship (1 node)  {id: int, name: int, tonnage: float}")) << shell;
  EXPECT_TRUE(Contains(shell.out, "(no label) (1 node)  {berth: string}")) << shell;
  EXPECT_TRUE(Contains(shell.out, "[:DOCKED_AT] (1 relationship)")) << shell;

  // An ontology database keeps refusing the same statement.
  const std::string closed = home_ + "/closed";
  ASSERT_EQ(CliDb(closed, {"init", "--empty"}).exit_code, 0);
  RunResult refused = CliDb(closed, {"query", "CREATE ({berth: 'B4'})"});
  EXPECT_NE(refused.exit_code, 0) << refused;
  // --open-schema needs an empty database.
  EXPECT_EQ(CliDb(home_ + "/sahel", {"init", "--sahel", "--open-schema"}).exit_code, 2);
}

}  // namespace
}  // namespace actorgraph
