#pragma once
// What a package tells kiosks of their batches (batch/package.h: BatchReceipt), from the store:
// only batches counted in the figures are acknowledged (those held apart as forks, overlaps or
// chain breaks, or set aside, are not), so a kiosk keeps them until an analyst decides.
#include "batch/package.h"
#include "hq/hq_store.h"

#include <string>
#include <vector>

namespace hailong::core {

/// upTo: the highest N with every batch 1..N counted; last: the highest-numbered batch counted
/// (its number, digest, seq_last, and audit_last from its stored file's head; 0 if the file is
/// not stored). A kiosk with no batch counted: all 0.
BatchReceipt batchReceipt(const HqStore& store, const std::string& kioskId);

/// The unit code a kiosk is at now: that of its latest counted batch (else its latest stored
/// batch), else the unit it was registered with.
std::string kioskUnit(const HqStore& store, const TrustedKiosk& kiosk);

/// The registered kiosks at unitCode (kioskUnit), by id.
std::vector<std::string> kiosksOfUnit(const HqStore& store, const std::string& unitCode);

}  // namespace hailong::core
