#pragma once
// Numbers and codes as words, for the synthesizer. espeak-ng's Vietnamese reads long numbers
// badly (its issue tracker), so the kiosk never hands it digits: a number becomes words
// ("một trăm linh năm", "hai mươi mốt"), and a code (a dossier code from a receipt, a counter
// number with leading zeros) is read one sign at a time ("hát, hai, sáu, chấm, ...").
#include "base/text.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace hailong::core {

/// n in words (0 <= n < 10^15): "hai nghìn không trăm hai mươi tư", "two thousand twenty-four".
/// Negative numbers get "âm" / "minus".
std::string numberWords(std::int64_t n, Language lang);
/// A code read sign by sign: letters by their names, digits as words, '.', '-', '/' and '_' by
/// name; parts joined with ", " so that the synthesizer pauses briefly between them.
std::string spelledCode(std::string_view code, Language lang);
/// Free text (a unit's name, an officer's) with its numbers made words: a run of 1 to 9 digits
/// not starting with 0 is a number ("Phường 12" -> "Phường mười hai"); a longer run, or one with
/// a leading zero, is read digit by digit. Everything else is kept.
std::string speakableText(std::string_view text, Language lang);

}  // namespace hailong::core
