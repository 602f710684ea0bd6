#pragma once
// Which questionnaire the kiosk uses at start (SPEC 9): the configured file if it is
// good; else the last good one the kiosk used (kept in its database); else the
// built-in default. A broken file never stops the kiosk; what was wrong is reported.
#include "questionnaire.h"
#include "storage/kiosk_database.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace hailong::core {

struct ChosenQuestionnaire {
    Questionnaire questionnaire;
    std::string origin;                 ///< "file", "last good", or "built-in"
    std::vector<std::string> problems;  ///< why better choices were refused (for the log)
};

/// file may be empty (none configured). The questionnaire chosen is remembered in db
/// as the last good one. Throws StorageError only if the database cannot be written.
ChosenQuestionnaire chooseQuestionnaire(const std::filesystem::path& file, KioskDatabase& db,
                                        std::int64_t nowUtcMs);

} // namespace hailong::core
