#include "import/importer.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "engine/merge.h"

namespace actorgraph {

const std::vector<std::string>& ImportFormats() {
  static const std::vector<std::string> kFormats = {"jsonl",        "ftm",  "acled",    "neo4j-csv",
                                                    "un-sanctions", "ofac", "un-report"};
  return kFormats;
}

std::unique_ptr<Importer> MakeImporter(const std::string& format, std::string* error) {
  if (format == "jsonl" || format == "native") return MakeNativeImporter();
  if (format == "ftm") return MakeFtmImporter();
  if (format == "acled") return MakeAcledImporter();
  if (format == "neo4j-csv" || format == "neo4j") return MakeNeo4jCsvImporter();
  if (format == "un-sanctions") return MakeUnSanctionsImporter();
  if (format == "ofac") return MakeOfacImporter();
  if (format == "un-report") return MakeUnReportImporter();
  std::string list;
  for (const auto& f : ImportFormats())
    list += (list.empty() ? "" : ", ") + f;
  *error = "unknown format '" + format + "' (formats: " + list + ")";
  return nullptr;
}

Status RunImport(Database* db, const std::string& format, const std::vector<std::string>& files,
                 ImportOptions options, ImportReport* report) {
  const auto start = std::chrono::steady_clock::now();
  std::string error;
  std::unique_ptr<Importer> importer = MakeImporter(format, &error);
  if (!importer) return Status::InvalidArgument(error);
  if (files.empty()) return Status::InvalidArgument("name at least one file");
  uint64_t total = 0;
  for (const auto& f : files) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(f, ec)) return Status::IOError(f + ": no such file");
    total += std::filesystem::file_size(f, ec);
  }
  if (options.reject_path.empty()) options.reject_path = files[0] + ".rejects.jsonl";
  std::string what = "import --format " + format;
  for (const auto& f : files)
    what += " " + std::filesystem::path(f).filename().string();
  auto txn = db->BeginWrite(what);
  txn->SetSpillThreshold(options.spill_entities);
  std::unordered_map<std::string, std::string> redirects;
  for (const auto& m : ActiveMerges(*db))
    redirects[m.gone_xid] = m.kept_xid;
  ImportSink sink(txn.get(), &db->ontology(), options, report, std::move(redirects),
                  total * importer->passes());
  Status s = importer->Run(files, &sink);
  sink.FinishProgress();
  sink.SummarizeFieldWarnings();
  if (s.ok() && options.on_error == OnError::kSkip && report->imported == 0) {
    // Skipping bad records is no success when there was nothing good.
    s = Status::InvalidArgument(
        "no record was imported: " + std::to_string(report->records) + " read, " +
        std::to_string(report->rejected) + " rejected" +
        (report->reject_path.empty() ? "" : " (reasons in " + report->reject_path + ")"));
  }
  report->nodes = txn->node_counts();
  report->rels = txn->rel_counts();
  report->claims = txn->claim_counts();
  report->spills = txn->spills();
  // Staged batches undone (a failure, a dry run) leave their bytes on disk
  // until compaction; give them back once the txn's snapshots are gone.
  auto reclaim = [&] {
    txn.reset();
    if (report->spills) (void)db->ReclaimSpace();  // best effort: nothing is lost
  };
  if (!s.ok()) {
    // Staged batches are undone now rather than when txn goes.
    Status r = txn->Rollback();
    if (!r.ok()) s = s.WithContext(r.ToString());
    reclaim();
    return s.WithContext("nothing was imported");
  }
  if (options.dry_run) {
    // A dry run spills like an import (so its memory stays flat too) and
    // undoes its staged batches here; readers never saw them.
    AG_RETURN_IF_ERROR(txn->Rollback().WithContext("dry run"));
    reclaim();
  } else {
    const TxnId before = db->LastTxn();
    AG_ASSIGN_OR_RETURN(TxnId t, txn->Commit());
    report->txn = t == before ? 0 : t;
  }
  report->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return Status::OK();
}

}  // namespace actorgraph
