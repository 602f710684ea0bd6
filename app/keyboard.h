#pragma once
// The on-screen keyboard: QWERTY letters as Vietnamese Telex users expect, a shift key, a
// page of digits and punctuation, space, delete, the VI/EN switch and Done. It only draws
// keys and reports taps; the text and the input method (core::TelexEngine) live elsewhere.
#include "app/fonts.h"
#include "app/widgets.h"
#include "core/strings.h"

#include <functional>

namespace hailong::app {

struct KeyTap {
    enum class Kind { Char, Backspace, Language, Done, Cancel } kind = Kind::Char;
    char32_t ch = 0;
};

class OnScreenKeyboard {
public:
    /// Draws the keys in area. Taps reach onTap after the frame (through the caller's queue).
    void draw(ItemList& items, ImDrawList* dl, const FontSet& fonts, Rect area, bool vietnamese,
              const core::Strings& strings, core::Language lang, const std::function<void(KeyTap)>& onTap);
    void reset() { m_shift = false; m_symbols = false; }

private:
    bool m_shift = false;    ///< next letter upper case (one shot)
    bool m_symbols = false;  ///< the digits and punctuation page
};

} // namespace hailong::app
