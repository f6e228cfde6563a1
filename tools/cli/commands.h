// The CLI's commands. Each takes the shared context and its own arguments
// (after the command name) and returns a process exit code.
#pragma once

#include <string>
#include <vector>

#include "tools/cli/cli_context.h"

namespace actorgraph::cli {

using Args = std::vector<std::string>;

struct Command {
  const char* name;
  const char* synopsis;  // one line for the command list
  const char* help;      // full text for `actorgraph COMMAND --help`
  int (*run)(CliContext& ctx, const Args& args);
  // Runs many statements (shell, serve); the others run one and exit, and
  // open the database with OpenOptions::adjacency_light_requests = 0.
  bool long_lived = false;
};

// All commands, in the order `actorgraph --help` lists them.
const std::vector<Command>& AllCommands();

int RunInit(CliContext& ctx, const Args& args);
int RunLoad(CliContext& ctx, const Args& args);
int RunExport(CliContext& ctx, const Args& args);
int RunStats(CliContext& ctx, const Args& args);
int RunShow(CliContext& ctx, const Args& args);
int RunHistory(CliContext& ctx, const Args& args);
int RunImport(CliContext& ctx, const Args& args);
int RunResolve(CliContext& ctx, const Args& args);
int RunListChanges(CliContext& ctx, const Args& args);  // commands_lists.cc
int RunMerge(CliContext& ctx, const Args& args);
int RunUnmerge(CliContext& ctx, const Args& args);
int RunQuery(CliContext& ctx, const Args& args);
int RunShell(CliContext& ctx, const Args& args);
int RunDraw(CliContext& ctx, const Args& args);
int RunTimeline(CliContext& ctx, const Args& args);
int RunServe(CliContext& ctx, const Args& args);  // commands_serve.cc
// query|shell|stats|import on a server (--connect); commands_remote.cc.
int RunRemote(const Command& command, CliContext& ctx, const Args& args);

// Prints "actorgraph: <status>" to stderr and returns the exit code for it.
int Fail(const Status& s);
int Usage(const std::string& command, const std::string& message);

}  // namespace actorgraph::cli
