// A panel mounted sideways: logical pixels (the screens' layout) to window pixels (X, xdotool,
// the touch screen) and back, for every rotation, and a frame's vertices turned with them.
#include "ui/screen_rotation.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using hailong::app::Rotation;
using hailong::app::ScreenRotation;

namespace {
bool same(ImVec2 a, ImVec2 b) { return a.x == Approx(b.x) && a.y == Approx(b.y); }
}  // namespace

TEST_CASE("rotation names are xrandr's, and nothing else is taken", "[rotation]") {
    CHECK(hailong::app::parseRotation("left") == Rotation::Left);
    CHECK(hailong::app::parseRotation("right") == Rotation::Right);
    CHECK(hailong::app::parseRotation("inverted") == Rotation::Inverted);
    CHECK(hailong::app::parseRotation("none") == Rotation::None);
    CHECK_FALSE(hailong::app::parseRotation("90").has_value());
    CHECK_FALSE(hailong::app::parseRotation("Left").has_value());
}

TEST_CASE("a landscape window turned a quarter is a portrait screen, corners where xrandr puts them", "[rotation]") {
    const ImVec2 window(1920, 1080);
    const ScreenRotation left(Rotation::Left, window), right(Rotation::Right, window);
    const ScreenRotation inverted(Rotation::Inverted, window), none(Rotation::None, window);
    CHECK(same(left.logicalSize(), {1080, 1920}));
    CHECK(same(right.logicalSize(), {1080, 1920}));
    CHECK(same(inverted.logicalSize(), window));
    CHECK(same(none.logicalSize(), window));
    // Left: the picture's top edge on the panel's left edge, its top-left corner at the bottom left.
    CHECK(same(left.toWindow({0, 0}), {0, 1080}));
    CHECK(same(left.toWindow({1080, 0}), {0, 0}));
    CHECK(same(left.toWindow({0, 1920}), {1920, 1080}));
    // Right: the top edge on the right, its top-left corner at the top right.
    CHECK(same(right.toWindow({0, 0}), {1920, 0}));
    CHECK(same(right.toWindow({1080, 0}), {1920, 1080}));
    // Upside down.
    CHECK(same(inverted.toWindow({0, 0}), {1920, 1080}));
    CHECK(same(none.toWindow({12, 34}), {12, 34}));
}

TEST_CASE("a touch in window pixels lands where it was drawn, for every rotation", "[rotation]") {
    for (const Rotation r : {Rotation::None, Rotation::Left, Rotation::Right, Rotation::Inverted}) {
        for (const ImVec2 window : {ImVec2(1920, 1080), ImVec2(1024, 768), ImVec2(1080, 1920)}) {
            const ScreenRotation turn(r, window);
            const ImVec2 size = turn.logicalSize();
            for (const ImVec2 p : {ImVec2(0, 0), ImVec2(size.x, size.y), ImVec2(size.x * 0.3f, size.y * 0.8f)}) {
                const ImVec2 w = turn.toWindow(p);
                CHECK(w.x >= 0);
                CHECK(w.y >= 0);
                CHECK(w.x <= window.x);
                CHECK(w.y <= window.y);
                CHECK(same(turn.toLogical(w), p));
            }
        }
    }
}

TEST_CASE("a button's rectangle turns into the rectangle it covers in the window", "[rotation]") {
    const ScreenRotation left(Rotation::Left, {1920, 1080});
    // 200 wide and 100 high at (10, 20) on the portrait screen: 100 wide, 200 high in the window.
    const ImVec4 r = left.toWindow(ImVec4(10, 20, 210, 120));
    CHECK(r.x == Approx(20));
    CHECK(r.y == Approx(1080 - 210));
    CHECK(r.z == Approx(120));
    CHECK(r.w == Approx(1080 - 10));
    const std::string line =
        R"({"items":[{"h":100,"id":"answer:satisfied","label":"Hài lòng","w":200,"x":10,"y":20}],"lang":"vi","screen":"idle"})";
    const nlohmann::json traced = nlohmann::json::parse(left.traceToWindow(line));
    const nlohmann::json& it = traced["items"][0];
    CHECK(it["x"] == 20);
    CHECK(it["y"] == 870);
    CHECK(it["w"] == 100);
    CHECK(it["h"] == 200);
    CHECK(it["label"] == "Hài lòng");
    CHECK(traced["screen"] == "idle");
    CHECK(ScreenRotation(Rotation::None, {1920, 1080}).traceToWindow(line) == line);
}
