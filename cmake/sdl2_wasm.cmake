# SDL2 for WebAssembly, compiled from Debian's source package (fetched by scripts/bootstrap into
# ${CAPITON_DEPS_DIR}/src/SDL2) as a static library of this build, the way Emscripten builds its own
# SDL2 port: SDL's hand-written configuration for Emscripten (include/SDL_config_emscripten.h, which
# include/SDL_config.h picks by itself) instead of SDL's CMake configure. That configure ran ~320
# compile-and-link checks through emcc: 3–9 minutes of a fresh clone's test run, for a result this
# header already states. The sources are the ones SDL's own CMake compiled for Emscripten with the
# options capiton used (no audio, no shared library, no test library), less the audio stubs and the
# drivers that header does not switch on (the virtual joystick, the dummy and offscreen video); the
# configuration differs in what capiton does not use (the header's haptic and atomics settings, the
# libc checks SDL_STATIC_LIB makes moot). See docs/toolchain.md.
#   sdl2_wasm   the library (its headers as <SDL.h>), what CAPITON_SDL2 names in the web build
set(CAPITON_SDL2_SRC "${CAPITON_DEPS_DIR}/src/SDL2")
if(NOT EXISTS "${CAPITON_SDL2_SRC}/include/SDL_config_emscripten.h")
  message(FATAL_ERROR "SDL2 sources not found in ${CAPITON_SDL2_SRC}: run scripts/bootstrap first.")
endif()

set(sdl_globs
  "*.c" "atomic/*.c" "cpuinfo/*.c" "dynapi/*.c" "events/*.c" "file/*.c" "filesystem/emscripten/*.c"
  "haptic/*.c" "haptic/dummy/*.c" "hidapi/SDL_hidapi.c" "joystick/*.c" "joystick/emscripten/*.c"
  "libm/*.c" "loadso/dummy/*.c" "locale/*.c" "locale/emscripten/*.c"
  "main/dummy/*.c" "misc/*.c" "misc/emscripten/*.c" "power/*.c" "power/emscripten/*.c" "render/*.c"
  "render/*/*.c" "sensor/*.c" "sensor/dummy/*.c" "stdlib/*.c" "thread/*.c" "thread/generic/*.c"
  "timer/*.c" "timer/unix/*.c" "video/*.c" "video/emscripten/*.c" "video/yuv2rgb/*.c")
set(sdl_sources "")
foreach(g IN LISTS sdl_globs)
  file(GLOB found "${CAPITON_SDL2_SRC}/src/${g}")
  list(APPEND sdl_sources ${found})
endforeach()

add_library(sdl2_wasm STATIC ${sdl_sources})
target_include_directories(sdl2_wasm SYSTEM PUBLIC "${CAPITON_SDL2_SRC}/include")
target_include_directories(sdl2_wasm SYSTEM PRIVATE "${CAPITON_SDL2_SRC}/src")
# SDL's own Khronos headers only where the system has none (as SDL's CMake does)
target_compile_options(sdl2_wasm PRIVATE -idirafter "${CAPITON_SDL2_SRC}/src/video/khronos"
                       -fno-strict-aliasing -fvisibility=hidden -w)
# Without audio or shared-object loading, as the configured build had them (SDL_AUDIO=OFF; no dlopen
# in a static WebAssembly module): Emscripten's header enables both.
target_compile_definitions(sdl2_wasm PRIVATE SDL_STATIC_LIB SDL_AUDIO_DISABLED=1 SDL_LOADSO_DISABLED=1)
