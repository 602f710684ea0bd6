#include "speech/prompts.h"

#include "speech/spoken_numbers.h"

#include <algorithm>

namespace hailong::core {

namespace {

// The language file keys the citizen screens show and the kiosk speaks as they are.
constexpr const char* ScreenKeys[] = {"idle.prompt",
                                      "idle.hint",
                                      "idle.unit_not_set",
                                      "main.prompt",
                                      "question.multi_hint",
                                      "procedure.prompt",
                                      "procedure.more",
                                      "comment.prompt",
                                      "comment.prompt_other",
                                      "comment.placeholder",
                                      "nav.back",
                                      "nav.skip",
                                      "nav.next",
                                      "nav.finish",
                                      "language.other",
                                      "thanks.title",
                                      "thanks.body",
                                      "thanks.hint",
                                      "thanks.hint_offer",
                                      "thanks.more_one",
                                      "thanks.more_comment",
                                      "thanks.undo_skip",
                                      "error.storage",
                                      "scan.bad_code",
                                      "keyboard.shift",
                                      "keyboard.backspace",
                                      "keyboard.space",
                                      "keyboard.done",
                                      "keyboard.vi",
                                      "keyboard.en",
                                      "keyboard.clear",
                                      "keyboard.undo",
                                      "keyboard.tone_sac",
                                      "keyboard.tone_huyen",
                                      "keyboard.tone_hoi",
                                      "keyboard.tone_nga",
                                      "keyboard.tone_nang"};
// The [speech] section: written for the ear (speech.unavailable is shown, not said).
constexpr const char* SpeechKeys[] = {
    "speech.listen",      "speech.louder",     "speech.on",           "speech.choices",  "speech.buttons",
    "speech.ticked",      "speech.not_ticked", "speech.chosen",       "speech.question", "speech.of",
    "speech.officer",     "speech.dossier",    "speech.dossier_rate", "speech.more",     "speech.more_questions",
    "speech.louder_done", "speech.loudest",    "speech.your_comment", "speech.empty"};
constexpr int SpokenNumbers = 20;  // "number.0".."number.20"

}  // namespace

std::string soundPromptId(Sound s) { return s == Sound::Confirm ? "sound.confirm" : "sound.refuse"; }

std::vector<std::string> SpeechCue::ids() const {
    std::vector<std::string> out;
    if (sound) out.push_back(soundPromptId(*sound));
    for (const SpeechPart& p : parts) out.push_back(p.promptId.empty() ? "text" : p.promptId);
    return out;
}

SpeechPart PromptWords::key(const std::string& id, Language lang) const {
    return {id, speakableText(m_strings.get(id, lang), lang)};
}

SpeechPart PromptWords::number(long long n, Language lang) const {
    if (n >= 0 && n <= SpokenNumbers) return {"number." + std::to_string(n), numberWords(n, lang)};
    return {"", numberWords(n, lang)};
}

SpeechPart PromptWords::own(const std::string& id, const std::string& text, Language lang) const {
    return {id, speakableText(text, lang)};
}

SpeechPart PromptWords::free(const std::string& text, Language lang) const { return {"", speakableText(text, lang)}; }

SpeechPart PromptWords::code(const std::string& code, Language lang) const { return {"", spelledCode(code, lang)}; }

const std::vector<std::string>& fixedPromptIds() {
    static const std::vector<std::string> ids = [] {
        std::vector<std::string> v(std::begin(ScreenKeys), std::end(ScreenKeys));
        v.insert(v.end(), std::begin(SpeechKeys), std::end(SpeechKeys));
        for (int n = 0; n <= SpokenNumbers; ++n) v.push_back("number." + std::to_string(n));
        v.push_back(soundPromptId(Sound::Confirm));
        v.push_back(soundPromptId(Sound::Refuse));
        std::sort(v.begin(), v.end());
        return v;
    }();
    return ids;
}

std::string fixedPromptText(const std::string& id, Language lang, const Strings& strings) {
    if (id.rfind("number.", 0) == 0) return PromptWords(strings).number(std::stoll(id.substr(7)), lang).text;
    if (id == soundPromptId(Sound::Confirm))
        return lang == Language::Vi ? "(âm báo đã ghi nhận, không lời)" : "(the stored sound, no words)";
    if (id == soundPromptId(Sound::Refuse))
        return lang == Language::Vi ? "(âm báo chạm không được nhận, không lời)" : "(the refused-tap sound, no words)";
    return PromptWords(strings).key(id, lang).text;
}

}  // namespace hailong::core
