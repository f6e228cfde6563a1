// EntityHistoryData: what changed for one entity, transaction by transaction
// (its versions with the fields that changed, relationships added and
// removed, claims recorded), gathered once for the terminal
// (tools/cli/entity_history.cc) and the HTTP API (server/http_entity.cc).
//
// Thread-safety: pure functions of the view.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "engine/read_view.h"

namespace actorgraph {

// Short lines ("changed name: A → B", "+ relationship …") per transaction.
using EntityHistoryData = std::map<TxnId, std::vector<std::string>>;

Result<EntityHistoryData> GatherEntityHistory(const ReadView& view, NodeId id);

}  // namespace actorgraph
