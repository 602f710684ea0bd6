#include "ui/theme.h"

#include <algorithm>
#include <cmath>

namespace hailong::app {

void applyTheme(ImGuiStyle& style) {
    style.WindowPadding = ImVec2(0, 0);
    style.WindowBorderSize = 0;
    style.WindowRounding = 0;
    style.FramePadding = ImVec2(0, 0);
    style.ItemSpacing = ImVec2(0, 0);
    style.TouchExtraPadding = ImVec2(0, 0);  // targets are big already; overlaps go to the first item
    style.AntiAliasedFill = true;
    style.AntiAliasedLines = true;
    ImVec4* c = style.Colors;
    c[ImGuiCol_WindowBg] = ImGui::ColorConvertU32ToFloat4(color::Background);
    c[ImGuiCol_Text] = ImGui::ColorConvertU32ToFloat4(color::Text);
    // A finger leaves the pointer where it lifted: hover colours would stick, so there are none.
    c[ImGuiCol_ButtonHovered] = c[ImGuiCol_Button];
    c[ImGuiCol_HeaderHovered] = c[ImGuiCol_Header];
}

namespace {
double channel(unsigned v) {
    const double c = v / 255.0;
    return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}
double luminance(ImU32 col) {
    const unsigned r = (col >> IM_COL32_R_SHIFT) & 0xFF, g = (col >> IM_COL32_G_SHIFT) & 0xFF,
                   b = (col >> IM_COL32_B_SHIFT) & 0xFF;
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}
}  // namespace

double contrastRatio(ImU32 a, ImU32 b) {
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

}  // namespace hailong::app
