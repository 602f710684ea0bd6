#pragma once
// Dossier codes from a USB barcode/QR scanner or typed by the officer (SPEC 3, issue 3).
//
// A USB scanner is a keyboard to the computer: it "types" the code, one key every few
// milliseconds, then Enter. ScannerInput tells such bursts from people typing; checkDossierCode
// then normalises the code and matches it against the unit's pattern (KioskSettings::dossierPattern).
// Pure logic: no clock of its own (the caller passes monotonic times), no storage.
#include "survey/questionnaire.h"  // Text

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace hailong::core {

/// A USB barcode scanner types a code like a keyboard, very fast, then Enter. This tells scanner
/// bursts from people typing: characters must arrive at most maxGapMs apart (default 60 ms) and the
/// whole code must be at least minLength (3) characters; a longer pause starts a new code.
///
/// The first character of a burst cannot be told from a key pressed by a person: only from the
/// second one on does inBurst() say so. A burst longer than MaxLength characters is not a code
/// (a key held down?): it is dropped, and its characters ignored until a pause.
/// Not thread-safe; one instance per input stream.
class ScannerInput {
public:
    static constexpr std::size_t MaxLength = 256;

    explicit ScannerInput(std::int64_t maxGapMs = 60, std::size_t minLength = 3);

    /// A typed character at monoMs (monotonic ms). Printable ASCII (U+0020..U+007E) is kept;
    /// anything else resets. A character more than maxGapMs after the previous one (or
    /// earlier than it) starts a new code.
    void onChar(std::uint32_t codepoint, std::int64_t monoMs);
    /// Enter at monoMs: the code if the burst qualifies (at least minLength characters, at least
    /// one, and Enter itself at most maxGapMs after the last one), then resets either way.
    std::optional<std::string> onEnter(std::int64_t monoMs);
    void reset();
    /// True while a fast burst is being typed: at least two characters arrived at most
    /// maxGapMs apart and the last one at most maxGapMs before monoMs. The UI ignores
    /// those keys (and may undo what the first one did).
    bool inBurst(std::int64_t monoMs) const;
    /// Characters collected so far (the code being typed).
    std::size_t pendingLength() const { return m_code.size(); }

private:
    std::int64_t m_maxGapMs;
    std::size_t m_minLength;
    std::string m_code;
    std::int64_t m_lastMs = 0;
    bool m_fast = false;      ///< m_code holds at least two characters, all within maxGapMs
    bool m_overflow = false;  ///< the burst passed MaxLength: ignored until a pause
};

/// The result of checking a dossier code. Accepted: code is the code to link, problem is empty.
/// Refused: code is empty and problem says why, for a person (it does not quote the code, so
/// it may be logged; dossier codes must not be).
struct DossierCheck {
    std::string code;
    std::optional<Text> problem;
    std::string read;  ///< the trimmed, upper-cased text, accepted or not (to show what was read)
    bool ok() const { return !problem.has_value(); }
};

/// Longest code accepted, in bytes: std::regex matching recurses per character, so the input
/// is bounded before matching.
constexpr std::size_t MaxDossierCodeLength = 128;

/// Trims ASCII white space and upper-cases ASCII letters, then matches the whole code against
/// pattern (ECMAScript). Refused with a message when it is empty, too long, does not match,
/// or the pattern itself is invalid. Never throws for bad input or a bad pattern.
DossierCheck checkDossierCode(const std::string& raw, const std::string& pattern);

/// Why pattern cannot be used as a dossier pattern (empty, or not a valid ECMAScript regular
/// expression), as a sentence for a person; nothing when it can. Used by validateSettings.
std::optional<Text> dossierPatternProblem(const std::string& pattern);

}  // namespace hailong::core
