#!/usr/bin/env bash
# Hài Lòng developer entry point. On a fresh Debian 12 machine:
#   ./dev.sh run     install what is missing, build, start the kiosk full-screen (quit from the staff menu)
#   ./dev.sh test    install what is missing, build, run the whole test suite
#   ./dev.sh bench   install, build, run the benchmarks
# Extra arguments after `run` go to hailong-kiosk (e.g. ./dev.sh run --windowed --size 1366x768).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="${HAILONG_BUILD_DIR:-$here/build}"

# Debian packages the project builds, tests and runs with. Nothing is downloaded at build time.
packages=(
  build-essential cmake pkg-config
  libimgui-dev libstb-dev libglfw3-dev libgl-dev libgl1-mesa-dri libfreetype-dev
  libsqlite3-dev libsqlitecpp-dev sqlite3 libsodium-dev libtomlplusplus-dev libcli11-dev libspdlog-dev libsimdjson-dev
  catch2 python3 nlohmann-json3-dev libxlsxwriter-dev python3-openpyxl libzstd-dev zstd
  libreoffice-calc-nogui  # soffice: the report workbook read back by LibreOffice (a test)
  fonts-noto-core fonts-dejavu-core
  xvfb xauth xdotool imagemagick
)

install_missing() {
  local missing=()
  for p in "${packages[@]}"; do
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
    install_missing; build
    cd "$build" && ctest --output-on-failure -j 2 ;;
  bench)
    install_missing; build
    "$build/bench/hailong-bench" "$@" ;;
  *) echo "usage: $0 run|test|bench [kiosk options]" >&2; exit 2 ;;
esac
