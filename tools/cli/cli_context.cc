#include "tools/cli/cli_context.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "import/importer.h"
#include "import/native_loader.h"

namespace actorgraph::cli {

namespace fs = std::filesystem;

const std::string& BundledSahelDataset() {
  static const std::string kText =
#include "sahel_dataset.inc"
      ;
  return kText;
}

std::string CliContext::DbDir() const {
  if (!options_.db_dir.empty()) return options_.db_dir;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
    return (fs::path(xdg) / "actorgraph").string();
  const char* home = std::getenv("HOME");
  return (fs::path(home && *home ? home : ".") / ".local" / "share" / "actorgraph").string();
}

Result<Database*> CliContext::Db(bool create) {
  if (db_) return db_.get();
  const std::string dir = DbDir();
  std::error_code ec;
  const bool exists = fs::exists(fs::path(dir) / "CURRENT", ec);
  if (!exists && !create && !UsingDefault())
    return Status::NotFound("no database at '" + dir + "'; create one with `actorgraph --db " +
                            dir + " init`");
  OpenOptions open = options_.open;
  open.info = &info();  // says so when an interrupted import or load is rolled back
  AG_ASSIGN_OR_RETURN(db_, Database::Open(dir, open));
  if (!exists && UsingDefault()) {
    if (!options_.quiet)
      info() << "Creating the default database at " << dir << " from the bundled Sahel dataset…\n";
    Status s = LoadNativeFiles(db_.get(), {}, BundledSahelDataset(), info(), options_.quiet,
                               options_.import_spill);
    if (!s.ok()) {
      db_.reset();
      fs::remove_all(dir, ec);  // never leave a half-made default database
      return s.WithContext("creating the default database");
    }
  }
  return db_.get();
}

Status LoadNativeFiles(Database* db, const std::vector<std::string>& files,
                       const std::string& embedded_text, std::ostream& info, bool quiet,
                       size_t spill) {
  const auto start = std::chrono::steady_clock::now();
  std::string what = files.empty() ? "load bundled Sahel dataset" : "load";
  for (const auto& f : files)
    what += " " + f;
  auto txn = db->BeginWrite(what);
  txn->SetSpillThreshold(spill);  // flat memory, still one transaction
  NativeLoader loader(txn.get());
  const bool tty = isatty(STDERR_FILENO) && !quiet;
  if (tty)
    loader.set_progress([&](const LoadProgress& p) {
      static const char* kPass[] = {"", "nodes", "relationships", "claims"};
      info << "\r  pass " << p.pass << "/3 (" << kPass[p.pass] << "): " << p.lines << " lines read"
           << std::flush;
    });
  Status s = files.empty() ? loader.LoadText("sahel.jsonl (bundled)", embedded_text)
                           : loader.LoadFiles(files);
  if (tty) info << "\r\033[K";
  if (!s.ok()) return s.WithContext("nothing was loaded");
  const WriteCounts n = txn->node_counts(), r = txn->rel_counts(), c = txn->claim_counts();
  const bool changes = !txn->empty() || txn->spills() > 0;
  AG_ASSIGN_OR_RETURN(TxnId t, txn->Commit());
  char secs[32];  // as the import command prints it: "0.1 s"
  std::snprintf(secs, sizeof secs, "%.1f s",
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  if (!quiet) {
    if (changes)
      info << "Loaded in transaction " << t << " (" << secs << "):\n";
    else
      info << "Nothing changed: the database already holds all of it (" << secs << "):\n";
    info << "  nodes          " << n.created << " created, " << n.updated << " updated, "
         << n.unchanged << " unchanged\n"
         << "  relationships  " << r.created << " created, " << r.updated << " updated, "
         << r.unchanged << " unchanged\n"
         << "  claims         " << c.created << " created, " << c.updated << " updated, "
         << c.unchanged << " unchanged\n";
  }
  return Status::OK();
}

}  // namespace actorgraph::cli
