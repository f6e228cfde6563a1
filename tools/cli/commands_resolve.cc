// `resolve`: propose likely duplicates (text or one JSON object a line), and
// `resolve --accept FILE`: merge the pairs of a reviewed file, one merge
// (one transaction, undoable with `unmerge`) per pair.
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "import/resolve.h"
#include "import/resolve_accept.h"
#include "tools/cli/commands.h"

namespace actorgraph::cli {

namespace {

using json = nlohmann::json;

json Side(const std::string& xid, const std::string& name, const std::vector<std::string>& labels) {
  return json{{"id", xid}, {"name", name}, {"labels", labels}};
}

json ToJson(const DuplicateCandidate& c) {
  json ev = json::array();
  for (const auto& e : c.evidence)
    ev.push_back({{"kind", e.kind}, {"detail", e.detail}, {"weight", e.weight}});
  return json{{"a", Side(c.a_xid, c.a_name, c.a_labels)},
              {"b", Side(c.b_xid, c.b_name, c.b_labels)},
              {"score", std::round(c.score * 1000) / 1000},
              {"evidence", ev}};
}

int Accept(CliContext& ctx, const std::string& path) {
  auto pairs = ReadAcceptedPairs(path);
  if (!pairs.ok()) return Fail(pairs.status());
  auto db = ctx.Db();
  if (!db.ok()) return Fail(db.status());
  const AcceptOutcome r = AcceptPairs(*db, *pairs);
  for (const auto& it : r.items) {
    if (it.txn)
      ctx.info() << "Merged '" << it.gone << "' into '" << it.keep << "' in transaction " << it.txn
                 << " (" << it.note << ")\n";
    else
      (r.failed && it.note.find("not merged") != std::string::npos ? std::cerr : ctx.info())
          << path << ":" << it.pair.line << ": '" << it.pair.gone << "' / '" << it.pair.keep
          << "': " << it.note << "\n";
  }
  ctx.info() << r.merged << " pair(s) merged, " << r.already << " already one, " << r.failed
             << " failed. Undo any with `actorgraph unmerge ID`.\n";
  return r.failed ? 1 : 0;  // a file accepted twice is not an error
}

}  // namespace

int RunResolve(CliContext& ctx, const Args& args) {
  ResolveOptions options;
  std::string format = "text", accept;
  bool show_stats = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const bool valued = a == "--min-score" || a == "--limit" || a == "--label" || a == "--format" ||
                        a == "--accept" || a == "--max-block";
    if (valued && i + 1 >= args.size()) return Usage("resolve", a + " needs a value");
    if (a == "--between" && i + 2 >= args.size())
      return Usage("resolve", "--between needs two sources, e.g. --between un-sc ofac");
    try {
      if (a == "--min-score")
        options.min_score = std::stod(args[++i]);
      else if (a == "--limit")
        options.limit = std::stoul(args[++i]);
      else if (a == "--max-block")
        options.max_block = std::stoul(args[++i]);
      else if (a == "--label")
        options.label = args[++i];
      else if (a == "--format")
        format = args[++i];
      else if (a == "--accept")
        accept = args[++i];
      else if (a == "--stats")
        show_stats = true;
      else if (a == "--between") {
        options.source_a = args[++i];
        options.source_b = args[++i];
      } else {
        return Usage("resolve", "unexpected argument '" + a + "'");
      }
    } catch (const std::exception&) {
      return Usage("resolve", a + ": not a number: '" + args[i] + "'");
    }
  }
  if (format != "text" && format != "json")
    return Usage("resolve", "--format is text or json, not '" + format + "'");
  if (!accept.empty()) return Accept(ctx, accept);
  auto db = ctx.Db();
  if (!db.ok()) return Fail(db.status());
  if (!options.label.empty() && !(*db)->ontology().HasLabel(options.label))
    return Fail(Status::InvalidArgument("unknown label '" + options.label + "'"));
  auto view = (*db)->Read();
  ResolveStats stats;
  auto found = FindDuplicates(*view, (*db)->ontology(), options, &stats);
  if (!found.ok()) return Fail(found.status());
  if (show_stats) {
    std::fprintf(stderr,
                 "resolve: %zu entities, %zu blocks used (%zu too common), %zu candidate pairs, "
                 "%zu proposed; load %.2f s, blocking %.2f s, scoring %.2f s\n",
                 stats.entities, stats.blocks_used, stats.blocks_too_common, stats.candidate_pairs,
                 stats.proposed, stats.load_seconds, stats.block_seconds, stats.score_seconds);
  }
  if (format == "json") {
    for (const auto& c : *found)
      std::cout << ToJson(c).dump() << "\n";
    return 0;
  }
  if (found->empty()) {
    ctx.info() << "No likely duplicates at or above score " << options.min_score << ".\n";
    return 0;
  }
  for (const auto& c : *found) {
    std::cout << std::fixed << std::setprecision(2) << c.score << "  " << c.a_name << " ("
              << c.a_xid << ")  ~  " << c.b_name << " (" << c.b_xid << ")\n";
    for (const auto& e : c.evidence)
      std::cout << "        " << (e.weight >= 0 ? "+" : "-") << std::setprecision(2)
                << std::abs(e.weight) << " " << e.kind << ": " << e.detail << "\n";
  }
  ctx.info() << found->size()
             << " candidate pair(s). Merge one with `actorgraph merge KEEP OTHER`, or review "
                "`--format json` output and merge the kept lines with `--accept FILE`.\n";
  return 0;
}

}  // namespace actorgraph::cli
