#include "ui/headless_imgui.h"

#include "ui/kiosk_ui.h"
#include "ui/theme.h"

namespace hailong::app {

HeadlessImGui::HeadlessImGui(ImVec2 displaySize, double pxPerMm) {
    if (pxPerMm <= 0)
        pxPerMm =
            core::resolvePanelDensity(static_cast<int>(displaySize.x), static_cast<int>(displaySize.y), 0, 0).pxPerMm;
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = displaySize;
    io.DeltaTime = 1.0f / 60.0f;
    applyTheme(ImGui::GetStyle());
    try {
        m_fonts = KioskUi::loadFonts(io, displaySize, pxPerMm, core::Strings::builtIn());
    } catch (...) {
        ImGui::DestroyContext();
        throw;
    }
    unsigned char* pixels = nullptr;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &m_atlasWidth, &m_atlasHeight);  // NewFrame asserts without it
}

HeadlessImGui::~HeadlessImGui() { ImGui::DestroyContext(); }

}  // namespace hailong::app
