#include "analytics/procedures.h"

#include "analytics/procedures_internal.h"

namespace actorgraph::analytics {

void RegisterAnalyticsProcedures(query::ProcedureRegistry& registry) {
  RegisterAlgoProcedures(registry);
  RegisterShellProcedures(registry);
}

}  // namespace actorgraph::analytics
