#pragma once
// Fonts with full Vietnamese coverage, found at run time in Debian's font packages
// (fonts-noto-core, else fonts-dejavu-core) and built once at the screen's scale.
#include "flow/panel.h"

#include <imgui.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

namespace hailong::app {

class FontError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The kiosk's fonts. Sizes follow core::textSizesFor: the design's sizes (in logical px,
/// below) scaled to the screen, raised where the panel needs it for 4.8 mm capitals.
struct FontSet {
    ImFont* small = nullptr;   ///< hints, footers (26 logical px)
    ImFont* body = nullptr;    ///< question details (28)
    ImFont* button = nullptr;  ///< button labels, bold (32)
    ImFont* title = nullptr;   ///< prompts and questions, bold (42)
    ImFont* huge = nullptr;    ///< thank-you, bold (60)
    float scale = 1.0f;        ///< the layout's scale (logical px -> screen px); not the fonts'
    double pxPerMm = 0;        ///< the panel's density the fonts were sized for
    /// small, body, button, title at the design's sizes times scale (the same fonts when
    /// the panel needs no more): the staff screens, read by officers who set the kiosk up,
    /// keep the layout they were designed for (SPEC 4; the 4.8 mm rule is the citizen's).
    ImFont* designSmall = nullptr;
    ImFont* designBody = nullptr;
    ImFont* designButton = nullptr;
    ImFont* designTitle = nullptr;
    /// This set with the design-sized fonts in place of small, body, button and title.
    FontSet forStaff() const {
        FontSet s = *this;
        if (designSmall) {
            s.small = designSmall;
            s.body = designBody;
            s.button = designButton;
            s.title = designTitle;
        }
        return s;
    }
    /// The glyph ranges the atlas was built from: it keeps pointers to them, so they
    /// live as long as any copy of this set.
    std::shared_ptr<const ImVector<ImWchar>> ranges;
    std::shared_ptr<const ImVector<ImWchar>> hugeRanges;
};

struct FontFiles {
    std::filesystem::path regular;
    std::filesystem::path bold;
};

/// Finds a regular and a bold font. $HAILONG_FONT_DIR is searched first.
/// Throws FontError naming the packages to install when none is found.
FontFiles findFontFiles();

/// Adds the kiosk's fonts to io.Fonts at these pixel sizes and builds the atlas with
/// FreeType; layoutScale is only recorded. The huge font only gets the glyphs of hugeText
/// (it shows a few fixed words; the full Vietnamese range at that size would double the
/// atlas). Throws FontError if a file cannot be loaded.
FontSet loadFonts(ImGuiIO& io, const FontFiles& files, float layoutScale, const core::TextSizes& sizes,
                  const std::string& hugeText);

/// loadFonts with the sizes for a panel of pxPerMm: the capital height of the font files is
/// measured first, and the built small and body fonts are measured again (atlas pixels)
/// and enlarged until their capitals reach core::MinCapHeightMm.
FontSet loadFontsForPanel(ImGuiIO& io, const FontFiles& files, float layoutScale, double pxPerMm,
                          const std::string& hugeText);

/// The height in pixels of the capital H as rasterised in the atlas: rows of its bitmap
/// with a pixel at least half covered. ImGui draws glyphs 1:1, so this is what the screen
/// shows. Needs the atlas's pixels (built, not yet freed by GlfwPlatform::uploadFonts).
int measuredCapPx(const ImFont* font);

}  // namespace hailong::app
