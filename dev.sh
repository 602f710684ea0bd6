#!/usr/bin/env bash
# Hài Lòng developer entry point. On a fresh Debian 12 machine:
#   ./dev.sh run     install what is missing, build, start the kiosk full-screen (quit from the staff menu)
#   ./dev.sh test    install what is missing, build, run the whole test suite (all of the below)
#   ./dev.sh test --fast   build the test programs, run only the fast unit and UI tests (seconds;
#                          no PostgreSQL: the store contract suite runs on SQLite only)
#   ./dev.sh bench   install, build, run the benchmarks
#   ./dev.sh fuzz [seconds]   fuzz the batch reader, the key file parser and the questionnaire
#                             loader, side by side (default 600 s)
#   ./dev.sh package          build the Debian package build/hailong_<version>_amd64.deb
#   ./dev.sh offline-bundle   ... and build/hailong-offline_<version>_amd64.tar: the package with
#                             every Debian package it needs, for PCs without a network
#   ./dev.sh package-test     ... and install it into a clean Debian 12 root, with an upgrade
#                             from an older version (HAILONG_UPGRADE_FROM=<git rev>, or none),
#                             install the offline bundle in a root without a network, then boot
#                             a kiosk PC made of it in QEMU (HAILONG_BOOT_TEST=0 skips);
#                             see packaging/README.md
# `test` runs every ctest test, builds the .deb (lintian), runs the fast core tests again under
# ASan+UBSan (in build-fuzz, HAILONG_FUZZ_BUILD_DIR, beside the fuzz targets) and the [threads]
# tests under ThreadSanitizer (build-tsan), both with clang-14 (HAILONG_SANITIZERS=0 skips), and
# ends with a 30-second fuzz run (HAILONG_FUZZ_SECONDS=N to change, 0 to skip); see README,
# "Tests" and "Fuzzing".
# Extra arguments after `run` go to hailong-kiosk (e.g. ./dev.sh run --windowed --size 1366x768).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="${HAILONG_BUILD_DIR:-$here/build}"
fuzz_build="${HAILONG_FUZZ_BUILD_DIR:-$here/build-fuzz}"
tsan_build="${HAILONG_TSAN_BUILD_DIR:-$here/build-tsan}"
fuzz_targets=(batch_reader key_file questionnaire)

# Debian packages the project builds, tests and runs with. Nothing is downloaded at build time.
packages=(
  build-essential cmake pkg-config
  libimgui-dev libstb-dev libglfw3-dev libgl-dev libgl1-mesa-dri libfreetype-dev
  libsqlite3-dev libsqlitecpp-dev sqlite3 libsodium-dev libtomlplusplus-dev libcli11-dev libspdlog-dev libsimdjson-dev
  catch2 python3 nlohmann-json3-dev libxlsxwriter-dev python3-openpyxl libzstd-dev zstd
  libcpp-httplib-dev chromium chromium-driver python3-selenium python3-nacl  # hq serve, and its tests in a real browser; PyNaCl reads sealed batches in a test
  libzip-dev libpugixml-dev  # unit registries kept as .xlsx, read at headquarters
  postgresql libpq-dev       # headquarters on PostgreSQL: libpq, and the throwaway clusters of the [pg] tests
  libreoffice-calc-nogui  # soffice: the report workbook read back by LibreOffice (a test)
  fonts-noto-core fonts-dejavu-core
  xvfb xauth xdotool imagemagick
  clang-14 libclang-rt-14-dev llvm-14
  libsystemd-dev               # sd_notify: the kiosk tells systemd it is ready, and is alive
  libespeak-ng-dev libasound2-dev libsndfile1-dev libsamplerate0-dev sox  # speech: espeak-ng, ALSA, voice packs; sox checks sound in tests
  help2man dpkg-dev lintian    # the .deb: man pages, dependencies, its check
)
# Only for `package-test`: a clean Debian root, and a kiosk PC booted in QEMU from a disk image.
package_test_packages=(debootstrap qemu-system-x86 e2fsprogs dosfstools)

install_missing() {  # install_missing [more packages...]
  local missing=()
  for p in "${packages[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing missing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
}

build() {
  cmake -S "$here" -B "$build" -DHAILONG_WERROR=ON >/dev/null
  cmake --build "$build" -j "$(nproc)"
}

# The test programs only (and what they run), for `test --fast`.
build_tests() {
  cmake -S "$here" -B "$build" -DHAILONG_WERROR=ON >/dev/null
  cmake --build "$build" -j "$(nproc)" --target hailong_core_tests hailong_ui_tests
}

# The sanitizer builds optimise less and keep line tables only: they compile in much less time,
# and a report still names the file and line.
sanitizer_flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only")

# The tests tagged [threads] under ThreadSanitizer: clang-14, core and the suites that hold them.
run_tsan() {
  CC=clang-14 CXX=clang++-14 cmake -S "$here" -B "$tsan_build" -DHAILONG_TSAN=ON "${sanitizer_flags[@]}" \
    -DHAILONG_BUILD_APP=OFF -DHAILONG_WERROR=ON >/dev/null
  cmake --build "$tsan_build" -j "$(nproc)" --target hailong_thread_tests
  (cd "$tsan_build/tests" && TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1 second_deadlock_stack=1}" \
    ./hailong_thread_tests "[threads]" -w NoAssertions)
}

# The sanitizer build: clang with ASan and UBSan (and libFuzzer's coverage) on core, the fuzz
# targets and the core tests, in one build directory, so core is compiled once for both.
build_fuzz() {
  CC=clang-14 CXX=clang++-14 cmake -S "$here" -B "$fuzz_build" -DHAILONG_FUZZ=ON "${sanitizer_flags[@]}" \
    -DHAILONG_BUILD_APP=OFF -DHAILONG_BUILD_TESTS=ON -DHAILONG_WERROR=ON >/dev/null
  cmake --build "$fuzz_build" -j "$(nproc)" --target "${fuzz_targets[@]/#/fuzz_}" fuzz_seeds "$@"
}

# The core tests under AddressSanitizer and UndefinedBehaviorSanitizer (in the fuzz build); the
# slow ones (crash tests, the demo data set) ran in the normal build already.
run_asan() {
  build_fuzz hailong_core_tests
  [ -x /usr/lib/llvm-14/bin/llvm-symbolizer ] && export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer
  (cd "$fuzz_build" && UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}" ctest --output-on-failure -j 2 -L unit -LE slow)
}

# run_fuzz SECONDS: the targets side by side (sharing the cores) for SECONDS, from the seeds
# made by the build; fails on a crash, a leak, a hang (10 s) or 2 GB of memory. The corpus grows
# in the build dir, where crash inputs go too (never into the source tree).
run_fuzz() {
  local seconds="$1" dir="$fuzz_build/tests/fuzz" failed=0 t
  local -A pid=()
  mkdir -p "$dir/artifacts" "$dir/logs"
  [ -x /usr/lib/llvm-14/bin/llvm-symbolizer ] && export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer
  export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
  for t in "${fuzz_targets[@]}"; do
    mkdir -p "$dir/corpus/$t"
    "$dir/fuzz_$t" "$dir/corpus/$t" "$dir/seeds/$t" -dict="$here/tests/fuzz/$t.dict" \
      -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
      -artifact_prefix="$dir/artifacts/$t-" >"$dir/logs/$t.log" 2>&1 &
    pid[$t]=$!
  done
  for t in "${fuzz_targets[@]}"; do
    if wait "${pid[$t]}"; then
      echo "fuzz_$t: $(grep -h -o 'Done [0-9]* runs in [0-9]* second(s)' "$dir/logs/$t.log"), no crash, leak or hang"
    else
      failed=1
      echo "fuzz_$t FAILED (log: $dir/logs/$t.log); its last lines:" >&2
      grep -v -e NEW_FUNC -e '# Uses:' "$dir/logs/$t.log" | tail -n 60 >&2
    fi
  done
  if [ "$failed" -ne 0 ]; then
    echo "Inputs that failed: $(ls "$dir/artifacts" | tr '\n' ' ')(in $dir/artifacts)" >&2
    echo "Run one again with: $dir/fuzz_<target> FILE (the file name starts with the target)" >&2
    return 1
  fi
}

# The .deb of the tree in $1 (a build directory), checked by lintian: no errors allowed.
package() {
  local dir="$1" deb
  (cd "$dir" && cpack -G DEB >/dev/null)
  deb=$(ls -t "$dir"/hailong_*.deb | head -n 1)
  if ! lintian --fail-on error "$deb" >"$dir/lintian.txt" 2>&1; then
    echo "lintian finds errors in $deb:" >&2; grep '^E:' "$dir/lintian.txt" >&2; return 1
  fi
  echo "$deb (lintian: no errors, $(grep -c '^W:' "$dir/lintian.txt" || true) warnings in $dir/lintian.txt)"
}

# The package of an older commit (the same packaging files, its own programs), for the upgrade
# test: by default the last commit with database schema 3 (schema 4 added the export cache).
old_package() {
  local rev="$1" src="$here/build-old-src" dir="$here/build-old"
  rm -rf "$src"; mkdir -p "$src"
  git -C "$here" archive "$rev" | tar -x -C "$src"
  rm -rf "$src/packaging"; cp -r "$here/packaging" "$src/packaging"
  grep -q 'packaging/Packaging.cmake' "$src/CMakeLists.txt" || echo 'include(packaging/Packaging.cmake)' >>"$src/CMakeLists.txt"
  cmake -S "$src" -B "$dir" -DHAILONG_BUILD_TESTS=OFF -DHAILONG_PACKAGE_VERSION="0.0.$(git -C "$here" rev-list --count "$rev")" >/dev/null
  cmake --build "$dir" -j "$(nproc)" >/dev/null
  (cd "$dir" && cpack -G DEB >/dev/null)
  ls -t "$dir"/hailong_*.deb | head -n 1
}

cmd="${1:-run}"; shift || true
case "$cmd" in
  run)
    install_missing; build
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      echo "No display here (DISPLAY is not set). Run this from a graphical session, or look at" >&2
      echo "the screens with: xvfb-run -a $build/app/hailong-kiosk --screenshot shots --screen all" >&2
      exit 3
    fi
    exec "$build/app/hailong-kiosk" "$@" ;;
  test)
    if [ "${1:-}" = --fast ]; then
      install_missing; build_tests
      # No PostgreSQL cluster in the inner loop: the store contract suite on SQLite only.
      (cd "$build" && HAILONG_TEST_STORES=sqlite ctest --output-on-failure -j "$(nproc)" -L 'unit|ui' -LE 'slow|pg')
      exit 0
    fi
    install_missing; build
    (cd "$build" && ctest --output-on-failure -j 2)
    package "$build"
    if [ "${HAILONG_SANITIZERS:-1}" != 0 ]; then run_asan; run_tsan; fi
    seconds="${HAILONG_FUZZ_SECONDS:-30}"
    if [ "$seconds" -gt 0 ]; then build_fuzz; run_fuzz "$seconds"; fi ;;
  bench)
    install_missing; build
    "$build/bench/hailong-bench" "$@" ;;
  fuzz)
    install_missing; build_fuzz
    run_fuzz "${1:-600}" ;;
  package)
    install_missing; build
    package "$build" ;;
  offline-bundle)
    install_missing; build
    deb=$(package "$build" | cut -d' ' -f1)
    "$here/packaging/offline-bundle.sh" "$deb" "$build" ;;
  package-test)
    install_missing "${package_test_packages[@]}"; build
    deb=$(package "$build" | cut -d' ' -f1)
    from="${HAILONG_UPGRADE_FROM:-931b0e2}"
    old=""
    if [ "$from" != none ]; then echo "Building the package of $from for the upgrade test..."; old=$(old_package "$from"); fi
    status=0
    "$here/tests/package/package_test.sh" "$deb" $old || status=1
    bundle=$("$here/packaging/offline-bundle.sh" "$deb" "$build" | cut -d: -f1)
    "$here/tests/package/offline_test.sh" "$bundle" || status=1
    if [ "${HAILONG_BOOT_TEST:-1}" != 0 ]; then "$here/tests/package/boot_test.sh" "$deb" || status=1; fi
    exit "$status" ;;
  *) echo "usage: $0 run|test|bench|fuzz|package|offline-bundle|package-test [kiosk options | seconds]" >&2; exit 2 ;;
esac
