# shellcheck shell=bash
# Shared bootstrap for scripts/serve and scripts/test: installs what is missing, and is quick when
# everything is present. Sourced, not run. Everything third-party lands in build/_deps (git-ignored).
#
#   1. Debian packages (apt-get, only when one is missing)
#   2. Debian *source* packages of Dear ImGui and SDL2 (private apt state, system config untouched);
#      the web build compiles SDL2 itself (cmake/sdl2_wasm.cmake)
#   3. the word-frequency dictionary of Debian's python3-jieba and the fortune files of fortunes-zh,
#      fortunes and fortunes-min (binary packages, unpacked, not installed)
#   4. Eigen headers patched so Eigen's SSE path compiles to wasm SIMD128 (see docs/toolchain.md)
#   5. npm packages for the browser tests (tests/e2e: Chromium; tests/engines: Firefox ESR and
#      WebKitGTK), each folder from its committed lockfile

set -euo pipefail

CAPITON_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DEPS="$CAPITON_ROOT/build/_deps"
export NODE_PATH=/usr/share/nodejs          # emcc's optimiser needs Debian's acorn
export EMSDK_PYTHON=/usr/bin/python3        # pin Debian's python for emcc
export DEBIAN_FRONTEND=noninteractive

log() { printf '\033[1m[capiton]\033[0m %s\n' "$*" >&2; }

# chromium for the browser tests; firefox-esr and webkit2gtk-driver (WebKitWebDriver and WebKitGTK's
# MiniBrowser) for the smoke suite in the other engines, run in a virtual display (xvfb, xauth).
# clang-14 and libclang-rt-14-dev (the sanitizers' and libFuzzer's runtimes), llvm-14 (llvm-symbolizer,
# for readable sanitizer stacks): the native-asan preset. locales: localedef, for the unit test that
# runs the core under a decimal-comma locale. terser: the page's scripts are minified at build time.
# python3-markdown: docs/embed.md becomes the guide page beside the app (cmake/guide_page.py).
APT_PACKAGES=(emscripten binaryen wabt libeigen3-dev doctest-dev libsdl2-dev chromium
              firefox-esr webkit2gtk-driver xvfb xauth
              cmake ninja-build python3-fonttools fonts-dejavu-core fonts-droid-fallback dpkg-dev
              clang-14 libclang-rt-14-dev llvm-14 locales terser python3-markdown)

install_apt() {
    local missing=() p
    for p in "${APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "installing Debian packages: ${missing[*]}"
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# A private apt state in build/_deps/apt-<type>, where type is "deb" (binary packages) or "deb-src"
# (source packages), listing this machine's own archives; updated, and its apt-get options left in
# APT_OPTS. The system's apt configuration and package lists are not touched.
private_apt() {
    local type=$1 a="$DEPS/apt-$1" src
    mkdir -p "$a/lists/partial" "$a/cache/archives/partial" "$a/sources.list.d"
    for src in /etc/apt/sources.list.d/*.sources; do
        [ -f "$src" ] && sed "s/^Types: deb\$/Types: $type/" "$src" && echo
    done > "$a/sources.list.d/capiton.sources"
    if [ -f /etc/apt/sources.list ]; then
        sed -n "s/^deb /$type /p" /etc/apt/sources.list > "$a/sources.list.d/capiton.list"
    fi
    APT_OPTS=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$a/sources.list.d"
              -o "Dir::State::Lists=$a/lists" -o "Dir::Cache=$a/cache" -o APT::Sandbox::User=root)
    apt-get "${APT_OPTS[@]}" -q update >/dev/null
}

fetch_sources() {
    [ -f "$DEPS/src/.done" ] && return 0
    log "fetching Debian source packages imgui and libsdl2 into build/_deps/src"
    mkdir -p "$DEPS/src"
    private_apt deb-src
    (cd "$DEPS/src" && apt-get "${APT_OPTS[@]}" -q source --download-only imgui libsdl2 >/dev/null)
    (cd "$DEPS/src" && rm -rf imgui SDL2 && mkdir imgui SDL2 &&
        tar xf imgui_*.orig.tar.* -C imgui --strip-components=1 &&
        tar xf libsdl2_*.orig.tar.* -C SDL2 --strip-components=1)
    touch "$DEPS/src/.done"
}

# The Chinese segmenter's dictionary (src/core/segmenter.h): dict.txt of python3-jieba (Expat licence),
# downloaded with a private apt state and unpacked into build/_deps/jieba; nothing is installed.
fetch_jieba() {
    [ -f "$DEPS/jieba/.done" ] && return 0
    log "fetching Debian's python3-jieba for its word-frequency dictionary into build/_deps/jieba"
    mkdir -p "$DEPS/jieba"
    private_apt deb
    (cd "$DEPS/jieba" && rm -f ./*.deb && apt-get "${APT_OPTS[@]}" -q download python3-jieba >/dev/null 2>&1 &&
        rm -rf root && dpkg-deb -x python3-jieba_*.deb root &&
        cp root/usr/lib/python3/dist-packages/jieba/dict.txt dict.txt &&
        cp root/usr/share/doc/python3-jieba/copyright copyright && rm -rf root ./*.deb)
    [ -s "$DEPS/jieba/dict.txt" ] || { log "python3-jieba's dict.txt is missing"; return 1; }
    touch "$DEPS/jieba/.done"
}

# The poem model's text (cmake/poems.py, docs/data.md): the fortune files of fortunes-zh (GPL-3.0+:
# tang300, song100, chinese), fortunes and fortunes-min (BSD: the English files), downloaded with a
# private apt state and unpacked into build/_deps/fortunes with each package's copyright file;
# nothing is installed.
FORTUNE_PACKAGES=(fortunes-zh fortunes fortunes-min)
fetch_fortunes() {
    [ -f "$DEPS/fortunes/.done" ] && return 0
    log "fetching Debian's ${FORTUNE_PACKAGES[*]} for the poem model's text into build/_deps/fortunes"
    mkdir -p "$DEPS/fortunes"
    private_apt deb
    local p
    (cd "$DEPS/fortunes" && rm -rf ./*.deb root && apt-get "${APT_OPTS[@]}" -q download "${FORTUNE_PACKAGES[@]}" >/dev/null 2>&1 &&
        for p in "${FORTUNE_PACKAGES[@]}"; do
            dpkg-deb -x "${p}"_*.deb root && cp root/usr/share/doc/"$p"/copyright "copyright.$p" || exit 1
        done &&
        find root/usr/share/games/fortunes -type f ! -name '*.dat' ! -name '*.u8' -exec cp {} . \; &&
        rm -rf root ./*.deb)
    [ -s "$DEPS/fortunes/tang300" ] && [ -s "$DEPS/fortunes/literature" ] || { log "the fortune files are missing"; return 1; }
    touch "$DEPS/fortunes/.done"
}

patch_eigen_wasm() {
    [ -f "$DEPS/eigen3-wasm/.done" ] && return 0
    log "making a wasm-patched copy of Eigen's headers"
    rm -rf "$DEPS/eigen3-wasm" && cp -r /usr/include/eigen3 "$DEPS/eigen3-wasm"
    local core="$DEPS/eigen3-wasm/Eigen/src/Core"
    sed -i 's/^#if EIGEN_COMP_GNUC && EIGEN_COMP_GNUC < 63$/& \&\& !defined(__EMSCRIPTEN__)/' \
        "$core/arch/SSE/PacketMath.h"
    sed -i 's/^\( *\)#if EIGEN_GNUC_AT_LEAST(6,0) && defined(EIGEN_VECTORIZE_SSE)$/& \&\& !defined(__EMSCRIPTEN__)/' \
        "$core/products/GeneralBlockPanelKernel.h"
    local n
    n=$(grep -c '!defined(__EMSCRIPTEN__)' "$core/arch/SSE/PacketMath.h" "$core/products/GeneralBlockPanelKernel.h" \
        | awk -F: '{s+=$2} END {print s}')
    [ "$n" -eq 6 ] || { log "Eigen patch applied to $n lines, expected 6"; return 1; }
    touch "$DEPS/eigen3-wasm/.done"
}

install_npm() {
    local dir
    for dir in "$CAPITON_ROOT/tests/e2e" "$CAPITON_ROOT/tests/engines"; do
        if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
            log "installing npm packages for the browser tests in ${dir#"$CAPITON_ROOT"/} (npm ci)"
            (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
        fi
    done
}

capiton_bootstrap() {
    install_apt
    mkdir -p "$DEPS"
    fetch_sources
    fetch_jieba
    fetch_fortunes
    patch_eigen_wasm
    install_npm
}
