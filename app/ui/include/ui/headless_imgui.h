#pragma once
// An ImGui context with the kiosk's theme and fonts and no window or GL: for tests and
// benchmarks that build frames of the real screens (platform-notes section 6).
#include "ui/fonts.h"

#include <imgui.h>

namespace hailong::app {

class HeadlessImGui {
public:
    /// Creates and makes current a context of this display size, with fonts for a panel of
    /// pxPerMm (0: the density core::resolvePanelDensity assumes when nothing is known).
    /// Throws FontError.
    explicit HeadlessImGui(ImVec2 displaySize, double pxPerMm = 0);
    ~HeadlessImGui();
    HeadlessImGui(const HeadlessImGui&) = delete;
    HeadlessImGui& operator=(const HeadlessImGui&) = delete;

    const FontSet& fonts() const { return m_fonts; }
    int atlasWidth() const { return m_atlasWidth; }
    int atlasHeight() const { return m_atlasHeight; }

private:
    FontSet m_fonts;
    int m_atlasWidth = 0;
    int m_atlasHeight = 0;
};

}  // namespace hailong::app
