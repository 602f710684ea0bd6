// Writes the batch files of the counting-rule tests (support/conflict_files.h: a fork, an
// overlapping range, a chain break, a late misuse mark, a replaced rating), signed by two test
// kiosks, into OUT/batches, and their key files into OUT/keys, for check_held_command.py.
#include "batch/key_file.h"
#include "support/conflict_files.h"

#include <fstream>
#include <iostream>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: make_conflict_batches OUT\n";
        return 2;
    }
    const hailong::test::fs::path out = argv[1];
    try {
        const hailong::test::ConflictFiles files(out / "batches");
        hailong::test::fs::create_directories(out / "keys");
        std::ofstream(out / "keys" / "a.json") << hailong::core::formatKioskKeyFile(files.a.keyFile());
        std::ofstream(out / "keys" / "b.json") << hailong::core::formatKioskKeyFile(files.b.keyFile());
        std::cout << files.a.kioskId() << " " << files.a3.digest << " " << files.a3x.digest << "\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "make_conflict_batches: " << e.what() << "\n";
        return 1;
    }
}
