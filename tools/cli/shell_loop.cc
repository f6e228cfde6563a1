#include "tools/cli/shell_loop.h"

#include <readline/history.h>
#include <readline/readline.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <sstream>

namespace actorgraph::cli {

namespace {

// readline's completion callbacks take no context: the loop points this at
// its hooks' list while it runs.
const std::vector<std::string>* g_completions = nullptr;

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

// :format and :valid-at; false when `word` is neither.
bool ApplySetting(const std::string& word, const std::string& arg, QueryFlags* f) {
  if (word == "format") {
    auto fmt = ParseOutputFormat(arg);
    if (fmt.ok())
      f->format = *fmt;
    else
      std::cerr << fmt.status().message() << '\n';
    return true;
  }
  if (word == "valid-at") {
    if (arg == "off" || arg.empty())
      f->run.valid_at.reset();
    else if (auto d = PartialDate::Parse(arg); d.ok())
      f->run.valid_at = *d;
    else
      std::cerr << d.status().message() << '\n';
    return true;
  }
  return false;
}

}  // namespace

const std::vector<std::string>& ShellKeywords() {
  static const std::vector<std::string> kKeywords = {
      "MATCH",       "OPTIONAL", "WHERE",      "RETURN",      "WITH",         "UNWIND",
      "ORDER",       "BY",       "LIMIT",      "SKIP",        "DISTINCT",     "CREATE",
      "MERGE",       "SET",      "DELETE",     "DETACH",      "REMOVE",       "CALL",
      "YIELD",       "UNION",    "EXPLAIN",    "PROFILE",     "FOR",          "VALID_TIME",
      "SYSTEM_TIME", "AS",       "OF",         "MIN",         "GRADE",        "claims(",
      "all_claims(", "undated(", "contested(", "names.find(", "shortestPath("};
  return kKeywords;
}

int RunShellLoop(QueryFlags f, const ShellHooks& hooks, std::ostream& info) {
  g_completions = &hooks.completions;
  rl_attempted_completion_function = Complete;
  rl_basic_word_break_characters = const_cast<char*>(" \t\n()[]{},:.=<>-");
  const bool tty = isatty(STDIN_FILENO);
  std::string history;
  if (const char* home = std::getenv("HOME"); home && tty) {
    history = std::string(home) + "/.actorgraph_history";
    read_history(history.c_str());
  }
  if (tty) info << hooks.banner;
  std::string buffer;
  while (true) {
    // readline only for a terminal: on piped input it echoed each line and,
    // past 80 columns, wrote cursor movements into the output.
    std::string line;
    if (tty) {
      char* raw = readline(buffer.empty() ? "actorgraph> " : "        ...> ");
      if (!raw) break;
      line = raw;
      free(raw);
    } else if (!std::getline(std::cin, line)) {
      break;
    }
    const size_t first = line.find_first_not_of(" \t");
    if (buffer.empty() && first != std::string::npos && line[first] == ':') {
      std::istringstream cmd(line.substr(first + 1));
      std::string word, arg;
      cmd >> word >> arg;
      if (tty) add_history(line.c_str());
      if (word == "quit" || word == "exit" || word == "q") break;
      if (word == "help")
        std::cout << hooks.help;
      else if (word == "procedures")
        hooks.run("CALL db.procedures()", f);
      else if (!ApplySetting(word, arg, &f) && !(hooks.command && hooks.command(word, arg)))
        std::cerr << "unknown shell command ':" << word << "' (:help lists them)\n";
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
    hooks.run(buffer, f);
    buffer.clear();
  }
  if (buffer.find_first_not_of(" \t\r\n") != std::string::npos)
    hooks.run(buffer, f);  // a last statement without ';'
  if (!history.empty()) write_history(history.c_str());
  g_completions = nullptr;
  return 0;
}

}  // namespace actorgraph::cli
