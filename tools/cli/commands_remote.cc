// query, shell, stats and import over `--connect ADDRESS --token TOKEN`,
// through the client library (actorgraph/client.h). Output is what the local
// commands print: results go through tools/cli/result_format.h.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "actorgraph/client.h"
#include "engine/value_json.h"
#include "query/query_engine.h"
#include "tools/cli/commands.h"
#include "tools/cli/query_flags.h"
#include "tools/cli/result_format.h"
#include "tools/cli/shell_loop.h"

namespace actorgraph::cli {

namespace {

// What the server sent about the nodes and relationships of a batch.
class RemoteLookup final : public EntityLookup {
 public:
  void Set(const client::Entities* e) { e_ = e; }
  bool GetNode(NodeId id, Node* out) const override {
    if (!e_) return false;
    if (const Node* n = e_->FindNode(id)) {
      *out = *n;
      return true;
    }
    const std::string xid = e_->Xid(id);
    if (xid.empty() || xid[0] == '#') return false;
    *out = Node();  // a relationship end: only its external id is known
    out->id = id;
    out->xid = xid;
    return true;
  }
  bool GetRel(RelId id, Relationship* out) const override {
    const Relationship* r = e_ ? e_->FindRel(id) : nullptr;
    if (r) *out = *r;
    return r != nullptr;
  }

 private:
  const client::Entities* e_ = nullptr;
};

class CursorRows final : public RowSource {
 public:
  explicit CursorRows(client::RemoteCursor& c) : c_(c) { lookup_.Set(&c.entities()); }
  const std::vector<std::string>& columns() const override { return c_.columns(); }
  Result<bool> Next(size_t max, std::vector<std::vector<Value>>* rows) override {
    return c_.Next(max, rows);
  }
  const EntityLookup& lookup() const override { return lookup_; }

 private:
  client::RemoteCursor& c_;
  RemoteLookup lookup_;
};

class WrittenRows final : public RowSource {
 public:
  explicit WrittenRows(client::WriteOutcome& w) : w_(w) { lookup_.Set(&w.entities); }
  const std::vector<std::string>& columns() const override { return w_.columns; }
  Result<bool> Next(size_t max, std::vector<std::vector<Value>>* rows) override {
    for (; next_ < w_.rows.size() && max > 0; ++next_, --max)
      rows->push_back(w_.rows[next_]);
    return next_ < w_.rows.size();
  }
  const EntityLookup& lookup() const override { return lookup_; }

 private:
  client::WriteOutcome& w_;
  size_t next_ = 0;
  RemoteLookup lookup_;
};

bool IsReadOnlyRefusal(const Status& s) {
  return s.message().find("may only read") != std::string::npos;
}

// Runs one statement on the server and prints it as RunAndPrint does locally.
// Reads go through a cursor; a writer's writing statements through Write.
Status RemoteRunAndPrint(client::Client& c, const std::string& text, const QueryFlags& f,
                         std::ostream& info) {
  const auto start = std::chrono::steady_clock::now();
  RunReport report;
  auto cursor = c.Query(text, f.run);
  if (!cursor.ok() && c.can_write() && IsReadOnlyRefusal(cursor.status())) {
    AG_ASSIGN_OR_RETURN(client::WriteOutcome w, c.Write(text, f.run));
    WrittenRows source(w);
    AG_ASSIGN_OR_RETURN(report.rows, WriteResult(source, f.format, std::cout));
    report.summary = w.summary;
    report.columns = w.columns;
  } else {
    if (!cursor.ok()) return cursor.status();
    CursorRows source(**cursor);
    AG_ASSIGN_OR_RETURN(report.rows, WriteResult(source, f.format, std::cout));
    report.columns = (*cursor)->columns();
    report.notices = (*cursor)->notices();
    if (WantsProfile(text))
      if (auto p = (*cursor)->Plan(); p.ok()) report.plan = *p;
  }
  std::cout.flush();
  report.ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  PrintRunReport(report, WantsProfile(text), f.stats, f.format, info);
  return Status::OK();
}

int RemoteQueryFail(const Status& s) {
  const query::QueryError e = query::ToQueryError(s);
  std::cerr << "actorgraph: " << e.message << '\n';
  return e.kind == query::ErrorKind::kSyntax || e.kind == query::ErrorKind::kSemantic ? 4
         : e.kind == query::ErrorKind::kLimit                                         ? 6
                                                                                      : 1;
}

Result<std::unique_ptr<client::Client>> ConnectFromOptions(const CliContext& ctx) {
  client::ConnectOptions o;
  o.address = ctx.options().connect;
  o.token = ctx.options().token;
  if (o.token.empty())
    if (const char* t = std::getenv("ACTORGRAPH_TOKEN")) o.token = t;
  o.tls_trust = ctx.options().tls_trust;
  return client::Client::Connect(o);
}

int RemoteQuery(CliContext& ctx, const Args& args) {
  QueryFlags f;
  if (auto code = ParseQueryFlags("query", args, &f, true)) return *code;
  if (f.run.memory_limit)
    return Usage("query",
                 "--memory limits local queries; a server applies its own (serve --query-memory)");
  auto c = ConnectFromOptions(ctx);
  if (!c.ok()) return Fail(c.status());
  Status s = RemoteRunAndPrint(**c, f.text, f, ctx.info());
  return s.ok() ? 0 : RemoteQueryFail(s);
}

int RemoteShell(CliContext& ctx, const Args& args) {
  QueryFlags f;
  if (auto code = ParseQueryFlags("shell", args, &f, false)) return *code;
  if (f.run.memory_limit)
    return Usage("shell",
                 "--memory limits local queries; a server applies its own (serve --query-memory)");
  auto connected = ConnectFromOptions(ctx);
  if (!connected.ok()) return Fail(connected.status());
  client::Client& c = **connected;
  ShellHooks hooks;
  hooks.banner = "actorgraph shell on " + ctx.options().connect + " (" + c.role() +
                 ") — :help for help, :quit to leave\n";
  hooks.help =
      "Type a query and end it with ';'. Commands: :help, :procedures, "
      ":format table|csv|json, :valid-at DATE|off, :quit.\n"
      "(:schema is not available over --connect.)\n";
  hooks.completions = ShellKeywords();
  if (auto st = c.Stats(); st.ok()) {
    for (const auto& [l, n] : st->stats.nodes_per_label)
      hooks.completions.push_back(l);
    for (const auto& [t, n] : st->stats.rels_per_type)
      hooks.completions.push_back(t);
  }
  hooks.run = [&](const std::string& text, const QueryFlags& flags) {
    Status s = RemoteRunAndPrint(c, text, flags, ctx.info());
    if (!s.ok()) std::cerr << query::ToQueryError(s).message << '\n';
  };
  return RunShellLoop(f, hooks, ctx.info());
}

int RemoteStats(CliContext& ctx, const Args& args) {
  if (!args.empty()) return Usage("stats", "unexpected argument '" + args[0] + "'");
  auto c = ConnectFromOptions(ctx);
  if (!c.ok()) return Fail(c.status());
  auto r = (*c)->Stats();
  if (!r.ok()) return Fail(r.status());
  const DatabaseStats& st = r->stats;
  std::cout << "database       " << r->database << "\n"
            << "nodes          " << st.nodes << "\n"
            << "relationships  " << st.relationships << "\n"
            << "claims         " << st.claims << "\n"
            << "transactions   " << st.last_txn << "\n"
            << "size on disk   " << st.disk_bytes / 1024 << " KiB\n";
  std::cout << "\nnodes per label\n";
  for (const auto& [l, n] : st.nodes_per_label)
    std::cout << "  " << l << "  " << n << "\n";
  std::cout << "\nrelationships per type\n";
  for (const auto& [t, n] : st.rels_per_type)
    std::cout << "  " << t << "  " << n << "\n";
  return 0;
}

std::string CountsText(const WriteCounts& c) {
  return std::to_string(c.created) + " created, " + std::to_string(c.updated) + " updated, " +
         std::to_string(c.unchanged) + " unchanged";
}

int RemoteImport(CliContext& ctx, const Args& args) {
  client::ImportRequest req;
  std::string reject_path;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> const std::string* { return i + 1 < args.size() ? &args[++i] : nullptr; };
    if (a == "--format" || a == "-f") {
      auto v = value();
      if (!v) return Usage("import", "--format needs a format");
      req.format = *v;
    } else if (a == "--source-grade" || a == "--grade") {
      auto v = value();
      if (!v) return Usage("import", "--source-grade needs a code such as B2");
      req.options["sourceGrade"] = *v;
    } else if (a == "--dry-run") {
      req.options["dryRun"] = "true";
    } else if (a == "--published") {
      auto v = value();
      if (!v) return Usage("import", "--published needs the list version's date, e.g. 2022-09-29");
      req.options["published"] = *v;
    } else if (a == "--on-error") {
      auto v = value();
      if (!v || (*v != "abort" && *v != "skip"))
        return Usage("import", "--on-error takes 'abort' or 'skip'");
      req.options["onError"] = *v;
    } else if (a == "--reject-file") {
      auto v = value();
      if (!v) return Usage("import", "--reject-file needs a path");
      reject_path = *v;
    } else if (a == "--encoding") {
      auto v = value();
      if (!v) return Usage("import", "--encoding needs auto, utf-8 or latin-1");
      if (*v == "auto")
        req.options["encoding"] = "auto";
      else if (*v == "utf-8" || *v == "utf8")
        req.options["encoding"] = "utf-8";
      else if (*v == "latin-1" || *v == "latin1" || *v == "iso-8859-1")
        req.options["encoding"] = "latin-1";
      else
        return Usage("import", "--encoding takes auto, utf-8 or latin-1");
    } else if (a.rfind("--", 0) == 0) {
      return Usage("import", "unknown option '" + a + "'");
    } else {
      req.files.push_back(a);
    }
  }
  if (req.format.empty()) return Usage("import", "name the format with --format");
  if (req.files.empty()) return Usage("import", "name at least one file");
  if (reject_path.empty()) reject_path = req.files[0] + ".rejects.jsonl";
  auto c = ConnectFromOptions(ctx);
  if (!c.ok()) return Fail(c.status());
  client::ImportSummary partial;
  auto r = (*c)->Import(req, &partial);
  auto save_rejects = [&](const client::ImportSummary& s) {
    if (s.rejects.empty()) return;
    std::ofstream out(reject_path, std::ios::binary);
    out << s.rejects;
  };
  if (!r.ok()) {
    if (!partial.rejects.empty()) {
      save_rejects(partial);
      ctx.info() << "Rejected records so far, with reasons: " << reject_path << "\n";
    }
    return Fail(r.status());
  }
  save_rejects(*r);
  if (!ctx.options().quiet) {
    auto& out = ctx.info();
    char rate[64];
    std::snprintf(rate, sizeof rate, "%.1f s, %.0f records/s", r->seconds,
                  r->seconds > 0 ? r->records / r->seconds : 0.0);
    if (req.options.count("dryRun"))
      out << "Dry run (" << rate << "): nothing was written. It would have made:\n";
    else if (r->txn)
      out << "Imported in transaction " << r->txn << " (" << rate << "):\n";
    else
      out << "Nothing changed (" << rate << "): the database already holds all of it.\n";
    out << "  records        " << r->records << " read, " << r->imported << " imported, "
        << r->rejected << " rejected\n"
        << "  nodes          " << CountsText(r->nodes) << "\n"
        << "  relationships  " << CountsText(r->rels) << "\n"
        << "  claims         " << CountsText(r->claims) << "\n";
    for (const auto& w : r->warnings)
      out << "  note: " << w << "\n";
  }
  if (r->rejected)
    ctx.info() << "Rejected " << r->rejected << " record(s); they and the reasons are in "
               << reject_path << "\n";
  return 0;
}

}  // namespace

int RunRemote(const Command& command, CliContext& ctx, const Args& args) {
  const std::string name = command.name;
  if (name == "query") return RemoteQuery(ctx, args);
  if (name == "shell") return RemoteShell(ctx, args);
  if (name == "stats") return RemoteStats(ctx, args);
  if (name == "import") return RemoteImport(ctx, args);
  std::cerr << "actorgraph: `" << name
            << "` works on a local database only; with --connect use query, shell, stats or "
               "import\n";
  return 2;
}

}  // namespace actorgraph::cli
