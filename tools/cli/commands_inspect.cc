// Commands that look at one entity: show and history.
#include "engine/entity_lookup.h"
#include "engine/read_view.h"
#include "tools/cli/commands.h"
#include "tools/cli/entity_card.h"
#include "tools/cli/entity_history.h"

namespace actorgraph::cli {

namespace {

struct EntityArgs {
  std::string entity;
  TxnId txn = kLatestTxn;
};

// Parses "ID|NAME [--txn N]"; several words are joined into one name.
std::optional<EntityArgs> ParseEntityArgs(const std::string& cmd, const Args& args, int* code) {
  EntityArgs out;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--txn") {
      const std::string n = i + 1 < args.size() ? args[++i] : "";
      if (n.empty() || n.find_first_not_of("0123456789") != std::string::npos || n.size() > 18) {
        *code = Usage(cmd, "--txn takes a transaction number");
        return std::nullopt;
      }
      out.txn = std::stoull(n);
    } else if (args[i].rfind("--", 0) == 0) {
      *code = Usage(cmd, "unknown option '" + args[i] + "'");
      return std::nullopt;
    } else {
      out.entity += (out.entity.empty() ? "" : " ") + args[i];
    }
  }
  if (out.entity.empty()) {
    *code = Usage(cmd, "name an entity by id or name");
    return std::nullopt;
  }
  return out;
}

int WithEntity(CliContext& ctx, const std::string& cmd, const Args& args,
               Status (*render)(const ReadView&, NodeId, std::ostream&)) {
  int code = 0;
  auto parsed = ParseEntityArgs(cmd, args, &code);
  if (!parsed) return code;
  auto db = ctx.Db();
  if (!db.ok()) return Fail(db.status());
  auto view = (*db)->Read(parsed->txn);
  auto found = LookupEntity(*view, parsed->entity);
  if (!found.ok()) return Fail(found.status());
  if (found->matches.size() != 1) {
    std::cerr << "actorgraph " << cmd << ": "
              << DescribeLookupFailure(*view, parsed->entity, *found) << '\n';
    return found->matches.empty() ? 3 : 5;
  }
  Status s = render(*view, found->matches[0].node, std::cout);
  return s.ok() ? 0 : Fail(s);
}

}  // namespace

int RunShow(CliContext& ctx, const Args& args) {
  return WithEntity(ctx, "show", args, &RenderEntityCard);
}

int RunHistory(CliContext& ctx, const Args& args) {
  return WithEntity(ctx, "history", args, &RenderEntityHistory);
}

}  // namespace actorgraph::cli
