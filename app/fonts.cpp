#include "app/fonts.h"

#include <imgui_freetype.h>

#include <array>
#include <cstdlib>
#include <vector>

namespace hailong::app {

namespace fs = std::filesystem;

FontFiles findFontFiles() {
    std::vector<fs::path> dirs;
    if (const char* env = std::getenv("HAILONG_FONT_DIR")) dirs.emplace_back(env);
    dirs.emplace_back("/usr/share/fonts/truetype/noto");
    dirs.emplace_back("/usr/share/fonts/truetype/dejavu");
    // Both families cover every Vietnamese letter with its stacked marks (ấ, ộ, ữ...).
    const std::array<std::pair<const char*, const char*>, 2> families{{
        {"NotoSans-Regular.ttf", "NotoSans-Bold.ttf"},
        {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf"},
    }};
    for (const fs::path& dir : dirs)
        for (const auto& [regular, bold] : families) {
            std::error_code ec;
            if (fs::is_regular_file(dir / regular, ec) && fs::is_regular_file(dir / bold, ec))
                return {dir / regular, dir / bold};
        }
    throw FontError(
        "No font with Vietnamese letters was found (looked for Noto Sans in /usr/share/fonts/truetype/noto "
        "and DejaVu Sans in /usr/share/fonts/truetype/dejavu). Install one: "
        "sudo apt-get install fonts-noto-core   (or set HAILONG_FONT_DIR to a folder holding them)");
}

FontSet loadFonts(ImGuiIO& io, const FontFiles& files, float scale, const std::string& hugeText) {
    io.Fonts->Clear();
    io.Fonts->FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
    io.Fonts->FontBuilderFlags = ImGuiFreeTypeBuilderFlags_LightHinting;
    // Vietnamese letters plus typographic punctuation (dashes, quotes, ellipsis), which
    // unit and counter names use.
    auto ranges = std::make_shared<ImVector<ImWchar>>();
    ImFontGlyphRangesBuilder builder;
    builder.AddRanges(io.Fonts->GetGlyphRangesVietnamese());
    static const ImWchar punctuation[] = {0x2010, 0x2027, 0x2030, 0x203A, 0x20AB, 0x20AB, 0};  // incl. ₫
    builder.AddRanges(punctuation);
    builder.BuildRanges(ranges.get());
    auto hugeRanges = std::make_shared<ImVector<ImWchar>>();
    ImFontGlyphRangesBuilder hugeBuilder;
    hugeBuilder.AddText(hugeText.c_str());
    hugeBuilder.AddChar(L'?');  // the fallback glyph
    hugeBuilder.BuildRanges(hugeRanges.get());
    auto add = [&](const fs::path& file, float logicalPx, const ImWchar* glyphs) {
        ImFontConfig cfg;
        cfg.OversampleH = cfg.OversampleV = 1;  // FreeType hinting; oversampling only costs memory
        ImFont* f = io.Fonts->AddFontFromFileTTF(file.c_str(), logicalPx * scale, &cfg, glyphs);
        if (!f) throw FontError("Cannot load the font file " + file.string());
        return f;
    };
    FontSet set;
    set.scale = scale;
    set.ranges = ranges;
    set.hugeRanges = hugeRanges;
    set.small = add(files.regular, 26, ranges->Data);
    set.body = add(files.regular, 28, ranges->Data);
    set.button = add(files.bold, 32, ranges->Data);
    set.title = add(files.bold, 42, ranges->Data);
    set.huge = add(files.bold, 60, hugeRanges->Data);
    if (!io.Fonts->Build()) throw FontError("Cannot build the font atlas from " + files.regular.string());
    io.FontDefault = set.body;
    return set;
}

} // namespace hailong::app
