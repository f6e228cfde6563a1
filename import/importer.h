// Importer: reads one source format into an ImportSink. RunImport drives a
// whole `actorgraph import`: it opens one transaction, runs the importer over
// the files, and commits (or, on error or a dry run, writes nothing).
//
// Formats (see README "Importing"): jsonl, ftm, acled, neo4j-csv,
// un-sanctions, ofac, un-report.
//
// Thread-safety: an Importer is used by one thread; RunImport takes the
// database's single writer for the duration.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/database.h"
#include "import/import_sink.h"

namespace actorgraph {

class Importer {
 public:
  virtual ~Importer() = default;
  // How many times the importer reads its files (for the progress bar).
  virtual int passes() const { return 1; }
  virtual Status Run(const std::vector<std::string>& files, ImportSink* sink) = 0;
};

// The importer for `format`, or nullptr (with `error` saying which exist).
std::unique_ptr<Importer> MakeImporter(const std::string& format, std::string* error);
// "jsonl, ftm, …": the formats `import --format` accepts.
const std::vector<std::string>& ImportFormats();

// Imports `files` in one transaction. On failure nothing is written and the
// status says where and why; the report still holds what was counted.
// Memory stays flat: the transaction spills to disk every so many entities
// (ImportOptions::spill_entities) and still commits whole; a dry run spills
// too and rolls back at the end.
Status RunImport(Database* db, const std::string& format, const std::vector<std::string>& files,
                 ImportOptions options, ImportReport* report);

// Per-format factories (one .cc each).
std::unique_ptr<Importer> MakeNativeImporter();
std::unique_ptr<Importer> MakeFtmImporter();
std::unique_ptr<Importer> MakeAcledImporter();
std::unique_ptr<Importer> MakeNeo4jCsvImporter();
std::unique_ptr<Importer> MakeUnSanctionsImporter();
std::unique_ptr<Importer> MakeOfacImporter();
std::unique_ptr<Importer> MakeUnReportImporter();

}  // namespace actorgraph
