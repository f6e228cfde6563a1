// actorgraph: the command-line interface. main() parses the global options,
// builds the context and hands the rest to one command.
#include <cstring>
#include <iostream>

#include "engine/text_match.h"
#include "tools/cli/commands.h"

namespace actorgraph::cli {

const std::vector<Command>& AllCommands() {
  static const std::vector<Command> kCommands = {
      {"init", "create a database (the default one gets the Sahel dataset)",
       "usage: actorgraph [--db DIR] init [--ontology FILE] [--sahel|--empty]\n\n"
       "Creates a database. Without --db, creates the default database and loads the\n"
       "bundled Sahel dataset; with --db, an empty one unless --sahel is given.\n"
       "--ontology FILE uses FILE instead of the default ontology (schema/default.ontology).",
       &RunInit},
      {"load", "load native JSON-lines files in one transaction",
       "usage: actorgraph [--db DIR] load FILE…\n\n"
       "Loads nodes, relationships and claims in the native JSON-lines format\n"
       "(docs/native-format.md). All files form one transaction: if any record is\n"
       "rejected, nothing is written and the error names the file, line and field.\n"
       "Loading the same file again changes nothing.",
       &RunLoad},
      {"export", "write the database as native JSON lines",
       "usage: actorgraph [--db DIR] export [-o FILE]\n\n"
       "Writes every node, relationship and claim in the native JSON-lines format, to\n"
       "FILE or standard output. Loading the export into an empty database gives the\n"
       "same graph (history aside).",
       &RunExport},
      {"stats", "counts of nodes, relationships and claims",
       "usage: actorgraph [--db DIR] stats\n\nPrints counts per label and per relationship type.",
       &RunStats},
      {"show", "an entity card: names, properties, relationships and their claims",
       "usage: actorgraph [--db DIR] show ID|NAME [--txn N]\n\n"
       "Prints an entity: labels, names and aliases, properties with their claims, and\n"
       "every relationship grouped by type with its validity interval and the claims\n"
       "for and against it (source, locator, stance, grade). Contested facts are marked.\n"
       "NAME matches names and aliases ignoring case and diacritics ('dembele' finds\n"
       "'Dembélé'). --txn N shows the entity as the database held it after transaction N.",
       &RunShow},
      {"history", "what changed for an entity, transaction by transaction",
       "usage: actorgraph [--db DIR] history ID|NAME\n\n"
       "Lists every transaction that created or changed the entity, its relationships\n"
       "or its claims, with the time and what was loaded.",
       &RunHistory},
  };
  return kCommands;
}

namespace {

void PrintHelp() {
  std::cout << "actorgraph — a knowledge graph of armed actors, over time, with sources\n\n"
               "usage: actorgraph [--db DIR] [--quiet] COMMAND [ARGS…]\n\n"
               "Commands:\n";
  for (const auto& c : AllCommands())
    std::cout << "  " << c.name << std::string(10 - std::strlen(c.name), ' ') << c.synopsis << '\n';
  std::cout << "\nGlobal options:\n"
               "  --db DIR   the database directory; without it, the default database in\n"
               "             $XDG_DATA_HOME/actorgraph (or ~/.local/share/actorgraph), created\n"
               "             from the bundled Sahel dataset on first use\n"
               "  --quiet    no progress or summaries on stderr\n"
               "  --help     this text; `actorgraph COMMAND --help` for one command\n";
}

}  // namespace
}  // namespace actorgraph::cli

int main(int argc, char** argv) {
  using namespace actorgraph::cli;
  GlobalOptions options;
  int i = 1;
  for (; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--db") {
      if (i + 1 >= argc) {
        std::cerr << "actorgraph: --db needs a directory\n";
        return 2;
      }
      options.db_dir = argv[++i];
    } else if (a.rfind("--db=", 0) == 0) {
      options.db_dir = a.substr(5);
    } else if (a == "--quiet" || a == "-q") {
      options.quiet = true;
    } else if (a == "--help" || a == "-h" || a == "help") {
      if (a == "help" && i + 1 < argc) {
        for (const auto& c : AllCommands())
          if (argv[i + 1] == std::string(c.name)) {
            std::cout << c.help << '\n';
            return 0;
          }
      }
      PrintHelp();
      return 0;
    } else if (a == "--version") {
      std::cout << "actorgraph 0.1.0\n";
      return 0;
    } else if (a.rfind("-", 0) == 0) {
      std::cerr << "actorgraph: unknown option '" << a << "' (see `actorgraph --help`)\n";
      return 2;
    } else {
      break;
    }
  }
  if (i >= argc) {
    PrintHelp();
    return 2;
  }
  const std::string name = argv[i];
  Args args(argv + i + 1, argv + argc);
  for (const auto& c : AllCommands()) {
    if (name != c.name) continue;
    for (const auto& a : args)
      if (a == "--help" || a == "-h") {
        std::cout << c.help << '\n';
        return 0;
      }
    CliContext ctx(options);
    return c.run(ctx, args);
  }
  std::vector<std::string> names;
  for (const auto& c : AllCommands()) names.push_back(c.name);
  std::cerr << "actorgraph: unknown command '" << name << "'";
  std::string hint = actorgraph::DidYouMean(name, names);
  if (!hint.empty()) std::cerr << "; " << hint;
  std::cerr << " (see `actorgraph --help`)\n";
  return 2;
}
