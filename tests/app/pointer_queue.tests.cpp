// Touches that arrive faster than frames: each press and release gets a frame of its own, at
// the place where it happened, so ImGui (1.86, no input queue) sees every tap.
#include "ui/pointer_queue.h"

#include <catch2/catch.hpp>

using hailong::app::PointerQueue;

namespace {
bool at(PointerQueue::State s, float x, float y, bool down) { return s.pos.x == x && s.pos.y == y && s.down == down; }
}  // namespace

TEST_CASE("two taps that arrive within one frame reach ImGui as two taps", "[pointer]") {
    PointerQueue q({0, 0});
    // Finger on A, lifted; finger on B, lifted: all while the last frame was being drawn.
    q.moved({100, 200});
    q.button(true);
    q.button(false);
    q.moved({300, 400});
    q.button(true);
    q.button(false);
    CHECK(at(q.next(), 100, 200, true));   // A pressed
    CHECK(at(q.next(), 100, 200, false));  // A released where it was pressed: a tap on A
    CHECK(at(q.next(), 300, 400, true));   // then B
    CHECK(at(q.next(), 300, 400, false));
    CHECK_FALSE(q.pending());
    CHECK(at(q.next(), 300, 400, false));  // nothing new: the pointer stays
}

TEST_CASE("moves between transitions go with the next press or release", "[pointer]") {
    PointerQueue q;
    q.moved({10, 10});
    q.moved({20, 20});
    CHECK(at(q.next(), 20, 20, false));  // moves only: all of them in one frame
    q.button(true);
    q.moved({30, 30});
    q.moved({40, 40});
    q.button(false);
    CHECK(at(q.next(), 20, 20, true));  // pressed where the finger came down
    CHECK(q.pending());
    CHECK(at(q.next(), 40, 40, false));  // slid to (40, 40) and lifted there
}

TEST_CASE("a release or press that changes nothing takes no frame", "[pointer]") {
    PointerQueue q({5, 5});
    q.button(false);  // already up
    q.button(true);
    CHECK(at(q.next(), 5, 5, true));
    q.button(true);  // already down
    q.button(false);
    CHECK(at(q.next(), 5, 5, false));
    CHECK_FALSE(q.pending());
}
