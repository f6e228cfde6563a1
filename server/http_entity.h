// The HTTP API's documents about the database rather than a query: the
// entity card (GET /api/entity/ID), an entity's history (GET
// /api/history/ID) and the schema with actor styles (GET /api/schema). The
// data comes from the same gathering functions as the CLI's cards
// (engine/entity_card_data.h, engine/entity_history_data.h).
//
// Thread-safety: pure functions of the view; call on a worker.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/database.h"
#include "engine/read_view.h"

namespace actorgraph::server {

// `id` is an external id (or a name or alias naming one entity). NotFound
// when nothing matches, InvalidArgument when several do.
Result<nlohmann::json> EntityCardJson(const Database& db, const ReadView& view,
                                      std::string_view id);
Result<nlohmann::json> EntityHistoryJson(const ReadView& view, std::string_view id);
nlohmann::json SchemaJson(const Database& db);

}  // namespace actorgraph::server
