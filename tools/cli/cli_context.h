// CliContext: what every CLI command shares: the parsed global options and
// the database, opened on first use. main() owns it and hands it to commands.
#pragma once

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "engine/database.h"
#include "import/import_sink.h"

namespace actorgraph::cli {

struct GlobalOptions {
  std::string db_dir;  // empty: the embedded default database
  bool quiet = false;
  // --connect ADDRESS --token TOKEN [--tls-trust PEM]: query|shell|stats|import
  // run on a server (tools/cli/commands_remote.cc) instead of a local database.
  std::string connect, token, tls_trust;
  // Tuning (README, "Configuration"): main() sets these from the global
  // flags, or from the AG_* environment variables when a flag is absent;
  // the libraries read no environment.
  OpenOptions open;  // block cache, adjacency cache, record cache
  size_t import_spill = ImportOptions::kDefaultSpillEntities;
};

class CliContext {
 public:
  explicit CliContext(GlobalOptions options) : options_(std::move(options)) {}

  // Opens the database, creating the default one from the bundled Sahel
  // dataset on first use. With `create`, an explicit --db may be new too.
  Result<Database*> Db(bool create = false);
  // The directory the database lives in (resolving the default).
  std::string DbDir() const;
  bool UsingDefault() const { return options_.db_dir.empty(); }
  const GlobalOptions& options() const { return options_; }
  // Messages for people go to stderr, so stdout stays machine-readable.
  std::ostream& info() { return std::cerr; }

 private:
  GlobalOptions options_;
  std::unique_ptr<Database> db_;
};

// The bundled Sahel dataset (data/sahel/sahel.jsonl), compiled in.
const std::string& BundledSahelDataset();

// Loads native JSON-lines into `db` as one transaction, spilling a staged
// batch every `spill` entities (ImportOptions::spill_entities); prints a
// summary.
Status LoadNativeFiles(Database* db, const std::vector<std::string>& files,
                       const std::string& embedded_text, std::ostream& info, bool quiet,
                       size_t spill);

}  // namespace actorgraph::cli
