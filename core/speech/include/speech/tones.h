#pragma once
// The kiosk's two short sounds, made in code (a unit's voice pack may replace them with files
// named sound.confirm and sound.refuse): a rising two-note chime when a rating is stored, and a
// low, soft double note when a tap was refused (a double tap). Both under 0.4 s, with soft
// edges (no click), peaks below full scale.
#include "speech/pcm.h"

namespace hailong::core {

Pcm confirmTone();
Pcm refuseTone();

}  // namespace hailong::core
