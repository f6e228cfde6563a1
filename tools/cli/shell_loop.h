// The interactive shell's loop, shared by `shell` on a local database and
// over --connect: readline with history (~/.actorgraph_history on a
// terminal) and tab completion, statements that may span lines and end with
// ';', and the settings commands (:format, :valid-at) that change `flags`
// for the statements that follow.
//
// Thread-safety: readline is process-global; run one shell at a time.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "tools/cli/query_flags.h"

namespace actorgraph::cli {

struct ShellHooks {
  std::string banner;                    // printed on a terminal before the first prompt
  std::string help;                      // the text of :help
  std::vector<std::string> completions;  // keywords, labels, types, properties
  // Runs one statement with the flags as they are now; prints its errors.
  std::function<void(const std::string& text, const QueryFlags& flags)> run;
  // Other ':' commands (e.g. :schema); returns false for an unknown one.
  std::function<bool(const std::string& word, const std::string& arg)> command;
};

// Reads statements from standard input until :quit or end of input.
// Returns the exit code.
int RunShellLoop(QueryFlags flags, const ShellHooks& hooks, std::ostream& info);

// The keywords both shells complete.
const std::vector<std::string>& ShellKeywords();

}  // namespace actorgraph::cli
