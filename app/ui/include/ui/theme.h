#pragma once
// Colours and sizes of the kiosk, in one place. Light theme: public offices are bright,
// and dark text on a light background reads best at arm's length. Every text/background
// pair here has a contrast ratio of at least 4.5:1 (WCAG AA); see tests/app.
#include <imgui.h>

namespace hailong::app {

namespace color {
constexpr ImU32 rgb(unsigned r, unsigned g, unsigned b) { return IM_COL32(r, g, b, 255); }
constexpr ImU32 Background = rgb(0xF3, 0xF5, 0xF8);
constexpr ImU32 Text = rgb(0x14, 0x21, 0x3D);       // navy, 14.9:1 on Background
constexpr ImU32 TextMuted = rgb(0x3C, 0x4A, 0x5E);  // 8.1:1 on Background
constexpr ImU32 Card = rgb(0xFF, 0xFF, 0xFF);
// The edge of cards, quiet buttons and empty tick boxes: 3.5:1 on Background, 3.9:1 on
// Card, 3.1:1 on SecondaryPressed (WCAG 1.4.11 asks 3:1 for the edges of controls).
constexpr ImU32 CardBorder = rgb(0x77, 0x83, 0x8F);
constexpr ImU32 Primary = rgb(0x0B, 0x5C, 0xAD);  // white text on it: 6.6:1
constexpr ImU32 PrimaryPressed = rgb(0x08, 0x44, 0x80);
constexpr ImU32 OnPrimary = rgb(0xFF, 0xFF, 0xFF);
constexpr ImU32 SecondaryPressed = rgb(0xDC, 0xE6, 0xF2);
constexpr ImU32 Selected = rgb(0xE3, 0xEE, 0xFA);
constexpr ImU32 Error = rgb(0xB3, 0x26, 0x1E);  // white text on it: 6.5:1
constexpr ImU32 Success = rgb(0x1E, 0x7E, 0x34);
// Faces. They differ in lightness, not only in hue, so that a citizen who cannot tell red
// from green still tells them apart (3:1, WCAG 1.4.11). Three levels: very satisfied dark
// green, satisfied light yellow-green, not satisfied red-orange: every pair at least 3.08:1.
// Five levels (SIPAS) alternate dark and light so that neighbours reach 3:1: very
// satisfied dark green, satisfied light yellow-green, neutral ochre, dissatisfied light
// peach, very dissatisfied red-orange. A light face gets navy features and a navy ring
// (drawFace picks the ink).
constexpr ImU32 FaceVeryGood = rgb(0x0B, 0x3B, 0x1D);
constexpr ImU32 FaceGood = rgb(0xD4, 0xEA, 0x62);
constexpr ImU32 FaceNeutral = rgb(0xAD, 0x70, 0x1F);
constexpr ImU32 FaceBad = rgb(0xFF, 0xD9, 0xBA);
constexpr ImU32 FaceVeryBad = rgb(0xE3, 0x43, 0x2C);
constexpr ImU32 Star = rgb(0xE8, 0xA3, 0x17);
}  // namespace color

/// Applies the touch style: no hover effects, no window padding or borders.
void applyTheme(ImGuiStyle& style);

/// Contrast ratio of two colours as WCAG 2 defines it (1..21).
double contrastRatio(ImU32 a, ImU32 b);

}  // namespace hailong::app
