#include "ui/keyboard.h"

#include "ui/theme.h"

#include <algorithm>
#include <array>
#include <cfloat>
#include <stdexcept>

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

}  // namespace

float keyRowsHeight(const std::vector<std::vector<core::Key>>& rows, float width, float gap, float maxKeyH) {
    if (rows.empty()) return 0;
    const float n = static_cast<float>(rows.size());
    return std::min(maxKeyH, keyUnit(rows, width, gap) * MaxKeyAspect) * n + gap * (n - 1);
}

namespace {

KeyFaceCapture* g_faces = nullptr;  // set only by tests, for the life of one KeyFaceCapture

ImVec2 textSize(ImFont* font, float size, const std::string& text) {
    return font->CalcTextSizeA(size, FLT_MAX, 0, text.c_str());
}

bool overlaps(const Rect& a, const Rect& b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/// The label's font and size: a letter large; a word in the button font, the small one on a
/// narrow key, and smaller still rather than on two lines ("Chữ hoa" on a portrait key).
void chooseLabelFont(const FontSet& fonts, const core::Key& k, const std::string& label, float room, float roomH,
                     ImFont*& font, float& size) {
    const bool letter = k.kind == core::KeyKind::Character || k.kind == core::KeyKind::Letter;
    const bool word = k.labelIsStringKey || !letter;
    const std::array<ImFont*, 2> choices = word ? std::array<ImFont*, 2>{fonts.button, fonts.small}
                                                : std::array<ImFont*, 2>{fonts.title, fonts.button};
    for (ImFont* f : choices) {
        font = f;
        size = f->FontSize;
        const ImVec2 s = textSize(f, size, label);
        if (s.x <= room && s.y <= roomH) return;
    }
    // A key too small for either (many rows on a short screen): the second font, scaled to fit.
    const ImVec2 s = textSize(font, size, label);
    size = std::max(1.0f, size * std::min(room / std::max(1.0f, s.x), roomH / std::max(1.0f, s.y)));
}

}  // namespace

KeyFaceCapture::KeyFaceCapture() {
    if (g_faces) throw std::logic_error("one KeyFaceCapture at a time");
    g_faces = this;
}
KeyFaceCapture::~KeyFaceCapture() { g_faces = nullptr; }

std::vector<KeyFace> placeKeyRows(const FontSet& fonts, Rect area, const std::vector<std::vector<core::Key>>& rows,
                                  const core::Strings& strings, core::Language lang, float gap, float maxKeyH) {
    std::vector<KeyFace> faces;
    if (rows.empty()) return faces;
    // One unit for every row, so that a letter is as wide on each row as on the widest one.
    const float unit = keyUnit(rows, area.w, gap);
    const float n = static_cast<float>(rows.size());
    const float keyH = std::min({maxKeyH, (area.h - gap * (n - 1)) / n, unit * MaxKeyAspect});
    float y = area.y + area.h - (keyH * n + gap * (n - 1));
    for (const auto& row : rows) {
        const float rowW = unit * rowUnits(row) + gap * static_cast<float>(row.size() - 1);
        float x = area.x + (area.w - rowW) * 0.5f;
        for (const core::Key& k : row) {
            KeyFace f;
            f.id = k.id;
            f.key = Rect{x, y, unit * k.width, keyH};
            const Rect& r = f.key;
            f.label = k.labelIsStringKey ? strings.get(k.label, lang) : k.label;
            const float pad = std::max(2.0f, std::min(r.w, r.h) * 0.07f);
            chooseLabelFont(fonts, k, f.label, r.w - 2 * pad, r.h - pad, f.labelFont, f.labelSize);
            ImVec2 ls = textSize(f.labelFont, f.labelSize, f.label);
            f.labelRect = {r.center().x - ls.x * 0.5f, r.center().y - ls.y * 0.5f, ls.x, ls.y};
            f.hint = k.hintIsStringKey ? strings.get(k.hint, lang) : k.hint;
            if (!f.hint.empty()) {
                // What the key does, small in the top right corner; the label moves out of its way:
                // down if the key is tall enough, else left, else it gets smaller.
                const float hsz = fonts.small->FontSize;
                const ImVec2 hs = textSize(fonts.button, hsz, f.hint);
                f.hintRect = {r.x + r.w - pad - hs.x, r.y + pad * 0.5f, hs.x, hs.y};
                const float hintBottom = f.hintRect.y + f.hintRect.h;
                const float leftRoom = f.hintRect.x - pad - (r.x + pad);
                if (overlaps(f.labelRect, f.hintRect)) {
                    if (hintBottom + ls.y <= r.y + r.h - pad * 0.5f) {
                        f.labelRect.y = std::max(f.labelRect.y, hintBottom);
                    } else {
                        if (ls.x > leftRoom) {
                            f.labelSize *= leftRoom / ls.x;
                            ls = textSize(f.labelFont, f.labelSize, f.label);
                        }
                        f.labelRect = {r.x + pad + (leftRoom - ls.x) * 0.5f, r.center().y - ls.y * 0.5f, ls.x, ls.y};
                    }
                }
            }
            faces.push_back(std::move(f));
            x += r.w + gap;
        }
        y += keyH + gap;
    }
    return faces;
}

std::string drawKeyRows(ItemList& items, ImDrawList* dl, const FontSet& fonts, Rect area,
                        const std::vector<std::vector<core::Key>>& rows, const core::Strings& strings,
                        core::Language lang, float gap, float maxKeyH) {
    const std::vector<KeyFace> faces = placeKeyRows(fonts, area, rows, strings, lang, gap, maxKeyH);
    std::string tapped;
    std::size_t i = 0;
    for (const auto& row : rows) {
        for (const core::Key& k : row) {
            const KeyFace& f = faces[i++];
            const Rect& r = f.key;
            // The button's frame and tap as every button has them; the label is placed here
            // (touchButton would centre and wrap it), so the frame is drawn without one and the
            // item is listed with its label.
            ItemList frameOnly;
            const ButtonKind kind = kindOf(k);
            if (touchButton(frameOnly, k.id, "", r, kind, f.labelFont)) tapped = k.id;
            items.add(k.id, f.label, r);
            const ImU32 text = kind == ButtonKind::Primary ? color::OnPrimary
                               : kind == ButtonKind::Quiet ? color::Text
                                                           : color::Primary;
            dl->AddText(f.labelFont, f.labelSize, f.labelRect.min(), text, f.label.c_str());
            // Bold: a thin tilde at this size looks like a macron.
            if (!f.hint.empty())
                dl->AddText(fonts.button, fonts.small->FontSize, f.hintRect.min(), color::TextMuted, f.hint.c_str());
            if (k.state == core::KeyState::Locked) {  // caps lock: a bar under the label
                const float bw = r.w * 0.4f;
                const float by = std::min(r.y + r.h * 0.9f, f.labelRect.y + f.labelRect.h + r.h * 0.04f);
                dl->AddLine(ImVec2(r.center().x - bw * 0.5f, by), ImVec2(r.center().x + bw * 0.5f, by),
                            color::OnPrimary, std::max(2.0f, r.h * 0.05f));
            }
        }
    }
    if (g_faces) g_faces->m_faces.insert(g_faces->m_faces.end(), faces.begin(), faces.end());
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
        drawText(dl, placeholderFont, placeholder, {inner.x + 6 * scale, inner.y, inner.w - 6 * scale, 0},
                 color::TextMuted, false);
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
    return fillIn(strings.get("comment.count", lang),
                  {{"n", std::to_string(input.maxLength() - input.remaining())}, {"max", max}});
}

namespace {

/// A button whose label stays on one line if the button font or the small one allows.
bool actionButton(ItemList& items, const FontSet& fonts, const std::string& id, const std::string& label, Rect r,
                  ButtonKind kind) {
    const float room = r.w - 2 * r.h * 0.15f;
    ImFont* font = textSize(fonts.button, fonts.button->FontSize, label).x <= room ? fonts.button : fonts.small;
    return touchButton(items, id, label, r, kind, font);
}

/// True when a phrase fits a button of width w and height h in the button font, on one line or
/// two (button labels are larger than body text, SPEC 3).
bool phraseFits(const FontSet& fonts, const std::string& phrase, float w, float h) {
    const float room = w - 2 * h * 0.15f;
    return textHeight(fonts.button, phrase, room) <= std::min(h * 0.92f, fonts.button->FontSize * 1.15f * 2.01f);
}

/// The phrases in a grid of rows of rowH: two columns when there are more phrases than rows and
/// every phrase fits half the width, else one column; as many as fit in area. Returns the id tapped.
std::string quickButtons(ItemList& items, const FontSet& fonts, const std::vector<std::string>& quick, Rect area,
                         float rowH, float g) {
    std::string tapped;
    const int rowsFit = static_cast<int>((area.h + g) / (rowH + g));
    const auto width = [&](int c) { return (area.w - g * static_cast<float>(c - 1)) / static_cast<float>(c); };
    const bool two = static_cast<int>(quick.size()) > rowsFit &&
                     std::all_of(quick.begin(), quick.end(),
                                 [&](const std::string& p) { return phraseFits(fonts, p, width(2), rowH); });
    const int cols = two ? 2 : 1;
    const std::size_t shown = std::min(quick.size(), static_cast<std::size_t>(std::max(0, rowsFit * cols)));
    const float w = width(cols);
    // A phrase too long for its button is left out rather than drawn smaller than body text
    // (the questionnaire format keeps them short: at most 32 characters).
    std::size_t slot = 0;
    for (std::size_t i = 0; i < quick.size() && slot < shown; ++i) {
        const auto col = static_cast<float>(slot % static_cast<std::size_t>(cols));
        const auto row = static_cast<float>(slot / static_cast<std::size_t>(cols));
        const Rect r{area.x + col * (w + g), area.y + row * (rowH + g), w, rowH};
        if (!phraseFits(fonts, quick[i], w, rowH)) continue;
        ++slot;
        const std::string id = "quick:" + std::to_string(i);
        if (touchButton(items, id, quick[i], r, ButtonKind::Secondary, fonts.button)) tapped = id;
    }
    return tapped;
}

}  // namespace

std::string drawTypingPanel(ItemList& items, ImDrawList* dl, const FontSet& fonts, Rect area,
                            const core::CommentInput& input, const TypingPanel& panel, const core::Strings& strings,
                            core::Language lang, float scale, bool portrait) {
    const auto u = [scale](float v) { return v * scale; };
    const float g = u(12), far = u(32), keyGap = u(10), actionH = u(72), quickH = u(72);
    const auto rows = input.layout();
    ImFont* textFont = fonts.button;
    const float lineH = textFont->FontSize * 1.15f;
    const float minBoxH = 2 * lineH + u(16);
    const float maxKeyH = portrait ? u(100) : u(84);
    const float bottom = area.y + area.h;

    const core::Key* clear = nullptr;
    const core::Key* skip = nullptr;
    const core::Key* done = nullptr;
    const std::vector<core::Key> acts = input.actions();
    for (const core::Key& k : acts) {
        if (k.kind == core::KeyKind::Clear || k.kind == core::KeyKind::Undo) clear = &k;
        if (k.kind == core::KeyKind::Skip) skip = &k;
        if (k.kind == core::KeyKind::Done) done = &k;
    }
    std::string tapped;
    const auto action = [&](const core::Key* k, Rect r) {
        if (k && actionButton(items, fonts, k->id, strings.get(k->label, lang), r, kindOf(*k))) tapped = k->id;
    };
    // The way out without a decision and skip: a row at the bottom, back or cancel on the left.
    const auto leaveRow = [&](Rect r) {
        const float bw = skip && !panel.leftId.empty() ? (r.w - g) * 0.5f : r.w;
        const float w = std::min(bw, portrait ? u(260) : r.w);
        if (!panel.leftId.empty() &&
            actionButton(items, fonts, panel.leftId, panel.leftLabel, {r.x, r.y, w, r.h}, ButtonKind::Secondary))
            tapped = panel.leftId;
        action(skip, {r.x + r.w - w, r.y, w, r.h});
    };
    const auto textBox = [&](Rect r) {
        const int lines = std::max(2, static_cast<int>((r.h - u(16)) / lineH));
        drawTypedText(dl, textFont, fonts.body, input.text(), input.composing(), panel.placeholder,
                      {r.x, r.y, r.w, u(16) + static_cast<float>(lines) * lineH}, scale);
    };

    Rect keys;
    if (!portrait) {
        const float colW = std::min(u(340), area.w * 0.3f);
        const Rect left{area.x, area.y, area.w - colW - far, area.h};
        const Rect right{area.x + area.w - colW, area.y, colW, area.h};
        const float kbH = std::min(keyRowsHeight(rows, left.w, keyGap, maxKeyH), area.h - minBoxH - g);
        keys = {left.x, bottom - kbH, left.w, kbH};
        textBox({left.x, left.y, left.w, keys.y - g - left.y});
        // Done at the top, filled; clear and leaving at the bottom; the phrases between.
        const float doneH = u(84);
        action(done, {right.x, right.y, right.w, doneH});
        const Rect leave{right.x, bottom - actionH, right.w, actionH};
        leaveRow(leave);
        const Rect clearR{right.x, leave.y - g - actionH, right.w, actionH};
        action(clear, clearR);
        // Three rows of phrases fit between done and clear at 1280x720 logical units.
        const float qTop = right.y + doneH + g;
        const Rect q{right.x, qTop, right.w, clearR.y - u(16) - qTop};
        const std::string quick = quickButtons(items, fonts, panel.quick, q, u(64), g);
        if (!quick.empty()) tapped = quick;
    } else {
        const Rect leave{area.x, bottom - actionH, area.w, actionH};
        leaveRow(leave);
        const int quickRows = static_cast<int>(std::min<std::size_t>(3, (panel.quick.size() + 1) / 2));
        const float quickBlock = quickRows > 0 ? static_cast<float>(quickRows) * (quickH + g) : 0;
        const float rowAH = u(80);
        const float room = leave.y - far - area.y - minBoxH - g - rowAH - g - quickBlock;
        const float kbH = std::min(keyRowsHeight(rows, area.w, keyGap, maxKeyH), room);
        keys = {area.x, leave.y - far - kbH, area.w, kbH};
        const Rect q{area.x, keys.y - quickBlock, area.w, std::max(0.0f, quickBlock - g)};
        const std::string quick = quickButtons(items, fonts, panel.quick, q, quickH, g);
        if (!quick.empty()) tapped = quick;
        // Clear on the left, done on the right, wide apart.
        const Rect rowA{area.x, q.y - rowAH - g, area.w, rowAH};
        const float cw = std::min(u(240), area.w * 0.36f), dw = std::min(u(300), area.w * 0.44f);
        action(clear, {rowA.x, rowA.y, cw, rowA.h});
        action(done, {rowA.x + rowA.w - dw, rowA.y, dw, rowA.h});
        textBox({area.x, area.y, area.w, rowA.y - g - area.y});
    }
    const std::string key = drawKeyRows(items, dl, fonts, keys, rows, strings, lang, keyGap, maxKeyH);
    return key.empty() ? tapped : key;
}

}  // namespace hailong::app
