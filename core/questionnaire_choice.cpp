#include "questionnaire_choice.h"

#include "response_store.h"  // StorageError

namespace hailong::core {

ChosenQuestionnaire chooseQuestionnaire(const std::filesystem::path& file, KioskDatabase& db,
                                        std::int64_t nowUtcMs) {
    ChosenQuestionnaire out;
    auto use = [&](Questionnaire q, const char* origin) {
        db.rememberQuestionnaire(q.id, q.version, q.source, nowUtcMs);
        out.questionnaire = std::move(q);
        out.origin = origin;
    };
    if (!file.empty()) {
        auto loaded = loadQuestionnaireFile(file);
        if (!loaded) {
            out.problems.push_back("questionnaire refused: " + loaded.error().toString());
        } else {
            try {
                use(std::move(*loaded), "file");
                return out;
            } catch (const StorageError& e) {  // same id and version, different content
                out.problems.push_back("questionnaire " + file.string() + " refused: " + e.what());
            }
        }
    }
    if (auto last = db.lastGoodQuestionnaire()) {
        auto parsed = parseQuestionnaire(*last, "(last good questionnaire in the database)");
        if (parsed) {
            use(std::move(*parsed), "last good");
            return out;
        }
        out.problems.push_back("stored questionnaire unreadable: " + parsed.error().toString());
    }
    // The built-in questionnaire is always usable, even if it cannot be remembered (say,
    // it changed in an upgrade without a new version): the kiosk must start.
    Questionnaire builtIn = defaultQuestionnaire();
    try {
        use(builtIn, "built-in");
    } catch (const StorageError& e) {
        out.problems.push_back(std::string("built-in questionnaire not recorded: ") + e.what());
        out.questionnaire = std::move(builtIn);
        out.origin = "built-in";
    }
    return out;
}

} // namespace hailong::core
