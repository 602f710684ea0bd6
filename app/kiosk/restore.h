#pragma once
// hailong-kiosk --restore FILE: a copy of a kiosk's database brought back on a replacement PC.
#include "options.h"

namespace hailong::app {

/// Restores o.restore into o.dataDir (which must hold no database yet), prints what came back
/// and what to do next, in Vietnamese and English. Returns the exit code.
int runRestore(const Options& o);

}  // namespace hailong::app
