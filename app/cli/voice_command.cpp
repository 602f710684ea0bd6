// hailong voice: what a unit needs to record its own voice pack (README, "Speech"): the prompts
// with their texts in both languages, to read aloud, and a check of a pack's folder.
#include "commands.h"
#include "speech/prompts.h"
#include "speech/voice_pack.h"
#include "survey/questionnaire.h"

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

namespace hailong::cli {

namespace {

struct VoiceArgs {
    std::string questionnaire;
    std::string dir;
};

struct Prompt {
    std::string id;
    core::Text text;
};

// The fixed prompts, then (with a questionnaire) its own texts: q.<question>, q.<question>.<option>.
std::vector<Prompt> promptsToRecord(const std::string& questionnaireFile) {
    std::vector<Prompt> out;
    for (const std::string& id : core::fixedPromptIds())
        out.push_back(
            {id, {core::fixedPromptText(id, core::Language::Vi), core::fixedPromptText(id, core::Language::En)}});
    if (questionnaireFile.empty()) return out;
    auto q = core::loadQuestionnaireFile(questionnaireFile);
    if (!q) throw std::runtime_error(q.error().toString());
    for (const core::Question& question : q->questions) {
        out.push_back({"q." + question.id, question.text});
        for (const core::Option& o : question.options) out.push_back({"q." + question.id + "." + o.id, o.text});
    }
    return out;
}

int runPrompts(const VoiceArgs& a) {
    try {
        std::cout << "id\tvi\ten\n";
        for (const Prompt& p : promptsToRecord(a.questionnaire))
            std::cout << p.id << '\t' << p.text.vi << '\t' << p.text.en << '\n';
    } catch (const std::exception& e) {
        std::cerr << "hailong voice prompts: " << e.what() << "\n";
        return ExitFailed;
    }
    return std::cout.flush() ? ExitOk : ExitFailed;
}

int runCheck(const VoiceArgs& a) {
    try {
        core::VoicePack pack(a.dir);
        int unreadable = 0;
        for (const core::Language lang : {core::Language::Vi, core::Language::En}) {
            int recorded = 0, total = 0;
            std::vector<std::string> missing;
            for (const Prompt& p : promptsToRecord(a.questionnaire)) {
                ++total;
                std::string problem;
                const auto pcm = pack.load(p.id, lang, &problem);
                if (pcm) {
                    ++recorded;
                    continue;
                }
                if (!problem.empty()) {
                    ++unreadable;
                    std::cout << "unreadable: " << problem << "\n";
                } else {
                    missing.push_back(p.id);
                }
            }
            std::cout << core::languageCode(lang) << ": " << recorded << " of " << total << " prompts recorded";
            if (!missing.empty()) {
                std::cout << "; spoken by espeak-ng:";
                for (const std::string& id : missing) std::cout << ' ' << id;
            }
            std::cout << "\n";
        }
        return unreadable == 0 ? ExitOk : ExitFailed;
    } catch (const std::exception& e) {
        std::cerr << "hailong voice check: " << e.what() << "\n";
        return ExitFailed;
    }
}

}  // namespace

void addVoiceCommand(CLI::App& app, int& exitCode) {
    auto args = std::make_shared<VoiceArgs>();
    CLI::App* voice = app.add_subcommand(
        "voice", "A unit's own voice for the kiosk (its voice pack): the prompts to record, and a check of the "
                 "recordings. Without a pack the kiosk speaks with espeak-ng.");
    voice->require_subcommand(1);
    CLI::App* prompts = voice->add_subcommand(
        "prompts", "Print every prompt the kiosk speaks, as id<TAB>Vietnamese<TAB>English: record each as "
                   "DATA_DIR/voice/vi/<id>.wav and DATA_DIR/voice/en/<id>.wav (or .flac, .ogg, .mp3)");
    prompts->add_option("--questionnaire", args->questionnaire, "Also the texts of this questionnaire file")
        ->check(CLI::ExistingFile);
    prompts->callback([args, &exitCode] { exitCode = runPrompts(*args); });
    CLI::App* check = voice->add_subcommand(
        "check", "Say which prompts a voice pack folder has recordings of, which are missing (espeak-ng speaks "
                 "them) and which files cannot be read");
    check->add_option("dir", args->dir, "The pack's folder (the kiosk's is DATA_DIR/voice)")->required();
    check->add_option("--questionnaire", args->questionnaire, "Also the texts of this questionnaire file")
        ->check(CLI::ExistingFile);
    check->callback([args, &exitCode] { exitCode = runCheck(*args); });
    voice->footer("Exit codes: 0 ok, 1 a file cannot be read (check) or the questionnaire is refused, 2 bad "
                  "command line.");
}

}  // namespace hailong::cli
