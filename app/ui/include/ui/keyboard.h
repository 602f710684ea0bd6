#pragma once
// The on-screen keyboard and the text being typed, as drawn. The keys, their state and the text
// come from core::CommentInput (layout(), actions(), text(), composing()); this only draws them
// and reports which key was tapped, so the citizen's comment screen and the staff's text fields
// type the same way.
#include "base/strings.h"
#include "ime/comment_input.h"
#include "ui/fonts.h"
#include "ui/widgets.h"

#include <string>
#include <vector>

namespace hailong::app {

/// Where the texts of one key go (window pixels): its label on one line, never wrapped, and its
/// hint (what a Telex or VNI key does) in the top right corner, apart from the label.
struct KeyFace {
    std::string id;
    Rect key;
    std::string label;
    Rect labelRect;  ///< the line the label takes
    ImFont* labelFont = nullptr;
    float labelSize = 0;  ///< font size in pixels (may be below the font's own: a long word on a narrow key)
    std::string hint;     ///< empty: none
    Rect hintRect;
};

/// Where the keys of these rows and their texts go in area (the layout drawKeyRows draws).
std::vector<KeyFace> placeKeyRows(const FontSet& fonts, Rect area, const std::vector<std::vector<core::Key>>& rows,
                                  const core::Strings& strings, core::Language lang, float gap, float maxKeyH);

/// Every key face drawKeyRows draws while an instance lives (for tests: no two texts overlap).
/// One at a time.
class KeyFaceCapture {
public:
    KeyFaceCapture();
    ~KeyFaceCapture();
    KeyFaceCapture(const KeyFaceCapture&) = delete;
    KeyFaceCapture& operator=(const KeyFaceCapture&) = delete;
    const std::vector<KeyFace>& faces() const { return m_faces; }
    void clear() { m_faces.clear(); }

private:
    friend std::string drawKeyRows(ItemList&, ImDrawList*, const FontSet&, Rect,
                                   const std::vector<std::vector<core::Key>>&, const core::Strings&, core::Language,
                                   float, float);
    std::vector<KeyFace> m_faces;
};

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
    std::string leftId;       ///< a button that leaves without deciding (back, cancel)
    std::string leftLabel;
    std::vector<std::string> quick = {};  ///< quick-comment phrases, tapped as "quick:0", "quick:1"...
};

/// Everything needed to type a text, in area: the text box, the keyboard as large as it may be
/// while the box keeps two lines, the quick phrases, and the actions apart from each other.
/// Done, the main button, is filled and far from clear (or undo) and skip, which lose the text:
/// - landscape: box and keyboard on the left; on the right done at the top, the phrases, then
///   clear, and leftId and skip at the bottom;
/// - portrait: the box; under it clear on the left and done on the right; the phrases; the
///   keyboard; and leftId and skip at the bottom, under the keyboard.
/// Phrases that do not fit are not shown. Returns the id tapped in this frame (a key, an
/// action, "quick:<i>" or leftId), "" when none.
std::string drawTypingPanel(ItemList& items, ImDrawList* dl, const FontSet& fonts, Rect area,
                            const core::CommentInput& input, const TypingPanel& panel, const core::Strings& strings,
                            core::Language lang, float scale, bool portrait);

}  // namespace hailong::app
