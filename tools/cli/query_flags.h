// The flags `query` and `shell` share, locally and over --connect:
// -f FILE, --param name=value, --format, --valid-at, --txn, --min-grade,
// --timeout, --max-rows, --memory (local only), --no-stats.
#pragma once

#include <optional>
#include <string>

#include "query/query_engine.h"
#include "tools/cli/commands.h"
#include "tools/cli/result_format.h"

namespace actorgraph::cli {

struct QueryFlags {
  std::string text;  // the statement (arguments joined, or the -f file)
  OutputFormat format = OutputFormat::kTable;
  query::RunOptions run;
  bool stats = true;  // print "N rows in T ms" after a table
};

// Parses `args` of command `cmd` into `f`. With `need_text`, bare arguments
// are the statement and one is required; without, they are an error.
// Returns an exit code (after printing the usage error), or nullopt.
std::optional<int> ParseQueryFlags(const std::string& cmd, const Args& args, QueryFlags* f,
                                   bool need_text);

}  // namespace actorgraph::cli
