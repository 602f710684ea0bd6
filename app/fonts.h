#pragma once
// Fonts with full Vietnamese coverage, found at run time in Debian's font packages
// (fonts-noto-core, else fonts-dejavu-core) and built once at the screen's scale.
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

struct FontSet {
    ImFont* small = nullptr;   ///< hints, footers (26 logical px)
    ImFont* body = nullptr;    ///< question details (28)
    ImFont* button = nullptr;  ///< button labels, bold (32)
    ImFont* title = nullptr;   ///< prompts and questions, bold (42)
    ImFont* huge = nullptr;    ///< thank-you, bold (60)
    float scale = 1.0f;
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

/// Adds the kiosk's fonts to io.Fonts at `scale` (logical px -> screen px) and builds
/// the atlas with FreeType. The huge font only gets the glyphs of hugeText (it shows a
/// few fixed words; the full Vietnamese range at that size would double the atlas).
/// Throws FontError if a file cannot be loaded.
FontSet loadFonts(ImGuiIO& io, const FontFiles& files, float scale, const std::string& hugeText);

} // namespace hailong::app
