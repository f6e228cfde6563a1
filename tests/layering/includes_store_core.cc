// Must not compile: a target above the engine (here one linking ag_query)
// sees the engine's public headers only. ctest engine_sealed builds this
// file and expects the compiler to miss engine/store_core.h; the public
// header before it must be found, or the error would name it instead.
#include "engine/database.h"
#include "engine/store_core.h"
