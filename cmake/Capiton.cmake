# Shared build settings: warnings, Eigen (vectorised in WebAssembly), doctest, Dear ImGui, SDL2.

# --- warnings: on for project code, errors never (a new compiler must not break a student's build)
function(capiton_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wshadow -Wconversion -Wno-sign-conversion)
endfunction()

# --- sanitizers (the native-asan preset, clang): AddressSanitizer and UndefinedBehaviorSanitizer on
# every object, any undefined behaviour fatal (-fno-sanitize-recover), frame pointers kept for readable
# stacks, -O1 as libFuzzer's documentation suggests (-O2 built a quarter longer here and ran the unit
# tests no faster: their training reruns are -O2 already, src/core/CMakeLists.txt). The core is also
# instrumented for libFuzzer (src/core/CMakeLists.txt), so the fuzz targets (tests/fuzz) and the unit
# tests link the same library.
option(CAPITON_SANITIZE "Build with AddressSanitizer + UndefinedBehaviorSanitizer (clang) and the fuzz targets" OFF)
if(CAPITON_SANITIZE)
  if(EMSCRIPTEN OR NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "CAPITON_SANITIZE needs a native clang (the native-asan preset uses clang++-14).")
  endif()
  add_compile_options(-O1 -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

# --- Eigen
# Natively: Debian's headers. In WebAssembly: Eigen 3.4 has no wasm backend, but its SSE path
# lowers to wasm SIMD128 through Emscripten's SSE headers when given -msimd128 -msse4.1. That needs a
# copy of the headers with six #if lines patched (scripts/lib/bootstrap.sh, docs/toolchain.md) and
# -D__MMINTRIN_H (Emscripten 3.1.6 has no mmintrin.h; Eigen does not use MMX).
add_library(capiton_eigen INTERFACE)
add_library(capiton_eigen_scalar INTERFACE)   # for the benchmark's "without SIMD" build
# Exact square roots everywhere (EIGEN_FAST_MATH=0). Eigen's default vectorised float sqrt is
# x·rsqrtps(x) plus one Newton step, and rsqrtps's bits differ between Intel and AMD processors: Adam
# divides by √v, so the long preset runs made on one drifted into other models on the other. IEEE
# sqrt (sqrtps, f32x4.sqrt) gives the same bits on every x86-64 processor and in WebAssembly, and the
# presets must reproduce anywhere. (It also turns off Eigen's vectorised tanh, sin, cos and erf: the
# poem model's GELU keeps Eigen's fast tanh explicitly, gpt.cpp.)
target_compile_definitions(capiton_eigen INTERFACE EIGEN_FAST_MATH=0)
target_compile_definitions(capiton_eigen_scalar INTERFACE EIGEN_FAST_MATH=0)
if(EMSCRIPTEN)
  set(_eigen_wasm "${CAPITON_DEPS_DIR}/eigen3-wasm")
  if(NOT EXISTS "${_eigen_wasm}/.done")
    message(FATAL_ERROR "Patched Eigen headers not found in ${_eigen_wasm}: run scripts/bootstrap first.")
  endif()
  target_include_directories(capiton_eigen SYSTEM INTERFACE "${_eigen_wasm}")
  # -msse4.1 rather than -msse2: same matrix products, but Eigen's exp gets a real floor
  # (f32x4.floor) instead of an emulated one: softmax 1.7x faster (bench/README.md).
  target_compile_options(capiton_eigen INTERFACE -msimd128 -msse4.1 -D__MMINTRIN_H)
  target_link_options(capiton_eigen INTERFACE -msimd128)
  target_include_directories(capiton_eigen_scalar SYSTEM INTERFACE "${_eigen_wasm}")
  target_compile_definitions(capiton_eigen_scalar INTERFACE EIGEN_DONT_VECTORIZE)
else()
  find_package(Eigen3 3.4 REQUIRED NO_MODULE)
  target_link_libraries(capiton_eigen INTERFACE Eigen3::Eigen)
  target_link_libraries(capiton_eigen_scalar INTERFACE Eigen3::Eigen)
  target_compile_definitions(capiton_eigen_scalar INTERFACE EIGEN_DONT_VECTORIZE)
endif()

# --- doctest (Debian's doctest-dev). Only its own folder goes on the include path: /usr/include
# itself would put the host's libc headers in front of Emscripten's.
add_library(capiton_doctest INTERFACE)
target_include_directories(capiton_doctest SYSTEM INTERFACE /usr/include/doctest)
if(EMSCRIPTEN)
  # doctest catches exceptions; Emscripten disables catching unless asked.
  target_compile_options(capiton_doctest INTERFACE -fexceptions)
  target_link_options(capiton_doctest INTERFACE -fexceptions -sEXIT_RUNTIME=1 -sALLOW_MEMORY_GROWTH=1)
endif()

# --- wasm release: C++ compiled for speed (-O2), linked for size (-Os: binaryen's size passes).
# Not -Os for the UI with -O3 for the numeric core, as before: Eigen's templates are instantiated in
# every object that uses them and the linker keeps one copy, often the -Os one, whose small functions
# stay out of line; training ran 20× slower in the unit tests than in bench/train for that reason
# (and em++ 3.1.6 given "-Os … -O3" on one command line compiles like -Os). -O2 trains as fast as -O3
# here (bench/train) and its capiton.wasm is 17 KB (gzip) smaller.
if(EMSCRIPTEN)
  set(CMAKE_C_FLAGS_RELEASE "-Os -DNDEBUG")
  set(CMAKE_CXX_FLAGS_RELEASE "-O2 -DNDEBUG")
  set(CMAKE_EXE_LINKER_FLAGS_RELEASE "-Os")
endif()
