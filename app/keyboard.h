#pragma once
// The on-screen keyboard and the text being typed, as drawn. The keys, their state and the text
// come from core::CommentInput (layout(), actions(), text(), composing()); this only draws them
// and reports which key was tapped, so the citizen's comment screen and the staff's text fields
// type the same way.
#include "app/fonts.h"
#include "app/widgets.h"
#include "core/comment_input.h"
#include "core/strings.h"

#include <functional>
#include <string>
#include <vector>

namespace hailong::app {

/// Draws rows of keys in area: one width unit for all rows (a letter key is 1 unit wide), every
/// row centred, keys as tall as fit up to maxKeyH, the block at the bottom of area. Returns the
/// id of the key tapped in this frame, or "" when none was.
std::string drawKeyRows(ItemList& items, ImDrawList* dl, const FontSet& fonts, Rect area,
                        const std::vector<std::vector<core::Key>>& rows, const core::Strings& strings,
                        core::Language lang, float gap, float maxKeyH);

/// The height drawKeyRows would use for these rows at this width if it had room (keys up to
/// maxKeyH tall, and no taller than 1.5 times a letter's width).
float keyRowsHeight(const std::vector<std::vector<core::Key>>& rows, float width, float gap, float maxKeyH);

/// The text being typed, in a box, wrapped, its end always in view (earlier lines scroll out at
/// the top), the composing word underlined and the caret after the last character. An empty text
/// shows placeholder in a muted colour. Returns the number of lines the text takes.
int drawTypedText(ImDrawList* dl, ImFont* font, ImFont* placeholderFont, const std::string& text,
                  const std::string& composing, const std::string& placeholder, Rect box, float scale);

// Older keyboard of the staff text fields, until they use core::CommentInput too.
struct KeyTap {
    enum class Kind { Char, Backspace, Language, Done, Cancel } kind = Kind::Char;
    char32_t ch = 0;
};

class OnScreenKeyboard {
public:
    void draw(ItemList& items, ImDrawList* dl, const FontSet& fonts, Rect area, bool vietnamese,
              const core::Strings& strings, core::Language lang, const std::function<void(KeyTap)>& onTap);
    void reset() { m_shift = false; m_symbols = false; }

private:
    bool m_shift = false;
    bool m_symbols = false;
};

} // namespace hailong::app
