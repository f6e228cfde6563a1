// The query command and the interactive shell.
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "analytics/procedures.h"
#include "engine/read_view.h"
#include "engine/schema_listing.h"
#include "engine/value_json.h"
#include "query/query_engine.h"
#include "tools/cli/commands.h"
#include "tools/cli/query_flags.h"
#include "tools/cli/result_format.h"
#include "tools/cli/shell_loop.h"

namespace actorgraph::cli {

namespace {

// Runs one statement and prints it; returns a Status for the caller.
Status RunAndPrint(query::QueryEngine& engine, const std::string& text, const QueryFlags& f,
                   std::ostream& info) {
  const auto start = std::chrono::steady_clock::now();
  auto cursor = engine.Run(text, f.run);
  if (!cursor.ok()) return cursor.status();
  RunReport report;
  AG_ASSIGN_OR_RETURN(report.rows, WriteResult(**cursor, f.format, std::cout));
  std::cout.flush();
  report.ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  report.columns = (*cursor)->columns();
  report.plan = (*cursor)->PlanText();
  report.summary = (*cursor)->WriteSummary();
  report.notices = (*cursor)->Notices();
  PrintRunReport(report, WantsProfile(text), f.stats, f.format, info);
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
  ShellHooks hooks;
  hooks.banner = "actorgraph shell on " + (*db)->dir() + " — :help for help, :quit to leave\n";
  hooks.help = kShellHelp;
  hooks.completions = ShellKeywords();
  for (const auto& l : o.LabelNames())
    hooks.completions.push_back(l);
  for (const auto& t : o.RelTypeNames())
    hooks.completions.push_back(t);
  for (const auto& p : o.AllPropertyNames())
    hooks.completions.push_back(p);
  hooks.run = [&](const std::string& text, const QueryFlags& flags) {
    Status s = RunAndPrint(engine, text, flags, ctx.info());
    if (!s.ok()) std::cerr << query::ToQueryError(s).message << '\n';
  };
  hooks.command = [&](const std::string& word, const std::string&) {
    if (word != "schema") return false;
    std::cout << o.Describe();
    if (o.open()) {
      auto in_use = DescribeSchemaInUse(*(*db)->Read());
      if (in_use.ok())
        std::cout << '\n' << *in_use;
      else
        std::cerr << in_use.status().ToString() << '\n';
    }
    return true;
  };
  return RunShellLoop(f, hooks, ctx.info());
}

}  // namespace actorgraph::cli
