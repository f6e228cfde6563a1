// Commands that manage a database: init, load, export, stats.
#include <filesystem>
#include <fstream>

#include "engine/database.h"
#include "engine/read_view.h"
#include "import/ftm_exporter.h"
#include "import/native_exporter.h"
#include "tools/cli/commands.h"

namespace actorgraph::cli {

int Fail(const Status& s) {
  std::cerr << "actorgraph: " << s.ToString() << '\n';
  switch (s.code()) {
    case Status::Code::kNotFound: return 3;
    case Status::Code::kInvalidArgument:
    case Status::Code::kOntology: return 4;
    default: return 1;
  }
}

int Usage(const std::string& command, const std::string& message) {
  std::cerr << "actorgraph " << command << ": " << message << "\n(see `actorgraph " << command
            << " --help`)\n";
  return 2;
}

int RunInit(CliContext& ctx, const Args& args) {
  std::string ontology_file;
  bool with_sahel = ctx.UsingDefault();
  bool open_schema = false;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--ontology" && i + 1 < args.size())
      ontology_file = args[++i];
    else if (args[i] == "--sahel")
      with_sahel = true;
    else if (args[i] == "--empty")
      with_sahel = false;
    else if (args[i] == "--open-schema")
      open_schema = true;
    else
      return Usage("init", "unexpected argument '" + args[i] + "'");
  }
  const std::string dir = ctx.DbDir();
  if (std::filesystem::exists(std::filesystem::path(dir) / "CURRENT"))
    return Fail(Status::Conflict("a database already exists at '" + dir + "'"));
  if (open_schema && with_sahel)
    return Usage("init",
                 "--open-schema makes an empty database: add --empty (the Sahel dataset "
                 "needs its ontology)");
  OpenOptions options = ctx.options().open;
  options.open_schema = open_schema;
  if (!ontology_file.empty()) {
    std::ifstream in(ontology_file);
    if (!in) return Fail(Status::IOError("cannot read " + ontology_file));
    options.ontology_text.assign(std::istreambuf_iterator<char>(in), {});
    auto parsed = Ontology::Parse(options.ontology_text, ontology_file);
    if (!parsed.ok()) return Fail(parsed.status());
  }
  auto db = Database::Open(dir, options);
  if (!db.ok()) return Fail(db.status());
  if (with_sahel) {
    Status s = LoadNativeFiles(db->get(), {}, BundledSahelDataset(), ctx.info(),
                               ctx.options().quiet, ctx.options().import_spill);
    if (!s.ok()) return Fail(s);
  }
  if (!ctx.options().quiet)
    ctx.info() << "Created a database at " << dir << (with_sahel ? " with the Sahel dataset" : "")
               << (open_schema ? " with an open schema" : "") << "\n";
  return 0;
}

int RunLoad(CliContext& ctx, const Args& args) {
  if (args.empty()) return Usage("load", "name at least one file");
  for (const auto& a : args)
    if (a.rfind("--", 0) == 0) return Usage("load", "unknown option '" + a + "'");
  auto db = ctx.Db(/*create=*/true);
  if (!db.ok()) return Fail(db.status());
  Status s =
      LoadNativeFiles(*db, args, "", ctx.info(), ctx.options().quiet, ctx.options().import_spill);
  return s.ok() ? 0 : Fail(s);
}

int RunExport(CliContext& ctx, const Args& args) {
  std::string out_path;
  bool ftm = false;
  for (size_t i = 0; i < args.size(); ++i) {
    if ((args[i] == "-o" || args[i] == "--output") && i + 1 < args.size())
      out_path = args[++i];
    else if (args[i] == "--format" && i + 1 < args.size()) {
      ++i;
      if (args[i] != "jsonl" && args[i] != "ftm")
        return Usage("export", "unknown format '" + args[i] + "' (jsonl or ftm)");
      ftm = args[i] == "ftm";
    } else
      return Usage("export", "unexpected argument '" + args[i] + "'");
  }
  auto db = ctx.Db();
  if (!db.ok()) return Fail(db.status());
  auto view = (*db)->Read();
  if (out_path.empty()) {
    Status s = ftm ? ExportFtm(*view, (*db)->ontology(), std::cout)
                   : ExportNative(*view, (*db)->ontology(), std::cout);
    return s.ok() ? 0 : Fail(s);
  }
  // Write to a temporary file and rename, so a failed export leaves nothing half-written.
  const std::string tmp = out_path + ".partial";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Fail(Status::IOError("cannot write " + tmp));
    Status s = ftm ? ExportFtm(*view, (*db)->ontology(), out)
                   : ExportNative(*view, (*db)->ontology(), out);
    out.close();
    if (!s.ok() || !out) {
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      return Fail(s.ok() ? Status::IOError("writing " + out_path) : s);
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, out_path, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    return Fail(Status::IOError("cannot write " + out_path + ": " + ec.message()));
  }
  if (!ctx.options().quiet) ctx.info() << "Exported to " << out_path << "\n";
  return 0;
}

int RunStats(CliContext& ctx, const Args& args) {
  if (!args.empty()) return Usage("stats", "unexpected argument '" + args[0] + "'");
  auto db = ctx.Db();
  if (!db.ok()) return Fail(db.status());
  auto st = (*db)->Stats();
  if (!st.ok()) return Fail(st.status());
  std::cout << "database       " << (*db)->dir() << "\n"
            << "nodes          " << st->nodes << "\n"
            << "relationships  " << st->relationships << "\n"
            << "claims         " << st->claims << "\n"
            << "transactions   " << st->last_txn << "\n"
            << "size on disk   " << st->disk_bytes / 1024 << " KiB\n";
  std::cout << "\nnodes per label\n";
  for (const auto& [l, c] : st->nodes_per_label) std::cout << "  " << l << "  " << c << "\n";
  std::cout << "\nrelationships per type\n";
  for (const auto& [t, c] : st->rels_per_type) std::cout << "  " << t << "  " << c << "\n";
  return 0;
}

}  // namespace actorgraph::cli
