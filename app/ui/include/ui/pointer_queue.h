#pragma once
// Touches in the order they came, handed to ImGui one press or release per frame.
//
// ImGui 1.86 reads the pointer once per frame (its GLFW backend polls it; the input queue came
// in 1.87). When a frame takes long (an old PC drawing with the software renderer, a busy
// moment), two quick taps land in one frame: the release of the first and the press of the
// second cancel out, and a tap is lost. Here the pointer's moves and its presses and releases
// are queued as they arrive, and each frame takes the moves up to the next press or release
// and that one transition: the next frame takes the rest. No tap is lost however slow a frame.
#include <imgui.h>

#include <cfloat>
#include <deque>

namespace hailong::app {

class PointerQueue {
public:
    struct State {
        ImVec2 pos;
        bool down = false;
    };

    explicit PointerQueue(ImVec2 start = ImVec2(-FLT_MAX, -FLT_MAX)) { m_now.pos = start; }

    void moved(ImVec2 pos) { m_events.push_back({false, pos, false}); }
    void button(bool down) { m_events.push_back({true, {}, down}); }

    /// The pointer for the next frame: every move up to and including the next press or
    /// release; what comes after stays for the frames after.
    State next();
    /// Events wait for a later frame.
    bool pending() const { return !m_events.empty(); }

private:
    struct Event {
        bool isButton;
        ImVec2 pos;
        bool down;
    };
    std::deque<Event> m_events;
    State m_now;
};

}  // namespace hailong::app
