// Why the scenarios the engine still fails fail: the runner sees a symptom
// ("wrong side effects"); this table names the engine limitation behind it,
// so the pass-rate table lists a real cause for every failure. A failing
// scenario not listed here keeps its symptom as its cause (a new failure
// shows up as such); a listed scenario that passes is simply not counted.
#pragma once

#include <string>

namespace actorgraph::tck {

// The known cause for the scenario `name` ("[7] Merge should ...") of the
// feature file `feature` ("clauses/merge/Merge1.feature"), or "" if none.
std::string KnownCause(const std::string& feature, const std::string& name);

}  // namespace actorgraph::tck
