#pragma once
// Where the keys of a physical keyboard and of a barcode scanner go (issue 15), and the
// dossier code a scan links. A USB scanner types like a keyboard: a burst of fast keys
// ended by Enter (ScannerInput tells it from a person). On the citizen side a scan links
// the next response to its dossier code, for DossierLinkMs at most; on the comment screen
// a person's keys type the comment and a scan in the middle is taken out again; on the
// staff PIN pad a scan is dropped, never taken as a PIN; elsewhere on the staff side keys
// go to the field or pad on screen.
//
// KeyRouter decides and keeps the scanner's state and the dossier link (in the flow's
// context); the caller makes the call the answer names (so storage errors are shown the
// way the screen shows them). Not thread-safe; the flow and clock must outlive it.
#include "base/clock.h"
#include "flow/staff_flow.h"
#include "flow/survey_flow.h"
#include "survey/scanner_input.h"

#include <cstdint>
#include <string>

namespace hailong::core {

/// What is in front of the keys.
enum class KeyFocus {
    Citizen,    ///< a citizen screen without text: only a scan (its Enter) does something
    Comment,    ///< the citizen's comment screen
    StaffPin,   ///< the staff side's PIN pad
    StaffText,  ///< a staff text field on the on-screen keyboard
    StaffPad,   ///< any other staff screen: its pad (the dossier code, ...)
};
/// The focus for the sides' screens: the staff side when it is open, else the citizen's.
[[nodiscard]] KeyFocus keyFocus(bool staffOpen, StaffScreen staff, Screen citizen);

/// Where a key goes: the call the caller makes for it.
enum class KeyAction {
    None,             ///< nowhere
    Comment,          ///< SurveyFlow::typeChar / typeBackspace / typeEnter
    StaffText,        ///< StaffFlow::textKey / textBackspace / submit
    StaffPad,         ///< StaffFlow::digit / backspace / submit
    ClearStaffInput,  ///< a scan on the PIN pad: StaffFlow::clearInput, the keys never count
    DossierLinked,    ///< a scan linked the next response (already in the flow's context)
    BadScan,          ///< a scan whose code is not a dossier code: say so ("scan.bad_code")
};

class KeyRouter {
public:
    /// A linked dossier code no rating followed is dropped after this, once the citizen
    /// screen is idle: the citizen left, and the next one must not count as that dossier.
    static constexpr std::int64_t DossierLinkMs = 5 * 60'000;

    KeyRouter(SurveyFlow& flow, const Clock& clock);

    /// A typed character. On the comment screen every key is typed (a scan can only be told
    /// by the Enter that ends it), and the comment is remembered where a scan could have
    /// begun, so onEnter can take the scan out again. On the PIN pad, keys of a burst clear it.
    /// The staff pad takes ASCII only.
    [[nodiscard]] KeyAction onChar(std::uint32_t codepoint, KeyFocus focus);
    /// Backspace: ends any scan; deletes in the field in front.
    [[nodiscard]] KeyAction onBackspace(KeyFocus focus);
    /// Enter. Ending a scan on the citizen side: the keys it typed into the comment are taken
    /// out and its code, checked against dossierPattern, links the next response (DossierLinked)
    /// or is refused (BadScan). Ending a scan on the PIN pad: ClearStaffInput. Else Enter of a
    /// person: "done" on the comment, submit on the staff side.
    [[nodiscard]] KeyAction onEnter(KeyFocus focus, const std::string& dossierPattern);

    /// Links the next response to code (a scan, or keyed in by the officer); "" unlinks.
    void linkDossier(const std::string& code);
    /// Drops a linked code DossierLinkMs after it was linked, if the citizen screen is idle
    /// (no response under way). True if it did (the screen shows no code any more).
    [[nodiscard]] bool tick();

private:
    SurveyFlow& m_flow;
    const Clock& m_clock;
    ScannerInput m_scanner;
    std::int64_t m_linkedMonoMs = 0;
};

}  // namespace hailong::core
