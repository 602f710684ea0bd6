#pragma once
// Which questionnaire the kiosk uses at start (SPEC 9): the configured file if it is
// good; else the last good one the kiosk used (kept in its database); else the
// built-in default. A broken file never stops the kiosk; what was wrong is reported.
#include "store/kiosk_database.h"
#include "survey/questionnaire.h"

#include <cstdint>
#include <filesystem>
#include <optional>
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
ChosenQuestionnaire chooseQuestionnaire(const std::filesystem::path& file, KioskDatabase& db, std::int64_t nowUtcMs);

/// One questionnaire the administrator can choose on the settings screen.
struct QuestionnaireOption {
    std::string file;  ///< "" for the built-in questionnaire
    std::string id;    ///< id, version and title: set when the file could be read
    int version = 0;
    Text title;
    /// Why it cannot be chosen (a mistake in the file, with file:line:column, or a version
    /// that was used before with other content); nothing when it can.
    std::optional<Text> problem;
};

/// The built-in questionnaire first, then every *.toml file in dir (by name; none if dir
/// does not exist), each read and checked. With db, a file whose id and version the kiosk
/// already used with different content is marked as a problem (its version must be raised).
std::vector<QuestionnaireOption> listQuestionnaires(const std::filesystem::path& dir, const KioskDatabase* db);

/// Puts the questionnaire of a saved setting in force: file "" is the built-in one. It is
/// remembered as the last good one. Returns the reason (for the log) when the file cannot
/// be read or conflicts with a stored version; the caller then keeps the one it had.
Expected<Questionnaire, std::string> activateQuestionnaire(const std::string& file, KioskDatabase& db,
                                                           std::int64_t nowUtcMs);

}  // namespace hailong::core
