// Writes query results for people (aligned tables) and programs (CSV, JSON
// lines). Node and relationship values are described from the result's
// snapshot: nodes by name and id, relationships by type, ends and interval.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/read_view.h"
#include "query/query_engine.h"

namespace actorgraph::cli {

enum class OutputFormat { kTable, kCsv, kJson };
Result<OutputFormat> ParseOutputFormat(const std::string& s);

// Describes node and relationship values: from a snapshot, or from what a
// server sent with the rows (actorgraph --connect).
class EntityLookup {
 public:
  virtual ~EntityLookup() = default;
  virtual bool GetNode(NodeId id, Node* out) const = 0;
  virtual bool GetRel(RelId id, Relationship* out) const = 0;
};

// Rows to print: a local cursor or a remote one. lookup() describes the rows
// of the latest Next.
class RowSource {
 public:
  virtual ~RowSource() = default;
  virtual const std::vector<std::string>& columns() const = 0;
  virtual Result<bool> Next(size_t max, std::vector<std::vector<Value>>* rows) = 0;
  virtual const EntityLookup& lookup() const = 0;
};

// Text for a table or CSV cell.
std::string CellText(const ReadView& view, const Value& v);
std::string CellText(const EntityLookup& lookup, const Value& v);
// Typed JSON: dates as ISO strings, nodes and relationships as objects.
nlohmann::json ValueJson(const ReadView& view, const Value& v);
nlohmann::json ValueJson(const EntityLookup& lookup, const Value& v);

// What is said on stderr after a statement's rows, locally or over
// --connect alike.
struct RunReport {
  uint64_t rows = 0;
  double ms = 0;
  std::vector<std::string> columns;
  std::string plan;     // with rows and time per step, for PROFILE
  std::string summary;  // what a write did
  std::string notices;  // how the filters shaped the result
};
// True when the statement asks for its profile.
bool WantsProfile(const std::string& text);
// The profile (for PROFILE), the row count and time (table format), what a
// write did and the notices (every format: stdout holds rows only).
void PrintRunReport(const RunReport& r, bool profile, bool stats, OutputFormat format,
                    std::ostream& info);

// Drains the cursor into `out`. Returns the number of rows written.
Result<uint64_t> WriteResult(query::ResultCursor& cursor, OutputFormat format, std::ostream& out);
Result<uint64_t> WriteResult(RowSource& rows, OutputFormat format, std::ostream& out);

}  // namespace actorgraph::cli
