// hailong ime: the kiosk's Vietnamese input engine (core/telex) on the command line, so anyone can
// check it against their own cases: one line of keys in, one line of text out.
#include "commands.h"
#include "ime/telex.h"

#include <iostream>
#include <string>

namespace hailong::cli {

namespace {
struct ImeArgs {
    bool vni = false;
    bool newStyle = false;
};

int runIme(const ImeArgs& a) {
    core::TelexOptions options;
    options.vni = a.vni;
    options.modernToneStyle = a.newStyle;
    std::string line;
    while (std::getline(std::cin, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();  // CRLF files
        // A fresh engine per line: each line is one typing session ended by a word break, so
        // a {BS} at the start of a line never reaches into the line before.
        std::cout << core::typeKeys(line, options) << '\n';
    }
    if (!std::cout.flush()) {
        std::cerr << "hailong ime: cannot write the output\n";
        return ExitFailed;
    }
    return ExitOk;
}
}  // namespace

void addImeCommand(CLI::App& app, int& exitCode) {
    auto args = std::make_shared<ImeArgs>();
    CLI::App* cmd = app.add_subcommand(
        "ime", "Type keys through the kiosk's Vietnamese input engine (Telex; VNI with --vni): each line of "
               "standard input is one typing session, and the text it makes is printed as one line.");
    cmd->add_flag("--vni", args->vni, "VNI keys (digits 1-9, 0) instead of Telex letters");
    cmd->add_flag(
        "--new-style", args->newStyle,
        "New-style tone placement on open oa, oe, uy (hoà, khoẻ, thuỷ) instead of the default hòa, khỏe, thủy");
    cmd->footer(
        "Input: UTF-8 lines; every character is one key, except {BS}, which is one backspace. The line's end "
        "is a word break (as a space is): a word that cannot be Vietnamese and shows a mark comes back as "
        "typed. Output: NFC, precomposed.\n"
        "Example:\n"
        "  printf 'Tooi raats hafi lofng\\nvieetj{BS}\\nWindows\\n' | hailong ime\n"
        "  Tôi rất hài lòng\n"
        "  việ\n"
        "  Windows\n"
        "  printf 'Vie65t Nam\\nhoa2\\n' | hailong ime --vni --new-style\n"
        "  Việt Nam\n"
        "  hoà\n"
        "Rules: shared/docs/telex-rules.md. Exit codes: 0 ok, 1 output could not be written, 2 bad command line.");
    cmd->callback([args, &exitCode] { exitCode = runIme(*args); });
}

}  // namespace hailong::cli
