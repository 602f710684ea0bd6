#include "ui/screen_rotation.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace hailong::app {

std::optional<Rotation> parseRotation(std::string_view name) {
    if (name == "none") return Rotation::None;
    if (name == "left") return Rotation::Left;
    if (name == "right") return Rotation::Right;
    if (name == "inverted") return Rotation::Inverted;
    return std::nullopt;
}

ImVec2 ScreenRotation::logicalSize() const {
    const bool quarter = m_rotation == Rotation::Left || m_rotation == Rotation::Right;
    return quarter ? ImVec2(m_window.y, m_window.x) : m_window;
}

// W, H: the window. Left: the logical top edge lies on the window's left edge and the logical
// left edge on its bottom; Right the other way round; Inverted: both flipped.
ImVec2 ScreenRotation::toWindow(ImVec2 p) const {
    const float W = m_window.x, H = m_window.y;
    switch (m_rotation) {
    case Rotation::Left: return {p.y, H - p.x};
    case Rotation::Right: return {W - p.y, p.x};
    case Rotation::Inverted: return {W - p.x, H - p.y};
    case Rotation::None: break;
    }
    return p;
}

ImVec2 ScreenRotation::toLogical(ImVec2 p) const {
    const float W = m_window.x, H = m_window.y;
    switch (m_rotation) {
    case Rotation::Left: return {H - p.y, p.x};
    case Rotation::Right: return {p.y, W - p.x};
    case Rotation::Inverted: return {W - p.x, H - p.y};
    case Rotation::None: break;
    }
    return p;
}

ImVec4 ScreenRotation::toWindow(ImVec4 r) const {
    const ImVec2 a = toWindow(ImVec2(r.x, r.y)), b = toWindow(ImVec2(r.z, r.w));
    return {std::min(a.x, b.x), std::min(a.y, b.y), std::max(a.x, b.x), std::max(a.y, b.y)};
}

void ScreenRotation::toWindow(ImDrawData& frame) const {
    if (m_rotation == Rotation::None) return;
    for (int i = 0; i < frame.CmdListsCount; ++i) {
        ImDrawList& list = *frame.CmdLists[i];
        for (ImDrawVert& v : list.VtxBuffer) v.pos = toWindow(v.pos);
        for (ImDrawCmd& cmd : list.CmdBuffer) cmd.ClipRect = toWindow(cmd.ClipRect);
    }
    frame.DisplayPos = ImVec2(0, 0);
    frame.DisplaySize = m_window;
}

std::string ScreenRotation::traceToWindow(const std::string& line) const {
    if (m_rotation == Rotation::None) return line;
    nlohmann::json trace = nlohmann::json::parse(line);
    for (nlohmann::json& it : trace["items"]) {
        const float x = it["x"].get<float>(), y = it["y"].get<float>();
        const ImVec4 r = toWindow(ImVec4(x, y, x + it["w"].get<float>(), y + it["h"].get<float>()));
        it["x"] = std::lround(r.x);
        it["y"] = std::lround(r.y);
        it["w"] = std::lround(r.z - r.x);
        it["h"] = std::lround(r.w - r.y);
    }
    return trace.dump();
}

}  // namespace hailong::app
