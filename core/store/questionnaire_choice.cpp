#include "store/questionnaire_choice.h"

#include "survey/response_store.h"  // StorageError

#include <algorithm>
#include <system_error>

namespace hailong::core {

ChosenQuestionnaire chooseQuestionnaire(const std::filesystem::path& file, KioskDatabase& db, std::int64_t nowUtcMs) {
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
        if (parsed && !isEarlierBuiltIn(*parsed)) {
            use(std::move(*parsed), "last good");
            return out;
        }
        // An earlier built-in questionnaire gives way to this program's (an upgrade).
        if (!parsed) out.problems.push_back("stored questionnaire unreadable: " + parsed.error().toString());
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

std::vector<QuestionnaireOption> listQuestionnaires(const std::filesystem::path& dir, const KioskDatabase* db) {
    std::vector<QuestionnaireOption> out;
    const Questionnaire builtIn = defaultQuestionnaire();
    out.push_back(QuestionnaireOption{"", builtIn.id, builtIn.version, builtIn.title, std::nullopt});

    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->path().extension() == ".toml" && it->is_regular_file(ec)) files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    for (const std::filesystem::path& file : files) {
        QuestionnaireOption option;
        option.file = file.u8string();
        auto loaded = loadQuestionnaireFile(file);
        if (!loaded) {
            const std::string where = loaded.error().toString();
            option.problem = Text{"Tệp có lỗi, không dùng được: " + where,
                                  "This file has a mistake and cannot be used: " + where};
            out.push_back(std::move(option));
            continue;
        }
        option.id = loaded->id;
        option.version = loaded->version;
        option.title = loaded->title;
        if (db) {
            const auto stored = db->questionnaireSource(loaded->id, loaded->version);
            if (stored && *stored != loaded->source) {
                const std::string v = std::to_string(loaded->version);
                option.problem = Text{"Phiên bản " + v + " của bộ câu hỏi “" + loaded->id +
                                          "” đã được dùng với nội dung khác. Hãy tăng số phiên bản trong tệp.",
                                      "Version " + v + " of questionnaire “" + loaded->id +
                                          "” was used before with other content. Raise the version in the file."};
            }
        }
        out.push_back(std::move(option));
    }
    return out;
}

Expected<Questionnaire, std::string> activateQuestionnaire(const std::string& file, KioskDatabase& db,
                                                           std::int64_t nowUtcMs) {
    Questionnaire q = defaultQuestionnaire();
    if (!file.empty()) {
        auto loaded = loadQuestionnaireFile(std::filesystem::u8path(file));
        if (!loaded) return unexpected("questionnaire refused: " + loaded.error().toString());
        q = std::move(*loaded);
    }
    try {
        db.rememberQuestionnaire(q.id, q.version, q.source, nowUtcMs);
    } catch (const StorageError& e) {
        return unexpected(std::string("questionnaire refused: ") + e.what());
    }
    return q;
}

}  // namespace hailong::core
