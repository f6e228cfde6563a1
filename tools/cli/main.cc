// actorgraph: the command-line interface. main() parses the global options,
// builds the context and hands the rest to one command.
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "common/allocator.h"
#include "common/open_file_limit.h"
#include "common/text_match.h"
#include "tools/cli/commands.h"

namespace actorgraph::cli {

const std::vector<Command>& AllCommands() {
  static const std::vector<Command> kCommands = {
      {"init", "create a database (the default one gets the Sahel dataset)",
       "usage: actorgraph [--db DIR] init [--ontology FILE] [--sahel|--empty] [--open-schema]\n\n"
       "Creates a database. Without --db, creates the default database and loads the\n"
       "bundled Sahel dataset; with --db, an empty one unless --sahel is given.\n"
       "--ontology FILE uses FILE instead of the default ontology (schema/default.ontology).\n"
       "--open-schema accepts undeclared labels, relationship types and properties, and\n"
       "nodes without labels, as Neo4j does; id and name are then ordinary properties.\n"
       "Without --ontology it declares nothing; with it, what FILE declares is checked.\n"
       "The database keeps the mode; `:schema` in the shell lists what is in use.",
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
       "usage: actorgraph [--db DIR] history ID|NAME [--txn N]\n\n"
       "Lists every transaction that created or changed the entity, its relationships\n"
       "or its claims, with the time and what was loaded. --txn N stops at transaction N.",
       &RunHistory},
      {"import", "import UN reports, sanctions lists, FtM, ACLED, OFAC, Neo4j CSV",
       "usage: actorgraph [--db DIR] import --format FORMAT [--source-grade CODE] [--dry-run]\n"
       "                 [--on-error abort|skip] [--reject-file PATH] [--encoding E]\n"
       "                 [--published DATE] FILE…\n\n"
       "Formats: un-report (PDF or text), un-sanctions (UN SC consolidated list XML),\n"
       "ofac (sdn.csv with add.csv/alt.csv), ftm (FollowTheMoney JSON lines), acled (CSV),\n"
       "neo4j-csv (admin-import node and relationship files), jsonl (native).\n"
       "Every imported fact gets a claim citing the file (a Document node) and the record,\n"
       "line or paragraph. One transaction: with --on-error abort (the default) a bad\n"
       "record writes nothing and the error names file, line, field and why; with skip\n"
       "the good records are written and the bad ones go, with reasons, to a reject file\n"
       "(default FILE.rejects.jsonl). --dry-run reads and checks everything, writes\n"
       "nothing. --source-grade B2 grades the claims. --encoding auto (default: lines that\n"
       "are not UTF-8 are read as Latin-1 and counted), utf-8 (reject them) or latin-1.\n"
       "Importing the same file again changes nothing. See README, \"Importing\".\n"
       "--published DATE dates a sanctions list version (ofac, un-sanctions; the UN list's\n"
       "dateGenerated otherwise); successive versions become listings in valid time, and\n"
       "`list-changes` tells what changed (README, \"Sanctions lists over time\").",
       &RunImport},
      {"list-changes", "what a sanctions list added, removed and changed between two dates",
       "usage: actorgraph [--db DIR] list-changes AUTHORITY --from DATE --to DATE\n"
       "                 [--format table|csv|json]\n\n"
       "Compares the versions of AUTHORITY's sanctions list (an id such as us-ofac or\n"
       "un-security-council, or a name) in force at the two dates: the newest version\n"
       "imported that was published on or before each date. Prints the entries added,\n"
       "removed and changed (the record's content differs), each with its entity, name,\n"
       "programs and the dates of every version that shows it; a summary goes to stderr.\n"
       "Versions come from `import --format ofac|un-sanctions [--published DATE]`.\n"
       "See README, \"Sanctions lists over time\".",
       &RunListChanges},
      {"resolve", "propose likely duplicate entities, with evidence",
       "usage: actorgraph [--db DIR] resolve [--min-score X] [--limit N] [--label L]\n"
       "                  [--between SOURCE_A SOURCE_B] [--format text|json] [--stats]\n"
       "       actorgraph [--db DIR] resolve --accept FILE\n\n"
       "Lists pairs of entities that may be one, best first, with a score (0-1) and the\n"
       "evidence for and against: names (transliterated, acronyms, known aliases, words\n"
       "weighted by rarity, quoted and parenthesised forms), identifiers (passport,\n"
       "national id, registration, IMO, email, phone), birth dates, gender, nationality,\n"
       "type, shared neighbours; places inside one another are never proposed, events\n"
       "are compared by date, place and participants. Defaults: --min-score 0.5\n"
       "--limit 50 (0: all). --between compares two sources only, named by the id\n"
       "prefix (un-sc, ofac, acled, ftm...; 'local' for ids without one). --format json\n"
       "writes one object a line: {a:{id,name,labels}, b:{...}, score, evidence:[{kind,\n"
       "detail,weight}]}. --accept FILE merges the pairs of a reviewed file (those JSON\n"
       "lines, b folded into a, or lines 'KEEP OTHER'), one undoable merge per pair.",
       &RunResolve},
      {"merge", "join two entities into one (undo with unmerge)",
       "usage: actorgraph [--db DIR] merge KEEP OTHER\n\n"
       "Folds OTHER into KEEP (ids or unambiguous names): OTHER's names become aliases,\n"
       "missing properties are copied, every relationship and claim moves to KEEP with\n"
       "its source. One transaction, shown by `history`; `unmerge` undoes it exactly.",
       &RunMerge},
      {"unmerge", "undo a merge",
       "usage: actorgraph [--db DIR] unmerge ID\n\n"
       "Undoes the latest merge (still in effect) that kept or folded ID: the folded\n"
       "entity comes back with its names, properties, relationships and claims, and\n"
       "the kept one loses what the merge gave it.",
       &RunUnmerge},
      {"query", "run a query (Cypher with valid-time, system-time and provenance extensions)",
       "usage: actorgraph [--db DIR] query 'TEXT' | -f FILE [options]\n\n"
       "Runs one statement of the query language (see README, \"Query guide\").\n"
       "Options:\n"
       "  --param NAME=VALUE   a parameter $NAME; VALUE is JSON (42, true, [1,2], \"x\") or text\n"
       "  --format table|csv|json   output (json: one object per row, its keys in column order)\n"
       "  --valid-at DATE      keep only facts valid at DATE (like FOR VALID_TIME AS OF)\n"
       "  --txn N              read the database as of transaction N (FOR SYSTEM_TIME AS OF)\n"
       "  --min-grade CODE     keep only facts asserted at grade CODE or better (e.g. B2)\n"
       "  --timeout SECONDS    stop the query after this long\n"
       "  --max-rows N         stop with an error after N rows\n"
       "  --memory MB          fail when sorts, groups and DISTINCT would hold more rows than "
       "this,\n"
       "                       or an expression (+, a list comprehension, split(), replace())\n"
       "                       would build a longer string or list\n"
       "  --no-stats           no row count and time on stderr\n"
       "Prefix the query with EXPLAIN to see the plan, PROFILE for rows and time per step.",
       &RunQuery},
      {"shell", "interactive query shell with history and completion",
       "usage: actorgraph [--db DIR] shell [--format F] [--valid-at DATE] [--txn N] [--min-grade "
       "CODE]\n\n"
       "Reads queries ending with ';' (over several lines if needed), with history\n"
       "(~/.actorgraph_history) and tab completion of labels, relationship types and\n"
       "keywords. :help lists the shell's commands (:schema, :format, :valid-at, :quit).\n"
       "Reads statements from standard input when it is not a terminal, and then writes only\n"
       "their results (no prompt, no echo), for scripts.",
       &RunShell, /*long_lived=*/true},
      {"draw", "draw a query's result, or given entities, as a link chart (SVG, PNG, DOT, GraphML)",
       "usage: actorgraph [--db DIR] draw QUERY -o FILE [options]\n"
       "       actorgraph [--db DIR] draw --ids ID,ID,… -o FILE [options]\n\n"
       "Draws every node, relationship and path in the query's result (or the given entities\n"
       "and the relationships among them) as a link chart: shapes and colours by kind of\n"
       "actor, relationships labelled with type, role and valid time, contested ones dashed\n"
       "red, weaker grades lighter. The format follows the extension: .svg and .png through\n"
       "Graphviz, .dot and .graphml (Gephi, yEd) written directly.\n"
       "  -o FILE            the output file\n"
       "  --ids A,B,…        external ids or names instead of a query\n"
       "  --types T,…        with --ids: only relationships of these types\n"
       "  --layout L         Graphviz layout: dot (default), neato, fdp, sfdp, circo\n"
       "  --title TEXT       a title above the chart\n"
       "  --no-legend        leave out the legend\n"
       "  --valid-at DATE, --min-grade CODE, --txn N   as for `query`",
       &RunDraw},
      {"timeline", "an actor's relationships as bars over time, its events as marks (SVG)",
       "usage: actorgraph [--db DIR] timeline ID|NAME -o FILE.svg [options]\n\n"
       "Draws the actor's relationships as bars over a time axis, grouped by type, and the\n"
       "events it took part in as marks. Partial dates are hatched over the days they may\n"
       "stand for, open ends fade out with an arrow, undated relationships are listed apart,\n"
       "contested ones outlined in red, weaker grades lighter.\n"
       "  -o FILE.svg        the output file\n"
       "  --types T,…        only these relationship types\n"
       "  --all-types        include MENTIONS (left out by default)\n"
       "  --title TEXT, --width PIXELS, --txn N",
       &RunTimeline},
      {"serve", "serve the database over Cap'n Proto RPC (see README, \"Server and clients\")",
       "usage: actorgraph [--db DIR] serve [--listen HOST:PORT|unix:PATH] [--http HOST:PORT]\n"
       "                 [--tokens FILE]\n"
       "                 [--tls-cert PEM --tls-key PEM] [--insecure] [--workers N]\n"
       "                 [--query-timeout S] [--max-rows N] [--query-memory MB]\n"
       "                 [--max-connections N] [--idle-timeout S] [--max-cursors N]\n"
       "                 [--max-calls N]\n\n"
       "Serves the database to `actorgraph --connect` and to programs using the protocol in\n"
       "schema/actorgraph.capnp. --listen defaults to 127.0.0.1:7687. --tokens FILE has one\n"
       "`TOKEN ROLE` per line (ROLE: reader or writer); without it only loopback and unix-socket\n"
       "clients are accepted and every login is a writer. --tls-cert/--tls-key serve over TLS.\n"
       "Listening beyond loopback without TLS is refused unless --insecure.\n"
       "--http HOST:PORT also (or, without --listen, only) serves the HTTP/JSON API and the\n"
       "browser workbench at http://HOST:PORT/ (docs/http-api.md), with the same tokens, roles\n"
       "and limits; it prints `http: listening on http://HOST:PORT/` (port 0: a free port).\n"
       "Limits (0: none; the defaults are printed at start): --query-timeout caps every query's\n"
       "time (default 300 s), --max-rows its rows (10000000), --query-memory the rows it may\n"
       "hold in sorts, groups and DISTINCT and the strings and lists an expression builds\n"
       "(+, comprehensions, split(), replace(); 512 MB),\n"
       "--max-connections (256),\n"
       "--idle-timeout closes a silent connection (900 s), --max-cursors open cursors (16) and\n"
       "--max-calls calls in flight (64) per connection. Failed logins wait longer each time\n"
       "and close the connection after 5.\n"
       "Logs a line per connection and per failed login on stderr. SIGINT or SIGTERM stop it:\n"
       "running queries are cancelled and the database is closed.",
       &RunServe, /*long_lived=*/true},
  };
  return kCommands;
}

namespace {

// A whole number of at most 12 digits; false otherwise.
bool ParseCount(const std::string& text, size_t* out) {
  if (text.empty() || text.size() > 12 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  *out = std::stoull(text);
  return true;
}

// One tuning knob: its global flag and, for compatibility, the environment
// variable read when the flag is absent. This is the only place the CLI maps
// them onto the libraries' options (OpenOptions, ImportOptions,
// BulkLoadOptions, ServerOptions).
struct Knob {
  const char* flag;
  const char* env;
  const char* what;  // the value it takes, for messages and --help
  bool (*set)(const std::string& text, GlobalOptions* o);
};

const std::vector<Knob>& Knobs() {
  static const std::vector<Knob> kKnobs = {
      {"--block-cache-mb", "AG_BLOCK_CACHE_MB", "MiB for RocksDB's block cache (512)",
       [](const std::string& t, GlobalOptions* o) {
         return ParseCount(t, &o->open.block_cache_mb);
       }},
      {"--adj-cache", "AG_ADJ_CACHE", "on, off (0) or eager: the in-memory adjacency cache (on)",
       [](const std::string& t, GlobalOptions* o) {
         if (t == "on" || t == "1")
           o->open.adjacency_cache = actorgraph::AdjacencyCacheMode::kOn;
         else if (t == "off" || t == "0")
           o->open.adjacency_cache = actorgraph::AdjacencyCacheMode::kOff;
         else if (t == "eager")
           o->open.adjacency_cache = actorgraph::AdjacencyCacheMode::kEager;
         else
           return false;
         return true;
       }},
      {"--adj-cache-mb", "AG_ADJ_CACHE_MB", "MiB the adjacency cache may use (4096)",
       [](const std::string& t, GlobalOptions* o) {
         return ParseCount(t, &o->open.adjacency_cache_mb);
       }},
      {"--record-cache-mb", "AG_RECORD_CACHE_MB", "MiB for the query record cache; 0: none (256)",
       [](const std::string& t, GlobalOptions* o) {
         return ParseCount(t, &o->open.record_cache_mb);
       }},
      {"--import-spill", "AG_IMPORT_SPILL",
       "entities an import or load holds before a staged batch; 0: never (50000)",
       [](const std::string& t, GlobalOptions* o) { return ParseCount(t, &o->import_spill); }},
  };
  return kKnobs;
}

const Knob* FindKnob(const std::string& flag) {
  for (const auto& k : Knobs())
    if (flag == k.flag) return &k;
  return nullptr;
}

// The environment variables of the knobs whose flag was not given.
bool ApplyEnvironment(const std::vector<const Knob*>& given, GlobalOptions* o) {
  for (const auto& k : Knobs()) {
    if (std::find(given.begin(), given.end(), &k) != given.end()) continue;
    const char* e = std::getenv(k.env);
    if (!e || !*e) continue;
    if (!k.set(e, o)) {
      std::cerr << "actorgraph: " << k.env << "='" << e << "': expected " << k.what << '\n';
      return false;
    }
  }
  return true;
}

void PrintHelp() {
  std::cout << "actorgraph — a knowledge graph of armed actors, over time, with sources\n\n"
               "usage: actorgraph [--db DIR] [--quiet] [TUNING FLAGS] COMMAND [ARGS…]\n\n"
               "Commands:\n";
  size_t width = 0;
  for (const auto& c : AllCommands())
    width = std::max(width, std::strlen(c.name) + 2);
  for (const auto& c : AllCommands())
    std::cout << "  " << c.name << std::string(width - std::strlen(c.name), ' ') << c.synopsis
              << '\n';
  // Global options and tuning flags, in one column: {flag, lines of text}.
  using Row = std::pair<std::string, std::vector<std::string>>;
  const std::vector<Row> global = {
      {"--db DIR",
       {"the database directory; without it, the default database in",
        "$XDG_DATA_HOME/actorgraph (or ~/.local/share/actorgraph), created",
        "from the bundled Sahel dataset on first use"}},
      {"--quiet", {"no progress or summaries on stderr"}},
      {"--connect ADDRESS",
       {"run query, shell, stats or import on a server",
        "(`actorgraph serve`), HOST:PORT or unix:PATH"}},
      {"--token TOKEN", {"the token for --connect (or $ACTORGRAPH_TOKEN)"}},
      {"--tls-trust PEM", {"with --connect: use TLS, trusting this certificate"}},
      {"--help", {"this text; `actorgraph COMMAND --help` for one command"}},
      {"--version", {"the version, and the memory allocator it runs on"}},
  };
  std::vector<Row> tuning;
  for (const auto& k : Knobs())
    tuning.push_back({k.flag, {k.what, std::string("[$") + k.env + "]"}});
  size_t col = 0;
  for (const auto& [flag, text] : global)
    col = std::max(col, flag.size() + 2);
  for (const auto& [flag, text] : tuning)
    col = std::max(col, flag.size() + 2);
  auto print = [&](const std::vector<Row>& rows) {
    for (const auto& [flag, text] : rows)
      for (size_t l = 0; l < text.size(); ++l)
        std::cout << "  " << (l == 0 ? flag : "")
                  << std::string(col - (l == 0 ? flag.size() : 0), ' ') << text[l] << '\n';
  };
  std::cout << "\nGlobal options:\n";
  print(global);
  std::cout << "\nTuning (each flag also read from the environment variable shown):\n";
  print(tuning);
}

}  // namespace
}  // namespace actorgraph::cli

int main(int argc, char** argv) {
  using namespace actorgraph::cli;
  // A large database has hundreds of table files, and a server a socket per
  // client: Debian's soft limit of 1024 descriptors is raised to the hard one.
  actorgraph::RaiseOpenFileLimit();
  GlobalOptions options;
  std::vector<const Knob*> given;  // tuning flags on the command line
  int i = 1;
  for (; i < argc; ++i) {
    const std::string a = argv[i];
    const size_t eq = a.find('=');
    if (const Knob* k = FindKnob(a.substr(0, eq))) {
      std::string v;
      if (eq != std::string::npos)
        v = a.substr(eq + 1);
      else if (i + 1 < argc)
        v = argv[++i];
      if (!k->set(v, &options)) {
        std::cerr << "actorgraph: " << k->flag << " takes " << k->what << '\n';
        return 2;
      }
      given.push_back(k);
    } else if (a == "--db") {
      if (i + 1 >= argc) {
        std::cerr << "actorgraph: --db needs a directory\n";
        return 2;
      }
      options.db_dir = argv[++i];
    } else if (a.rfind("--db=", 0) == 0) {
      options.db_dir = a.substr(5);
    } else if ((a == "--connect" || a == "--token" || a == "--tls-trust") && i + 1 < argc) {
      (a == "--connect" ? options.connect
       : a == "--token" ? options.token
                        : options.tls_trust) = argv[++i];
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
      std::cout << "actorgraph 0.1.0\nallocator: " << actorgraph::AllocatorName() << '\n';
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
  if (!ApplyEnvironment(given, &options)) return 2;
  const std::string name = argv[i];
  Args args(argv + i + 1, argv + argc);
  for (const auto& c : AllCommands()) {
    if (name != c.name) continue;
    for (const auto& a : args)
      if (a == "--help" || a == "-h") {
        std::cout << c.help << '\n';
        return 0;
      }
    if (!c.long_lived) options.open.adjacency_light_requests = 0;
    CliContext ctx(options);
    if (!options.connect.empty()) return RunRemote(c, ctx, args);
    return c.run(ctx, args);
  }
  std::vector<std::string> names;
  for (const auto& c : AllCommands())
    names.push_back(c.name);
  std::cerr << "actorgraph: unknown command '" << name << "'";
  std::string hint = actorgraph::DidYouMean(name, names);
  if (!hint.empty()) std::cerr << "; " << hint;
  std::cerr << " (see `actorgraph --help`)\n";
  return 2;
}
