// Registration of each family of analytics procedures (procedures_algo.cc,
// procedures_shell.cc); RegisterAnalyticsProcedures calls both.
#pragma once

#include "query/procedure.h"

namespace actorgraph::analytics {

void RegisterAlgoProcedures(query::ProcedureRegistry& registry);
void RegisterShellProcedures(query::ProcedureRegistry& registry);

}  // namespace actorgraph::analytics
