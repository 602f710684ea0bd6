#include "ui/widgets.h"

#include "base/strings.h"
#include "ui/theme.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace hailong::app {

std::string traceJson(const std::string& screen, std::string_view lang, const std::vector<UiItem>& items) {
    nlohmann::json list = nlohmann::json::array();
    for (const UiItem& it : items)
        list.push_back({{"id", it.id},
                        {"label", it.label},
                        {"x", std::lround(it.rect.x)},
                        {"y", std::lround(it.rect.y)},
                        {"w", std::lround(it.rect.w)},
                        {"h", std::lround(it.rect.h)}});
    return nlohmann::json{{"screen", screen}, {"lang", std::string(lang)}, {"items", list}}.dump();
}

ImDrawList* beginScreenWindow(const char* name, ImVec2 size) {
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(size);
    ImGui::Begin(name, nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
    return ImGui::GetWindowDrawList();
}

Tap tapArea(ItemList& items, const std::string& id, const std::string& label, Rect r) {
    items.add(id, label, r);
    ImGui::SetCursorScreenPos(r.min());
    Tap t;
    t.clicked = ImGui::InvisibleButton(id.c_str(), ImVec2(std::max(r.w, 1.0f), std::max(r.h, 1.0f)));
    t.held = ImGui::IsItemActive();
    const ItemList::Explore& explore = items.explore();
    if (explore.press && ImGui::IsItemActivated()) explore.press(id, label);
    if (t.clicked && explore.release) t.clicked = explore.release(id);
    return t;
}

bool touchButton(ItemList& items, const std::string& id, const std::string& label, Rect r, ButtonKind kind,
                 ImFont* font) {
    const Tap t = tapArea(items, id, label, r);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float round = std::min(r.h * 0.25f, 24.0f);
    ImU32 fill = color::Card, text = color::Primary, border = color::Primary;
    switch (kind) {
    case ButtonKind::Primary:
        fill = t.held ? color::PrimaryPressed : color::Primary;
        text = color::OnPrimary;
        border = fill;
        break;
    case ButtonKind::Secondary: fill = t.held ? color::SecondaryPressed : color::Card; break;
    case ButtonKind::Quiet:
        fill = t.held ? color::SecondaryPressed : color::Background;
        border = color::CardBorder;
        text = color::Text;
        break;
    }
    dl->AddRectFilled(r.min(), r.max(), fill, round);
    dl->AddRect(r.min(), r.max(), border, round, 0, std::max(2.0f, r.h * 0.03f));
    const float pad = r.h * 0.15f;
    const float th = textHeight(font, label, r.w - 2 * pad);
    drawText(dl, font, label, {r.x + pad, r.y + (r.h - th) * 0.5f, r.w - 2 * pad, th}, text);
    return t.clicked;
}

std::string fillIn(std::string text, std::initializer_list<std::pair<const char*, std::string>> values) {
    return core::fillIn(std::move(text), values);
}

namespace {
// Splits text into the lines ImGui's word wrap would make.
template <class F>
void forEachLine(ImFont* font, const std::string& text, float wrapWidth, F&& f) {
    const char* s = text.c_str();
    const char* end = s + text.size();
    const float size = font->FontSize;
    while (s < end) {
        const char* lineEnd = font->CalcWordWrapPositionA(1.0f, s, end, wrapWidth);
        if (lineEnd == s) lineEnd = s + 1;  // one glyph wider than the box: still progress
        const char* nl = static_cast<const char*>(memchr(s, '\n', static_cast<std::size_t>(lineEnd - s)));
        if (nl) lineEnd = nl;
        const char* trimmed = lineEnd;
        while (trimmed > s && (trimmed[-1] == ' ')) --trimmed;
        f(s, trimmed, font->CalcTextSizeA(size, FLT_MAX, 0.0f, s, trimmed).x);
        s = lineEnd;
        while (s < end && (*s == ' ' || *s == '\n')) {
            const bool newline = *s == '\n';
            ++s;
            if (newline) break;
        }
    }
}
}  // namespace

float textHeight(ImFont* font, const std::string& text, float wrapWidth) {
    int lines = 0;
    forEachLine(font, text, wrapWidth, [&](const char*, const char*, float) { ++lines; });
    return static_cast<float>(lines) * font->FontSize * 1.15f;
}

namespace {
TextCapture* g_capture = nullptr;  // set only by tests, for the life of one TextCapture
}  // namespace

TextCapture::TextCapture() {
    if (g_capture) throw std::logic_error("one TextCapture at a time");
    g_capture = this;
}
TextCapture::~TextCapture() { g_capture = nullptr; }

const TextCapture::Drawn* TextCapture::find(const std::string& part) const {
    for (const Drawn& d : m_drawn)
        if (d.text.find(part) != std::string::npos) return &d;
    return nullptr;
}

float drawText(ImDrawList* dl, ImFont* font, const std::string& text, Rect box, ImU32 col, bool centre) {
    float y = box.y;
    const float lineH = font->FontSize * 1.15f;
    forEachLine(font, text, box.w, [&](const char* b, const char* e, float w) {
        const float x = centre ? box.x + (box.w - w) * 0.5f : box.x;
        dl->AddText(font, font->FontSize, ImVec2(x, y + font->FontSize * 0.075f), col, b, e);
        y += lineH;
    });
    if (g_capture) g_capture->m_drawn.push_back({text, {box.x, box.y, box.w, y - box.y}, font});
    return y - box.y;
}

}  // namespace hailong::app
