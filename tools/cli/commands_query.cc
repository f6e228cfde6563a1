// The query command and the interactive shell.
#include <readline/history.h>
#include <readline/readline.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/value_json.h"
#include "analytics/procedures.h"
#include "query/query_engine.h"
#include "tools/cli/commands.h"
#include "tools/cli/result_format.h"

namespace actorgraph::cli {

namespace {

struct QueryFlags {
  std::string text;
  OutputFormat format = OutputFormat::kTable;
  query::RunOptions run;
  bool stats = true;
};

// Parses the flags shared by `query` and `shell`. Returns an exit code on error.
std::optional<int> ParseQueryFlags(const std::string& cmd, const Args& args, QueryFlags* f,
                                   bool need_text) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= args.size()) return std::nullopt;
      return args[++i];
    };
    if (a == "-f" || a == "--file") {
      auto v = value();
      if (!v) return Usage(cmd, "-f needs a file");
      std::ifstream in(*v);
      if (!in) return Fail(Status::IOError("cannot read " + *v));
      std::stringstream ss;
      ss << in.rdbuf();
      f->text = ss.str();
    } else if (a == "--param" || a == "-p") {
      auto v = value();
      if (!v || v->find('=') == std::string::npos) return Usage(cmd, "--param takes name=value");
      const std::string name = v->substr(0, v->find('='));
      const std::string raw = v->substr(v->find('=') + 1);
      // JSON values (42, true, [1,2], "text"); anything else is a string.
      Value val(raw);
      auto j = nlohmann::json::parse(raw, nullptr, false);
      if (!j.is_discarded()) {
        auto parsed = ValueFromJson(j);
        if (parsed.ok()) val = *parsed;
      }
      f->run.params[name] = val;
    } else if (a == "--format") {
      auto v = value();
      if (!v) return Usage(cmd, "--format needs table, csv or json");
      auto fmt = ParseOutputFormat(*v);
      if (!fmt.ok()) return Usage(cmd, fmt.status().message());
      f->format = *fmt;
    } else if (a == "--valid-at") {
      auto v = value();
      auto d = v ? PartialDate::Parse(*v) : Result<PartialDate>(Status::InvalidArgument("missing date"));
      if (!d.ok()) return Usage(cmd, "--valid-at: " + d.status().message());
      f->run.valid_at = *d;
    } else if (a == "--txn") {
      auto v = value();
      if (!v || v->find_first_not_of("0123456789") != std::string::npos || v->empty())
        return Usage(cmd, "--txn takes a transaction number");
      f->run.system_txn = std::stoull(*v);
    } else if (a == "--min-grade") {
      auto v = value();
      auto g = v ? Grade::Parse(*v) : Result<Grade>(Status::InvalidArgument("missing grade"));
      if (!g.ok()) return Usage(cmd, "--min-grade: " + g.status().message());
      f->run.min_grade = *g;
    } else if (a == "--timeout") {
      auto v = value();
      char* end = nullptr;
      const double secs = v ? std::strtod(v->c_str(), &end) : -1;
      if (!v || secs <= 0 || *end) return Usage(cmd, "--timeout takes seconds, e.g. 2.5");
      f->run.time_limit = std::chrono::milliseconds(static_cast<int64_t>(secs * 1000));
    } else if (a == "--max-rows") {
      auto v = value();
      if (!v || v->find_first_not_of("0123456789") != std::string::npos || v->empty())
        return Usage(cmd, "--max-rows takes a number");
      f->run.row_limit = std::stoull(*v);
    } else if (a == "--no-stats") {
      f->stats = false;
    } else if (a.rfind("--", 0) == 0 || (a.size() > 1 && a[0] == '-')) {
      return Usage(cmd, "unknown option '" + a + "'");
    } else if (need_text) {
      f->text += (f->text.empty() ? "" : " ") + a;
    } else {
      return Usage(cmd, "unexpected argument '" + a + "'");
    }
  }
  if (need_text && f->text.find_first_not_of(" \t\r\n;") == std::string::npos)
    return Usage(cmd, "give the query as an argument or with -f FILE");
  return std::nullopt;
}

// Runs one statement and prints it; returns a Status for the caller.
Status RunAndPrint(query::QueryEngine& engine, const std::string& text, const QueryFlags& f,
                   std::ostream& info) {
  const auto start = std::chrono::steady_clock::now();
  auto cursor = engine.Run(text, f.run);
  if (!cursor.ok()) return cursor.status();
  AG_ASSIGN_OR_RETURN(uint64_t rows, WriteResult(**cursor, f.format, std::cout));
  std::cout.flush();
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  const std::string summary = (*cursor)->WriteSummary();
  const std::string plan = (*cursor)->PlanText();
  if (text.find("PROFILE") != std::string::npos || text.find("profile") != std::string::npos)
    if (!plan.empty() && (*cursor)->columns() != std::vector<std::string>{"plan"})
      info << "\nProfile:\n" << plan;
  if (f.stats && f.format == OutputFormat::kTable) {
    info << "(" << rows << " row" << (rows == 1 ? "" : "s") << ", " << static_cast<int64_t>(ms * 1000) / 1000.0
         << " ms)\n";
    if (!summary.empty()) info << summary << "\n";
  }
  return Status::OK();
}

int QueryFail(const Status& s) {
  const query::QueryError e = query::ToQueryError(s);
  std::cerr << "actorgraph: " << e.message << '\n';
  return e.kind == query::ErrorKind::kSyntax || e.kind == query::ErrorKind::kSemantic ? 4
         : e.kind == query::ErrorKind::kLimit                                          ? 6
                                                                                       : 1;
}

// ---------------------------------------------------------------- shell

std::vector<std::string>* g_completions = nullptr;

char* CompletionGenerator(const char* text, int state) {
  static size_t index;
  if (!state) index = 0;
  const std::string prefix(text);
  while (g_completions && index < g_completions->size()) {
    const std::string& c = (*g_completions)[index++];
    if (c.rfind(prefix, 0) == 0) return strdup(c.c_str());
  }
  return nullptr;
}

char** Complete(const char* text, int, int) {
  rl_attempted_completion_over = 1;
  return rl_completion_matches(text, CompletionGenerator);
}

const char kShellHelp[] =
    "Type a query and end it with ';' (it may span several lines). Commands:\n"
    "  :help              this text\n"
    "  :schema            labels, relationship types and properties of the ontology\n"
    "  :procedures        procedures a query can CALL\n"
    "  :format table|csv|json   how results are printed\n"
    "  :valid-at DATE|off       a default FOR VALID_TIME AS OF for every query\n"
    "  :quit              leave (or Ctrl-D)\n"
    "Tab completes labels (after ':'), relationship types and keywords.\n"
    "Example: MATCH (a:Actor)-[r:DEPLOYED_IN]->(p) WHERE p.name = 'Mali' RETURN a.name, r;\n";

}  // namespace

int RunQuery(CliContext& ctx, const Args& args) {
  QueryFlags f;
  f.stats = !ctx.options().quiet;
  if (auto code = ParseQueryFlags("query", args, &f, true)) return *code;
  auto db = ctx.Db();
  if (!db.ok()) return Fail(db.status());
  query::QueryEngine engine(*db);
  analytics::RegisterAnalyticsProcedures(engine.procedures());
  Status s = RunAndPrint(engine, f.text, f, ctx.info());
  return s.ok() ? 0 : QueryFail(s);
}

int RunShell(CliContext& ctx, const Args& args) {
  QueryFlags f;
  f.stats = !ctx.options().quiet;
  if (auto code = ParseQueryFlags("shell", args, &f, false)) return *code;
  auto db = ctx.Db();
  if (!db.ok()) return Fail(db.status());
  query::QueryEngine engine(*db);
  analytics::RegisterAnalyticsProcedures(engine.procedures());
  const Ontology& o = (*db)->ontology();
  std::vector<std::string> completions = {"MATCH", "OPTIONAL", "WHERE", "RETURN", "WITH", "UNWIND",
                                          "ORDER", "BY", "LIMIT", "SKIP", "DISTINCT", "CREATE",
                                          "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "CALL",
                                          "YIELD", "UNION", "EXPLAIN", "PROFILE", "FOR", "VALID_TIME",
                                          "SYSTEM_TIME", "AS", "OF", "MIN", "GRADE", "claims(",
                                          "contested(", "names.find(", "shortestPath("};
  for (const auto& l : o.LabelNames()) completions.push_back(l);
  for (const auto& t : o.RelTypeNames()) completions.push_back(t);
  for (const auto& p : o.AllPropertyNames()) completions.push_back(p);
  g_completions = &completions;
  rl_attempted_completion_function = Complete;
  rl_basic_word_break_characters = const_cast<char*>(" \t\n()[]{},:.=<>-");

  const bool tty = isatty(STDIN_FILENO);
  std::string history;
  if (const char* home = std::getenv("HOME"); home && tty) {
    history = std::string(home) + "/.actorgraph_history";
    read_history(history.c_str());
  }
  if (tty)
    ctx.info() << "actorgraph shell on " << (*db)->dir() << " — :help for help, :quit to leave\n";
  std::string buffer;
  while (true) {
    const char* prompt = buffer.empty() ? "actorgraph> " : "        ...> ";
    char* raw = readline(tty ? prompt : "");
    if (!raw) break;
    std::string line(raw);
    free(raw);
    const size_t first = line.find_first_not_of(" \t");
    if (buffer.empty() && first != std::string::npos && line[first] == ':') {
      std::istringstream cmd(line.substr(first + 1));
      std::string word, arg;
      cmd >> word >> arg;
      if (tty) add_history(line.c_str());
      if (word == "quit" || word == "exit" || word == "q") break;
      if (word == "help") std::cout << kShellHelp;
      else if (word == "schema") std::cout << o.Describe();
      else if (word == "procedures") {
        QueryFlags pf = f;
        Status s = RunAndPrint(engine, "CALL db.procedures()", pf, ctx.info());
        if (!s.ok()) QueryFail(s);
      } else if (word == "format") {
        auto fmt = ParseOutputFormat(arg);
        if (fmt.ok()) f.format = *fmt;
        else std::cerr << fmt.status().message() << '\n';
      } else if (word == "valid-at") {
        if (arg == "off" || arg.empty()) f.run.valid_at.reset();
        else if (auto d = PartialDate::Parse(arg); d.ok()) f.run.valid_at = *d;
        else std::cerr << d.status().message() << '\n';
      } else {
        std::cerr << "unknown shell command ':" << word << "' (:help lists them)\n";
      }
      continue;
    }
    buffer += (buffer.empty() ? "" : "\n") + line;
    const size_t last = buffer.find_last_not_of(" \t\r\n");
    if (last == std::string::npos) {
      buffer.clear();
      continue;
    }
    if (buffer[last] != ';') continue;
    if (tty) add_history(buffer.c_str());
    Status s = RunAndPrint(engine, buffer, f, ctx.info());
    if (!s.ok()) std::cerr << query::ToQueryError(s).message << '\n';
    buffer.clear();
  }
  if (!buffer.empty() && buffer.find_first_not_of(" \t\r\n") != std::string::npos) {
    Status s = RunAndPrint(engine, buffer, f, ctx.info());  // a last statement without ';'
    if (!s.ok()) std::cerr << query::ToQueryError(s).message << '\n';
  }
  if (!history.empty()) write_history(history.c_str());
  return 0;
}

}  // namespace actorgraph::cli
