#include "ui/fonts.h"

#include <imgui_freetype.h>

#include <algorithm>
#include <array>
#include <cmath>
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
    throw FontError("No font with Vietnamese letters was found (looked for Noto Sans in /usr/share/fonts/truetype/noto "
                    "and DejaVu Sans in /usr/share/fonts/truetype/dejavu). Install one: "
                    "sudo apt-get install fonts-noto-core   (or set HAILONG_FONT_DIR to a folder holding them)");
}

namespace {
void useFreeType(ImFontAtlas& atlas) {
    atlas.FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
    atlas.FontBuilderFlags = ImGuiFreeTypeBuilderFlags_LightHinting;
}

// Capital height / pixel size of the regular and bold files (the smaller), from an H built
// at 200 px. FreeType's pixel size is ascent to descent, so this is about 0.52 for Noto Sans.
double capHeightRatio(const FontFiles& files) {
    ImFontAtlas atlas;
    useFreeType(atlas);
    static const ImWchar onlyH[] = {'H', 'H', 0};
    constexpr float probe = 200;
    ImFontConfig cfg;
    cfg.OversampleH = cfg.OversampleV = 1;
    ImFont* regular = atlas.AddFontFromFileTTF(files.regular.c_str(), probe, &cfg, onlyH);
    ImFont* bold = atlas.AddFontFromFileTTF(files.bold.c_str(), probe, &cfg, onlyH);
    if (!regular || !bold || !atlas.Build()) throw FontError("Cannot load the font file " + files.regular.string());
    const int cap = std::min(measuredCapPx(regular), measuredCapPx(bold));
    if (cap <= 0) throw FontError("The font " + files.regular.string() + " has no capital H");
    return cap / static_cast<double>(probe);
}
}  // namespace

int measuredCapPx(const ImFont* font) {
    ImFontAtlas* atlas = font->ContainerAtlas;
    unsigned char* pixels = nullptr;
    int texW = 0, texH = 0;
    atlas->GetTexDataAsAlpha8(&pixels, &texW, &texH);
    const ImFontGlyph* g = font->FindGlyphNoFallback('H');
    if (!pixels || !g) return 0;
    const int x0 = static_cast<int>(std::lround(g->U0 * static_cast<float>(texW)));
    const int x1 = static_cast<int>(std::lround(g->U1 * static_cast<float>(texW)));
    const int y0 = static_cast<int>(std::lround(g->V0 * static_cast<float>(texH)));
    const int y1 = static_cast<int>(std::lround(g->V1 * static_cast<float>(texH)));
    int rows = 0;
    for (int y = y0; y < y1; ++y) {
        bool ink = false;
        for (int x = x0; x < x1 && !ink; ++x)
            ink = pixels[static_cast<std::size_t>(y) * static_cast<std::size_t>(texW) + static_cast<std::size_t>(x)] >=
                  128;
        rows += ink ? 1 : 0;
    }
    return rows;
}

FontSet loadFontsForPanel(ImGuiIO& io, const FontFiles& files, float layoutScale, double pxPerMm,
                          const std::string& hugeText) {
    double ratio = capHeightRatio(files);
    const double need = core::MinCapHeightMm * pxPerMm;
    for (int attempt = 0;; ++attempt) {
        FontSet set = loadFonts(io, files, layoutScale, core::textSizesFor(layoutScale, pxPerMm, ratio), hugeText);
        set.pxPerMm = pxPerMm;
        if ((measuredCapPx(set.small) >= need && measuredCapPx(set.body) >= need) || attempt == 4) return set;
        ratio *= 0.97;  // hinting rounded a capital down: a little larger
    }
}

FontSet loadFonts(ImGuiIO& io, const FontFiles& files, float layoutScale, const core::TextSizes& sizes,
                  const std::string& hugeText) {
    io.Fonts->Clear();
    useFreeType(*io.Fonts);
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
    hugeBuilder.AddChar(L'H');  // its capital height is measured (measuredCapPx)
    hugeBuilder.BuildRanges(hugeRanges.get());
    auto add = [&](const fs::path& file, float px, const ImWchar* glyphs) {
        ImFontConfig cfg;
        cfg.OversampleH = cfg.OversampleV = 1;  // FreeType hinting; oversampling only costs memory
        ImFont* f = io.Fonts->AddFontFromFileTTF(file.c_str(), px, &cfg, glyphs);
        if (!f) throw FontError("Cannot load the font file " + file.string());
        return f;
    };
    FontSet set;
    set.scale = layoutScale;
    set.ranges = ranges;
    set.hugeRanges = hugeRanges;
    set.small = add(files.regular, sizes.small, ranges->Data);
    set.body = add(files.regular, sizes.body, ranges->Data);
    set.button = add(files.bold, sizes.button, ranges->Data);
    set.title = add(files.bold, sizes.title, ranges->Data);
    set.huge = add(files.bold, sizes.huge, hugeRanges->Data);
    // The staff screens' sizes; a font already there at that size is shared.
    auto design = [&](ImFont* same, const fs::path& file, float logicalPx) {
        const float px = logicalPx * layoutScale;
        return std::abs(px - same->FontSize) < 0.5f ? same : add(file, px, ranges->Data);
    };
    set.designSmall = design(set.small, files.regular, 26);
    set.designBody = design(set.body, files.regular, 28);
    set.designButton = design(set.button, files.bold, 32);
    set.designTitle = design(set.title, files.bold, 42);
    if (!io.Fonts->Build()) throw FontError("Cannot build the font atlas from " + files.regular.string());
    io.FontDefault = set.body;
    return set;
}

}  // namespace hailong::app
