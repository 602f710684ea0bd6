#include "app/keyboard.h"

#include "app/theme.h"

#include <algorithm>
#include <cfloat>

namespace hailong::app {

namespace {

/// Keys at most this much taller than wide: narrow portrait keys grow in height, as on phones.
constexpr float MaxKeyAspect = 1.5f;

ButtonKind kindOf(const core::Key& k) {
    switch (k.kind) {
    case core::KeyKind::Character:
    case core::KeyKind::Letter:
    case core::KeyKind::Tone:
    case core::KeyKind::Space:
    case core::KeyKind::Skip:
    case core::KeyKind::Undo: return ButtonKind::Secondary;
    case core::KeyKind::Done: return ButtonKind::Primary;
    case core::KeyKind::Shift:
    case core::KeyKind::Language: return k.state == core::KeyState::Off ? ButtonKind::Quiet : ButtonKind::Primary;
    case core::KeyKind::Backspace:
    case core::KeyKind::Page:
    case core::KeyKind::Clear: return ButtonKind::Quiet;
    }
    return ButtonKind::Secondary;
}

float rowUnits(const std::vector<core::Key>& row) {
    float units = 0;
    for (const core::Key& k : row) units += k.width;
    return units;
}

/// The width of one key unit: the widest row fills the width.
float keyUnit(const std::vector<std::vector<core::Key>>& rows, float width, float gap) {
    float unit = FLT_MAX;
    for (const auto& row : rows) {
        const float gaps = gap * static_cast<float>(row.size() - 1);
        unit = std::min(unit, (width - gaps) / std::max(rowUnits(row), 1.0f));
    }
    return unit;
}

} // namespace

float keyRowsHeight(const std::vector<std::vector<core::Key>>& rows, float width, float gap, float maxKeyH) {
    if (rows.empty()) return 0;
    const float n = static_cast<float>(rows.size());
    return std::min(maxKeyH, keyUnit(rows, width, gap) * MaxKeyAspect) * n + gap * (n - 1);
}

std::string drawKeyRows(ItemList& items, ImDrawList* dl, const FontSet& fonts, Rect area,
                        const std::vector<std::vector<core::Key>>& rows, const core::Strings& strings,
                        core::Language lang, float gap, float maxKeyH) {
    if (rows.empty()) return {};
    // One unit for every row, so that a letter is as wide on each row as on the widest one.
    const float unit = keyUnit(rows, area.w, gap);
    const float n = static_cast<float>(rows.size());
    const float keyH = std::min({maxKeyH, (area.h - gap * (n - 1)) / n, unit * MaxKeyAspect});
    float y = area.y + area.h - (keyH * n + gap * (n - 1));
    std::string tapped;
    for (const auto& row : rows) {
        const float rowW = unit * rowUnits(row) + gap * static_cast<float>(row.size() - 1);
        float x = area.x + (area.w - rowW) * 0.5f;
        for (const core::Key& k : row) {
            const Rect r{x, y, unit * k.width, keyH};
            const std::string label = k.labelIsStringKey ? strings.get(k.label, lang) : k.label;
            // A single letter or sign large; words (shift, space, done...) in the button font, or
            // smaller on a narrow key (portrait), where they may take two lines.
            ImFont* font = fonts.title;
            if (k.labelIsStringKey || k.kind != core::KeyKind::Character) {
                const float room = r.w * 0.86f;
                font = fonts.button->CalcTextSizeA(fonts.button->FontSize, FLT_MAX, 0, label.c_str()).x <= room
                           ? fonts.button
                           : fonts.small;
            }
            if (touchButton(items, k.id, label, r, kindOf(k), font)) tapped = k.id;
            if (!k.hint.empty()) {  // what the key does in the input method, small in the corner
                const float pad = std::max(2.0f, r.h * 0.06f);
                // Bold: a thin tilde at this size looks like a macron.
                ImFont* hf = fonts.button;
                const ImVec2 hs = hf->CalcTextSizeA(hf->FontSize, FLT_MAX, 0, k.hint.c_str());
                dl->AddText(hf, hf->FontSize, ImVec2(r.x + r.w - hs.x - pad * 2, r.y), color::TextMuted, k.hint.c_str());
            }
            if (k.state == core::KeyState::Locked) {  // caps lock: a bar under the label
                const float bw = r.w * 0.4f, by = r.y + r.h * 0.84f;
                dl->AddLine(ImVec2(r.center().x - bw * 0.5f, by), ImVec2(r.center().x + bw * 0.5f, by), color::OnPrimary,
                            std::max(2.0f, r.h * 0.05f));
            }
            x += r.w + gap;
        }
        y += keyH + gap;
    }
    return tapped;
}

int drawTypedText(ImDrawList* dl, ImFont* font, ImFont* placeholderFont, const std::string& text,
                  const std::string& composing, const std::string& placeholder, Rect box, float scale) {
    const float round = 10 * scale, pad = 16 * scale;
    dl->AddRectFilled(box.min(), box.max(), color::Card, round);
    dl->AddRect(box.min(), box.max(), color::Primary, round, 0, 3 * scale);
    const Rect inner{box.x + pad, box.y + pad * 0.5f, box.w - 2 * pad, box.h - pad};
    const float size = font->FontSize, lineH = size * 1.15f;

    // Lines as the word wrap makes them, spaces kept: the caret goes after a space just typed.
    struct Line {
        std::size_t begin, end;
    };
    std::vector<Line> lines;
    const char* const start = text.c_str();
    const char* const end = start + text.size();
    for (const char* s = start; s < end;) {
        const char* e = font->CalcWordWrapPositionA(1.0f, s, end, inner.w - 4 * scale);
        if (e <= s) {  // one glyph wider than the box: still progress, by a whole code point
            e = s + 1;
            while (e < end && (static_cast<unsigned char>(*e) & 0xC0) == 0x80) ++e;
        }
        while (e < end && *e == ' ') ++e;  // the spaces at a wrap end this line, not start the next
        lines.push_back({static_cast<std::size_t>(s - start), static_cast<std::size_t>(e - start)});
        s = e;
    }
    if (lines.empty()) lines.push_back({0, 0});

    dl->PushClipRect(box.min(), box.max(), true);
    if (text.empty()) {
        drawText(dl, placeholderFont, placeholder, {inner.x + 6 * scale, inner.y, inner.w - 6 * scale, 0}, color::TextMuted,
                 false);
        dl->AddLine(ImVec2(inner.x + 2 * scale, inner.y), ImVec2(inner.x + 2 * scale, inner.y + size), color::Text,
                    2 * scale);
        dl->PopClipRect();
        return 0;
    }
    const std::size_t fits = std::max<std::size_t>(1, static_cast<std::size_t>(inner.h / lineH));
    const std::size_t first = lines.size() > fits ? lines.size() - fits : 0;  // the end stays in view
    const std::size_t composingFrom = text.size() - std::min(text.size(), composing.size());
    float y = inner.y;
    float caretX = inner.x, caretY = inner.y;
    for (std::size_t i = first; i < lines.size(); ++i) {
        const Line& ln = lines[i];
        const std::string shown = text.substr(ln.begin, ln.end - ln.begin);
        drawText(dl, font, shown, {inner.x, y, inner.w, lineH}, color::Text, false);
        const auto widthTo = [&](std::size_t at) {
            return font->CalcTextSizeA(size, FLT_MAX, 0, start + ln.begin, start + at).x;
        };
        if (!composing.empty() && ln.end > composingFrom) {
            const float ux0 = inner.x + widthTo(std::max(ln.begin, composingFrom));
            const float uy = y + size * 1.1f;
            dl->AddLine(ImVec2(ux0, uy), ImVec2(inner.x + widthTo(ln.end), uy), color::Primary, 3 * scale);
        }
        caretX = inner.x + widthTo(ln.end);
        caretY = y;
        y += lineH;
    }
    dl->AddLine(ImVec2(caretX + 3 * scale, caretY + size * 0.1f), ImVec2(caretX + 3 * scale, caretY + size * 1.1f),
                color::Text, 2 * scale);
    dl->PopClipRect();
    return static_cast<int>(lines.size());
}

std::string lengthCounter(const core::CommentInput& input, const core::Strings& strings, core::Language lang) {
    const std::string max = std::to_string(input.maxLength());
    if (input.limitRefused()) return fillIn(strings.get("comment.full", lang), {{"max", max}});
    return fillIn(strings.get("comment.count", lang), {{"n", std::to_string(input.maxLength() - input.remaining())}, {"max", max}});
}

std::string drawTypingPanel(ItemList& items, ImDrawList* dl, const FontSet& fonts, Rect area,
                            const core::CommentInput& input, const TypingPanel& panel, const core::Strings& strings,
                            core::Language lang, float scale, bool portrait) {
    const auto u = [scale](float v) { return v * scale; };
    const float g = u(12), keyGap = u(10), actionsH = u(72);
    const auto rows = input.layout();
    ImFont* textFont = fonts.button;
    const float lineH = textFont->FontSize * 1.15f;
    const float minBoxH = 2 * lineH + u(16);
    const float maxKeyH = portrait ? u(100) : u(84);
    const float bottom = area.y + area.h;
    const float kbH = std::min(keyRowsHeight(rows, area.w, keyGap, maxKeyH), area.h - minBoxH - actionsH - 2 * g);
    const Rect keys{area.x, bottom - kbH, area.w, kbH};
    const Rect actions{area.x, keys.y - g - actionsH, area.w, actionsH};
    const float boxH = std::max(minBoxH, actions.y - g - area.y);
    const int boxLines = static_cast<int>((boxH - u(16)) / lineH);
    const Rect box{area.x, area.y, area.w, u(16) + static_cast<float>(boxLines) * lineH};
    drawTypedText(dl, textFont, fonts.body, input.text(), input.composing(), panel.placeholder, box, scale);

    std::string tapped;
    const float bw = std::min(u(210), (area.w - 3 * g) / 4.5f);
    if (!panel.leftId.empty() && touchButton(items, panel.leftId, panel.leftLabel, {actions.x, actions.y, bw, actionsH},
                                             ButtonKind::Secondary, fonts.button))
        tapped = panel.leftId;
    float x = actions.x + actions.w;
    const std::vector<core::Key> acts = input.actions();
    for (auto it = acts.rbegin(); it != acts.rend(); ++it) {  // from the right: done first
        const bool done = it->kind == core::KeyKind::Done;
        const float w = done ? bw * 1.5f : bw;
        x -= w;
        if (touchButton(items, it->id, strings.get(it->label, lang), {x, actions.y, w, actionsH}, kindOf(*it), fonts.button))
            tapped = it->id;
        x -= g;
    }
    const std::string key = drawKeyRows(items, dl, fonts, keys, rows, strings, lang, keyGap, maxKeyH);
    return key.empty() ? tapped : key;
}

} // namespace hailong::app
