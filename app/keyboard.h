#pragma once
// The on-screen keyboard and the text being typed, as drawn. The keys, their state and the text
// come from core::CommentInput (layout(), actions(), text(), composing()); this only draws them
// and reports which key was tapped, so the citizen's comment screen and the staff's text fields
// type the same way.
#include "app/fonts.h"
#include "app/widgets.h"
#include "core/comment_input.h"
#include "core/strings.h"

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

/// "31/500 ký tự", or "Đã đủ 500 ký tự" when the limit has just stopped a key.
std::string lengthCounter(const core::CommentInput& input, const core::Strings& strings, core::Language lang);

/// What drawTypingPanel shows besides the input's own keys.
struct TypingPanel {
    std::string placeholder;  ///< shown in the empty text box
    std::string leftId;       ///< a button on the left of the actions row (back, cancel)
    std::string leftLabel;
};

/// Everything needed to type a text, in area, laid out from the bottom: the keyboard as large as
/// it may be while the text box keeps two lines; above it a row with the left button and the
/// input's actions (clear, skip, done: done the widest); above that the text box, filling the
/// rest. Returns the id tapped in this frame (a key, an action or leftId), "" when none.
std::string drawTypingPanel(ItemList& items, ImDrawList* dl, const FontSet& fonts, Rect area,
                            const core::CommentInput& input, const TypingPanel& panel, const core::Strings& strings,
                            core::Language lang, float scale, bool portrait);

} // namespace hailong::app
