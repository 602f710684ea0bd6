#pragma once
// Touch widgets drawn with ImDrawList. A tap counts when the finger goes down and up
// on the same item (ImGui's press-on-release); nothing depends on hover or double tap.
// Every tappable item is recorded with its label and rectangle for --trace-ui.
#include <imgui.h>

#include <algorithm>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hailong::app {

struct Rect {
    float x = 0, y = 0, w = 0, h = 0;
    ImVec2 min() const { return {x, y}; }
    ImVec2 max() const { return {x + w, y + h}; }
    ImVec2 center() const { return {x + w * 0.5f, y + h * 0.5f}; }
    Rect inset(float d) const { return {x + d, y + d, w - 2 * d, h - 2 * d}; }
};

/// Sizes of one full-screen frame in logical units; u() turns them into pixels. Screens
/// are designed at 1280x720 (720x1280 in portrait) and scaled once (STYLE 2.15).
struct ScreenLayout {
    float W = 0, H = 0, s = 1;
    bool portrait = false;
    ImDrawList* dl = nullptr;
    float topBarMin = 0;  ///< what the top bar's text needs (fonts sized in mm can be taller than the design)
    float u(float v) const { return v * s; }
    float margin() const { return u(32); }
    float topBarH() const { return std::max(u(104), topBarMin); }
    float navH() const { return u(84); }
    Rect content() const { return {margin(), topBarH(), W - 2 * margin(), H - topBarH() - margin()}; }
    /// For the display size of the current ImGui frame (dl is set once the window begins).
    static ScreenLayout forDisplay(ImVec2 size, float scale, float topBarMin = 0) {
        ScreenLayout l;
        l.topBarMin = topBarMin;
        l.W = size.x;
        l.H = size.y;
        l.s = scale;
        l.portrait = size.y > size.x;
        return l;
    }
};

/// Begins the one undecorated window that covers the display and returns its draw list.
/// The caller ends it with ImGui::End().
ImDrawList* beginScreenWindow(const char* name, ImVec2 size);

/// A tappable item as shown: id, visible label, rectangle in window pixels.
struct UiItem {
    std::string id;
    std::string label;
    Rect rect;
};

enum class ButtonKind { Primary, Secondary, Quiet };

/// Collects the items of one frame.
class ItemList {
public:
    void clear() { m_items.clear(); }
    void add(std::string id, std::string label, Rect r) { m_items.push_back({std::move(id), std::move(label), r}); }
    const std::vector<UiItem>& items() const { return m_items; }

    /// Explore by touch (speech mode, core::KioskVoice): tapArea tells `press` when a finger goes
    /// down on an item, and a release counts as a tap only if `release` says so. Unset: every
    /// release on the item counts.
    struct Explore {
        std::function<void(const std::string& id, const std::string& label)> press;
        std::function<bool(const std::string& id)> release;
    };
    void setExplore(Explore e) { m_explore = std::move(e); }
    const Explore& explore() const { return m_explore; }

private:
    std::vector<UiItem> m_items;
    Explore m_explore;
};

/// {"screen":..., "lang":..., "items":[{"id","label","x","y","w","h"}...]}: one --trace-ui line.
std::string traceJson(const std::string& screen, std::string_view lang, const std::vector<UiItem>& items);

struct Tap {
    bool clicked = false;  ///< released on the item this frame
    bool held = false;     ///< finger down on it now (pressed look)
};

/// An invisible tap target at r. The caller draws it (using held for feedback).
Tap tapArea(ItemList& items, const std::string& id, const std::string& label, Rect r);

/// A rounded button with a centred, wrapped label.
bool touchButton(ItemList& items, const std::string& id, const std::string& label, Rect r, ButtonKind kind,
                 ImFont* font);

/// Text wrapped to box width, each line centred (or left-aligned); returns the height used.
float drawText(ImDrawList* dl, ImFont* font, const std::string& text, Rect box, ImU32 col, bool centre = true);
/// Every text drawText draws while an instance lives, with where it went (window pixels):
/// lets tests check what a person reads, not only what they can tap. One at a time.
class TextCapture {
public:
    struct Drawn {
        std::string text;
        Rect box;  ///< width as given, height as used
        const ImFont* font = nullptr;
    };
    TextCapture();
    ~TextCapture();
    TextCapture(const TextCapture&) = delete;
    TextCapture& operator=(const TextCapture&) = delete;
    const std::vector<Drawn>& drawn() const { return m_drawn; }
    void clear() { m_drawn.clear(); }
    /// The first text drawn that contains part, or null.
    const Drawn* find(const std::string& part) const;

private:
    friend float drawText(ImDrawList*, ImFont*, const std::string&, Rect, ImU32, bool);
    std::vector<Drawn> m_drawn;
};

/// Replaces each "{name}" in a translated text by its value.
std::string fillIn(std::string text, std::initializer_list<std::pair<const char*, std::string>> values);
/// Height the same text would take.
float textHeight(ImFont* font, const std::string& text, float wrapWidth);

}  // namespace hailong::app
