#include "app/keyboard.h"

#include <algorithm>

namespace hailong::app {

void OnScreenKeyboard::draw(ItemList& items, ImDrawList* dl, const FontSet& fonts, Rect area, bool vietnamese,
                            const core::Strings& strings, core::Language lang, const std::function<void(KeyTap)>& onTap) {
    (void)dl;
    const auto tr = [&](const char* key) { return strings.get(key, lang); };
    static const char* const letters[] = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};
    static const char* const symbols[] = {"1234567890", "-/:;()&@.,", "?!'\"+%#"};
    const char* const* rows = m_symbols ? symbols : letters;
    const float gap = std::max(4.0f, area.w * 0.008f);
    const float keyW = (area.w - 9 * gap) / 10;
    const float keyH = std::min((area.h - 3 * gap) / 4, keyW * 1.15f);
    float y = area.y + (area.h - (4 * keyH + 3 * gap));
    for (int r = 0; r < 3; ++r) {
        const std::string row = rows[r];
        const float rowW = static_cast<float>(row.size()) * keyW + static_cast<float>(row.size() - 1) * gap;
        float x = area.x + (r == 2 ? 1.5f * (keyW + gap) : (area.w - rowW) * 0.5f);
        for (const char c : row) {
            const char shown = (!m_symbols && m_shift) ? static_cast<char>(c - 'a' + 'A') : c;
            if (touchButton(items, std::string("kb:") + c, std::string(1, shown), {x, y, keyW, keyH}, ButtonKind::Secondary,
                            fonts.button)) {
                onTap({KeyTap::Kind::Char, static_cast<char32_t>(shown)});
                m_shift = false;
            }
            x += keyW + gap;
        }
        y += keyH + gap;
    }
    // Third row ends: shift on the left, delete on the right.
    const float wideW = 1.5f * keyW + 0.5f * gap;
    const float row3 = y - keyH - gap;
    if (!m_symbols &&
        touchButton(items, "kb:shift", tr("keyboard.shift"), {area.x, row3, wideW, keyH},
                    m_shift ? ButtonKind::Primary : ButtonKind::Quiet, fonts.small))
        m_shift = !m_shift;
    if (touchButton(items, "kb:backspace", tr("keyboard.backspace"), {area.x + area.w - wideW, row3, wideW, keyH},
                    ButtonKind::Quiet, fonts.small))
        onTap({KeyTap::Kind::Backspace, 0});
    // Bottom row: symbols page, language, space, done.
    const float pageW = 1.5f * keyW, langW = 2 * keyW + gap, doneW = 2 * keyW + gap;
    float x = area.x;
    if (touchButton(items, "kb:page", m_symbols ? "ABC" : "123", {x, y, pageW, keyH}, ButtonKind::Quiet, fonts.button))
        m_symbols = !m_symbols;
    x += pageW + gap;
    if (touchButton(items, "kb:language", vietnamese ? tr("keyboard.vi") : tr("keyboard.en"), {x, y, langW, keyH},
                    vietnamese ? ButtonKind::Primary : ButtonKind::Quiet, fonts.small))
        onTap({KeyTap::Kind::Language, 0});
    x += langW + gap;
    const float spaceW = area.x + area.w - doneW - gap - x;
    if (touchButton(items, "kb:space", tr("keyboard.space"), {x, y, spaceW, keyH}, ButtonKind::Secondary, fonts.small))
        onTap({KeyTap::Kind::Char, U' '});
    if (touchButton(items, "kb:done", tr("keyboard.done"), {area.x + area.w - doneW, y, doneW, keyH}, ButtonKind::Primary,
                    fonts.button))
        onTap({KeyTap::Kind::Done, 0});
}

} // namespace hailong::app
