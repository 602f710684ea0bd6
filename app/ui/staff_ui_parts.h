#pragma once
// What the files of the staff screens share (staff_ui.cpp, staff_export_ui.cpp, staff_settings_ui.cpp...).
#include "ui/staff_ui.h"
#include "ui/widgets.h"

#include <cstdint>
#include <string>
#include <utility>

namespace hailong::app {

struct StaffUi::Layout : ScreenLayout {
    float gap() const { return u(18); }
};

/// A tap's action, run after the frame (so the state does not change while it is drawn).
template <class F>
void StaffUi::act(F&& call) {
    m_pending.emplace_back(std::forward<F>(call));
}

/// "1.2 GB", "350 kB"; "?" for a negative (unknown) size.
std::string bytesText(std::int64_t bytes);

}  // namespace hailong::app
