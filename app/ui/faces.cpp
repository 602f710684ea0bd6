#include "ui/faces.h"

#include "ui/theme.h"

#include <cmath>

namespace hailong::app {

ImU32 faceInk(ImU32 fill) {
    return contrastRatio(color::OnPrimary, fill) >= contrastRatio(color::Text, fill) ? color::OnPrimary : color::Text;
}

void drawFace(ImDrawList* dl, ImVec2 c, float r, float mood, ImU32 fill) {
    dl->AddCircleFilled(c, r, fill, 64);
    // Eyes and mouth in white or navy, whichever stands out more; a face too light to stand
    // out from the white card is ringed in the same ink.
    const ImU32 ink = faceInk(fill);
    if (contrastRatio(fill, color::Card) < 3.0) dl->AddCircle(c, r - r * 0.03f, ink, 64, r * 0.06f);
    const float eyeR = r * 0.11f;
    dl->AddCircleFilled(ImVec2(c.x - r * 0.33f, c.y - r * 0.22f), eyeR, ink, 24);
    dl->AddCircleFilled(ImVec2(c.x + r * 0.33f, c.y - r * 0.22f), eyeR, ink, 24);
    // Mouth: a parabola whose ends rise (smile) or fall (frown) with the mood.
    const int n = 24;
    const float half = r * 0.46f;
    const float baseY = c.y + r * 0.36f - mood * r * 0.06f;
    dl->PathClear();
    for (int i = 0; i <= n; ++i) {
        const float t = -1.0f + 2.0f * static_cast<float>(i) / n;
        const float y = baseY - mood * r * 0.2f * (t * t - 1.0f) - mood * r * 0.2f;
        dl->PathLineTo(ImVec2(c.x + t * half, y));
    }
    dl->PathStroke(ink, 0, r * 0.1f);
    dl->AddCircleFilled(ImVec2(c.x - half, baseY - mood * r * 0.2f), r * 0.05f, ink, 12);
    dl->AddCircleFilled(ImVec2(c.x + half, baseY - mood * r * 0.2f), r * 0.05f, ink, 12);
}

void drawStar(ImDrawList* dl, ImVec2 c, float r, ImU32 col, bool filled) {
    ImVec2 pts[10];
    for (int i = 0; i < 10; ++i) {
        const float a = -1.5707963f + static_cast<float>(i) * 0.6283185f;
        const float rr = (i % 2 == 0) ? r : r * 0.45f;
        pts[i] = ImVec2(c.x + std::cos(a) * rr, c.y + std::sin(a) * rr);
    }
    if (filled) {
        // The star is concave: fill it as triangles from the centre.
        for (int i = 0; i < 10; ++i) dl->AddTriangleFilled(c, pts[i], pts[(i + 1) % 10], col);
    }
    dl->AddPolyline(pts, 10, col, ImDrawFlags_Closed, std::max(2.0f, r * 0.08f));
}

void drawCheck(ImDrawList* dl, ImVec2 c, float s, ImU32 col, float thickness) {
    const ImVec2 pts[3] = {
        {c.x - s * 0.5f, c.y}, {c.x - s * 0.12f, c.y + s * 0.38f}, {c.x + s * 0.55f, c.y - s * 0.4f}};
    dl->AddPolyline(pts, 3, col, 0, thickness);
}

void drawSpeaker(ImDrawList* dl, ImVec2 c, float s, ImU32 col, int waves) {
    // The box and the cone, left of centre; the waves to the right.
    const float x0 = c.x - s * 0.5f;
    dl->AddRectFilled(ImVec2(x0, c.y - s * 0.14f), ImVec2(x0 + s * 0.18f, c.y + s * 0.14f), col);
    dl->AddQuadFilled(ImVec2(x0 + s * 0.18f, c.y - s * 0.14f), ImVec2(x0 + s * 0.42f, c.y - s * 0.36f),
                      ImVec2(x0 + s * 0.42f, c.y + s * 0.36f), ImVec2(x0 + s * 0.18f, c.y + s * 0.14f), col);
    const ImVec2 o(x0 + s * 0.42f, c.y);
    for (int i = 0; i < waves && i < 3; ++i) {
        const float r = s * (0.16f + 0.15f * static_cast<float>(i));
        dl->PathArcTo(o, r, -0.85f, 0.85f, 16);
        dl->PathStroke(col, 0, std::max(2.0f, s * 0.07f));
    }
}

FaceStyle faceStyleFor(const std::string& id) {
    if (id == "very_satisfied") return {1.0f, color::FaceVeryGood};
    if (id == "satisfied") return {0.55f, color::FaceGood};
    if (id == "neutral") return {0.0f, color::FaceNeutral};
    if (id == "dissatisfied") return {-0.6f, color::FaceBad};
    if (id == "not_satisfied") return {-0.8f, color::FaceVeryBad};
    if (id == "very_dissatisfied") return {-1.0f, color::FaceVeryBad};
    return {0.0f, color::Primary};
}

}  // namespace hailong::app
