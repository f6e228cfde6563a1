// The query command and the interactive shell.
#include <readline/history.h>
#include <readline/readline.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "analytics/procedures.h"
#include "engine/value_json.h"
#include "query/query_engine.h"
#include "tools/cli/commands.h"
#include "tools/cli/query_flags.h"
#include "tools/cli/result_format.h"

namespace actorgraph::cli {

namespace {

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
    info << "(" << rows << " row" << (rows == 1 ? "" : "s") << ", "
         << static_cast<int64_t>(ms * 1000) / 1000.0 << " ms)\n";
    if (!summary.empty()) info << summary << "\n";
  }
  return Status::OK();
}

int QueryFail(const Status& s) {
  const query::QueryError e = query::ToQueryError(s);
  std::cerr << "actorgraph: " << e.message << '\n';
  return e.kind == query::ErrorKind::kSyntax || e.kind == query::ErrorKind::kSemantic ? 4
         : e.kind == query::ErrorKind::kLimit                                         ? 6
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
  std::vector<std::string> completions = {
      "MATCH",   "OPTIONAL", "WHERE",      "RETURN",      "WITH",         "UNWIND", "ORDER",
      "BY",      "LIMIT",    "SKIP",       "DISTINCT",    "CREATE",       "MERGE",  "SET",
      "DELETE",  "DETACH",   "REMOVE",     "CALL",        "YIELD",        "UNION",  "EXPLAIN",
      "PROFILE", "FOR",      "VALID_TIME", "SYSTEM_TIME", "AS",           "OF",     "MIN",
      "GRADE",   "claims(",  "contested(", "names.find(", "shortestPath("};
  for (const auto& l : o.LabelNames())
    completions.push_back(l);
  for (const auto& t : o.RelTypeNames())
    completions.push_back(t);
  for (const auto& p : o.AllPropertyNames())
    completions.push_back(p);
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
      if (word == "help")
        std::cout << kShellHelp;
      else if (word == "schema")
        std::cout << o.Describe();
      else if (word == "procedures") {
        QueryFlags pf = f;
        Status s = RunAndPrint(engine, "CALL db.procedures()", pf, ctx.info());
        if (!s.ok()) QueryFail(s);
      } else if (word == "format") {
        auto fmt = ParseOutputFormat(arg);
        if (fmt.ok())
          f.format = *fmt;
        else
          std::cerr << fmt.status().message() << '\n';
      } else if (word == "valid-at") {
        if (arg == "off" || arg.empty())
          f.run.valid_at.reset();
        else if (auto d = PartialDate::Parse(arg); d.ok())
          f.run.valid_at = *d;
        else
          std::cerr << d.status().message() << '\n';
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
