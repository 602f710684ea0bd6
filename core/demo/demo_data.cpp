#include "demo/demo_data.h"

#include "demo_play.h"

#include <system_error>

namespace hailong::core {

namespace fs = std::filesystem;

DemoSummary makeDemoData(const fs::path& folder, DemoScenario scenario, const std::function<void(int, int)>& progress) {
    for (const fs::path& p : {folder / "batches", folder / "keys", folder / "kiosks"}) fs::create_directories(p);
    DemoSummary summary = scenario == DemoScenario::Map2026 ? demo::makeMap2026(folder, progress)
                                                            : demo::makeSeed2019(folder, progress);
    std::error_code ignored;
    fs::remove_all(folder / "kiosks", ignored);
    return summary;
}

}  // namespace hailong::core
