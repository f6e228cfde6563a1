// Commands that bring data in and reconcile it: import, merge, unmerge
// (resolve: commands_resolve.cc).
#include <unistd.h>

#include <cstdio>
#include <iomanip>

#include "engine/entity_lookup.h"
#include "engine/merge.h"
#include "engine/read_view.h"
#include "import/importer.h"
#include "tools/cli/commands.h"

namespace actorgraph::cli {

namespace {

std::string Counts(const WriteCounts& c) {
  return std::to_string(c.created) + " created, " + std::to_string(c.updated) + " updated, " +
         std::to_string(c.unchanged) + " unchanged";
}

// An entity named by id or by a name that matches exactly one entity.
Result<std::string> EntityId(Database* db, const std::string& text) {
  auto view = db->Read();
  AG_ASSIGN_OR_RETURN(LookupResult r, LookupEntity(*view, text));
  if (r.matches.size() != 1) return Status::NotFound(DescribeLookupFailure(*view, text, r));
  Node n;
  AG_RETURN_IF_ERROR(view->GetNode(r.matches[0].node, &n));
  return n.xid;
}

}  // namespace

int RunImport(CliContext& ctx, const Args& args) {
  ImportOptions options;
  std::string format;
  std::vector<std::string> files;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](const char* opt) -> const std::string* {
      if (i + 1 >= args.size()) return nullptr;
      (void)opt;
      return &args[++i];
    };
    if (a == "--format" || a == "-f") {
      auto v = value("--format");
      if (!v) return Usage("import", "--format needs a format");
      format = *v;
    } else if (a == "--source-grade" || a == "--grade") {
      auto v = value("--source-grade");
      if (!v) return Usage("import", "--source-grade needs a code such as B2");
      auto g = Grade::Parse(*v);
      if (!g.ok()) return Usage("import", "--source-grade: " + g.status().message());
      options.grade = *g;
    } else if (a == "--published") {
      auto v = value("--published");
      if (!v) return Usage("import", "--published needs the list version's date, e.g. 2022-09-29");
      auto d = PartialDate::Parse(*v);
      if (!d.ok()) return Usage("import", "--published: " + d.status().message());
      options.published = *d;
    } else if (a == "--dry-run") {
      options.dry_run = true;
    } else if (a == "--on-error") {
      auto v = value("--on-error");
      if (!v || (*v != "abort" && *v != "skip"))
        return Usage("import", "--on-error takes 'abort' or 'skip'");
      options.on_error = *v == "skip" ? OnError::kSkip : OnError::kAbort;
    } else if (a == "--reject-file") {
      auto v = value("--reject-file");
      if (!v) return Usage("import", "--reject-file needs a path");
      options.reject_path = *v;
    } else if (a == "--encoding") {
      auto v = value("--encoding");
      if (!v) return Usage("import", "--encoding needs auto, utf-8 or latin-1");
      if (*v == "auto")
        options.encoding = Encoding::kAuto;
      else if (*v == "utf-8" || *v == "utf8")
        options.encoding = Encoding::kUtf8;
      else if (*v == "latin-1" || *v == "latin1" || *v == "iso-8859-1")
        options.encoding = Encoding::kLatin1;
      else
        return Usage("import", "--encoding takes auto, utf-8 or latin-1");
    } else if (a.rfind("--", 0) == 0) {
      return Usage("import", "unknown option '" + a + "'");
    } else {
      files.push_back(a);
    }
  }
  if (format.empty()) return Usage("import", "name the format with --format");
  if (files.empty()) return Usage("import", "name at least one file");
  auto db = ctx.Db(/*create=*/true);
  if (!db.ok()) return Fail(db.status());
  options.info = &ctx.info();
  options.spill_entities = ctx.options().import_spill;
  options.progress = !ctx.options().quiet && isatty(STDERR_FILENO);
  ImportReport report;
  Status s = RunImport(*db, format, files, options, &report);
  if (!s.ok()) {
    if (!report.reject_path.empty())
      ctx.info() << "Rejected records so far, with reasons: " << report.reject_path << "\n";
    return Fail(s);
  }
  if (!ctx.options().quiet) {
    auto& out = ctx.info();
    char rate[64];
    std::snprintf(rate, sizeof rate, "%.1f s, %.0f records/s", report.seconds,
                  report.seconds > 0 ? report.records / report.seconds : 0.0);
    if (options.dry_run)
      out << "Dry run (" << rate << "): nothing was written. It would have made:\n";
    else if (report.txn)
      out << "Imported in transaction " << report.txn << " (" << rate << "):\n";
    else
      out << "Nothing changed (" << rate << "): the database already holds all of it.\n";
    out << "  records        " << report.records << " read, " << report.imported << " imported, "
        << report.rejected << " rejected\n"
        << "  nodes          " << Counts(report.nodes) << "\n"
        << "  relationships  " << Counts(report.rels) << "\n"
        << "  claims         " << Counts(report.claims) << "\n";
    for (const auto& w : report.warnings)
      out << "  note: " << w << "\n";
  }
  if (report.rejected)
    ctx.info() << "Rejected " << report.rejected << " record(s); they and the reasons are in "
               << report.reject_path << "\n";
  return 0;
}

int RunMerge(CliContext& ctx, const Args& args) {
  if (args.size() != 2) return Usage("merge", "name two entities: KEEP OTHER");
  auto db = ctx.Db();
  if (!db.ok()) return Fail(db.status());
  auto keep = EntityId(*db, args[0]);
  if (!keep.ok()) return Fail(keep.status());
  auto gone = EntityId(*db, args[1]);
  if (!gone.ok()) return Fail(gone.status());
  auto r = MergeNodes(*db, *keep, *gone);
  if (!r.ok()) return Fail(r.status().WithContext("nothing was merged"));
  auto& out = ctx.info();
  out << "Merged '" << *gone << "' into '" << *keep << "' in transaction " << r->txn << ":\n"
      << "  " << r->aliases_added.size() << " name(s) added as aliases, " << r->props_added.size()
      << " propert(ies) and " << r->labels_added.size() << " label(s) added, " << r->rels_moved
      << " relationship(s) and " << r->claims_moved << " claim(s) moved\n";
  for (const auto& c : r->conflicts)
    out << "  differing: " << c << "\n";
  out << "Undo with `actorgraph unmerge " << *keep << "`.\n";
  return 0;
}

int RunUnmerge(CliContext& ctx, const Args& args) {
  if (args.size() != 1) return Usage("unmerge", "name one id (either side of a merge)");
  auto db = ctx.Db();
  if (!db.ok()) return Fail(db.status());
  auto r = Unmerge(*db, args[0]);
  if (!r.ok()) return Fail(r.status().WithContext("nothing was changed"));
  ctx.info() << "Restored '" << r->restored_xid << "' from '" << r->kept_xid
             << "' (undoing transaction " << r->undone << ") in transaction " << r->txn << ": "
             << r->rels_restored << " relationship(s) and " << r->claims_restored
             << " claim(s) moved back\n";
  for (const auto& s : r->skipped)
    ctx.info() << "  left as is: " << s << "\n";
  return 0;
}

}  // namespace actorgraph::cli
