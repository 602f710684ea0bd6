#pragma once
// Faces and stars drawn with ImDrawList: no image files, sharp at any size.
#include <imgui.h>

#include <string>

namespace hailong::app {

/// White or navy: whichever contrasts more with a face of this fill (eyes, mouth, ring).
ImU32 faceInk(ImU32 fill);
/// mood: 1 = big smile, 0 = flat, -1 = deep frown.
void drawFace(ImDrawList* dl, ImVec2 centre, float radius, float mood, ImU32 fill);
/// A five-pointed star, filled or outlined.
void drawStar(ImDrawList* dl, ImVec2 centre, float radius, ImU32 col, bool filled);
/// A tick mark in a circle (thank-you screen, selected options).
void drawCheck(ImDrawList* dl, ImVec2 centre, float size, ImU32 col, float thickness);

/// A loudspeaker with sound waves (speech mode's buttons); `waves` arcs, 1..3.
void drawSpeaker(ImDrawList* dl, ImVec2 centre, float size, ImU32 col, int waves);

/// The mood and colour of a rating option of the 3- or 5-level scales.
struct FaceStyle {
    float mood = 0;
    ImU32 fill = 0;
};
FaceStyle faceStyleFor(const std::string& optionId);

}  // namespace hailong::app
