#include "tools/cli/entity_history.h"

#include "engine/entity_history_data.h"

namespace actorgraph::cli {

namespace {

std::string NodeName(const ReadView& view, NodeId id) {
  Node n;
  if (view.GetNode(id, &n).ok()) return n.name + " (" + n.xid + ")";
  return "#" + std::to_string(id);
}

}  // namespace

Status RenderEntityHistory(const ReadView& view, NodeId id, std::ostream& out) {
  AG_ASSIGN_OR_RETURN(EntityHistoryData events, GatherEntityHistory(view, id));
  Node n;
  const std::string title =
      view.GetNode(id, &n).ok() ? n.name + " [" + n.xid + "]" : NodeName(view, id);
  out << "History of " << title << '\n';
  for (const auto& [txn, lines] : events) {
    auto info = view.Txn(txn);
    out << "\ntransaction " << txn;
    if (info) out << "  " << info->ToTimestamp() << "  " << info->description;
    out << '\n';
    size_t shown = 0;
    for (const auto& l : lines) {
      if (++shown > 40) {
        out << "  … and " << (lines.size() - 40) << " more\n";
        break;
      }
      out << "  " << l << '\n';
    }
  }
  return Status::OK();
}

}  // namespace actorgraph::cli
