# Writes the service worker into the built web folder with the build's id: a checksum of the files it
# caches, so that any change to them makes a new sw.js (and browsers pick the new build up).
#   cmake -DSRC=web/sw.js -DWEB_DIR=build/…/web -P cmake/stamp_sw.cmake
set(ids "")
foreach(f index.html embed.html capiton.js capiton.wasm capiton-zh.ttf
          capiton-train-worker.js capiton-train.js capiton-train.wasm
          capiton-poems-gpt.bin capiton-poems-train.tsv capiton-poems-held.tsv)
  file(MD5 "${WEB_DIR}/${f}" sum)
  string(APPEND ids "${sum}")
endforeach()
string(MD5 id "${ids}")
string(SUBSTRING "${id}" 0 16 CAPITON_BUILD_ID)
configure_file("${SRC}" "${WEB_DIR}/sw.js" @ONLY)
