#include "ui/pointer_queue.h"

namespace hailong::app {

PointerQueue::State PointerQueue::next() {
    while (!m_events.empty()) {
        const Event e = m_events.front();
        m_events.pop_front();
        if (!e.isButton) {
            m_now.pos = e.pos;
        } else if (e.down != m_now.down) {
            m_now.down = e.down;
            break;  // one press or release per frame
        }
    }
    return m_now;
}

}  // namespace hailong::app
