// What an open-schema database holds: each label, relationship type and
// property in use, with the value types seen. Properties are typed on first
// use in the sense that the listing records the type of each value written;
// as in Neo4j, a property may hold values of different types, shown as
// int|string. Computed by scanning the latest state (it is for `:schema`).
#pragma once

#include <string>

#include "common/status.h"

namespace actorgraph {

class ReadView;

// Lines such as
//   :City (2 nodes)  {name: string, pop: int|string}
//   (no label) (1 node)
//   [:ROAD] (1 relationship)  {km: float}
Result<std::string> DescribeSchemaInUse(const ReadView& view);

}  // namespace actorgraph
