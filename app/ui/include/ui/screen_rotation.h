#pragma once
// A screen mounted sideways or upside down (a landscape panel standing as a portrait kiosk):
// the kiosk lays its screens out for the panel as it stands (the logical size) and turns the
// finished picture and the touches itself, a quarter turn at a time. Done here, not by the X
// server (xrandr), because the old PCs' framebuffer and VESA drivers cannot turn the picture,
// and a touch screen's coordinates would have to be turned separately.
#include <imgui.h>

#include <optional>
#include <string>
#include <string_view>

namespace hailong::app {

/// How the picture is turned on the panel, named as xrandr names them: Left puts the top of the
/// picture at the panel's left edge, Right at its right edge, Inverted at its bottom.
enum class Rotation { None, Left, Right, Inverted };

std::optional<Rotation> parseRotation(std::string_view name);  ///< "none", "left", "right", "inverted"

/// The mapping for one window size. Window pixels: what X, xdotool and the touch screen use.
/// Logical pixels: what the screens are laid out in, the panel as people see it.
class ScreenRotation {
public:
    ScreenRotation(Rotation rotation, ImVec2 windowSize) : m_rotation(rotation), m_window(windowSize) {}

    /// The panel as it stands: width and height swapped for a quarter turn.
    ImVec2 logicalSize() const;
    ImVec2 toWindow(ImVec2 logical) const;
    ImVec2 toLogical(ImVec2 window) const;
    /// An axis-aligned rectangle (x1, y1, x2, y2) in logical pixels as it lies in the window.
    ImVec4 toWindow(ImVec4 rect) const;
    /// Turns a rendered frame (every vertex and clip rectangle) so it draws into the window.
    void toWindow(ImDrawData& frame) const;
    /// A --trace-ui line with every item's rectangle in window pixels (what xdotool taps).
    std::string traceToWindow(const std::string& line) const;

private:
    Rotation m_rotation;
    ImVec2 m_window;
};

}  // namespace hailong::app
