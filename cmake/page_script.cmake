# Writes the page script into the built web folder with the core's command table in it: runs the
# page_commands program (under node in the WebAssembly build) and puts its output where
# web/capiton-page.js has the marker /*@COMMANDS@*/[].
#   cmake -DRUNNER=/usr/bin/node -DPROGRAM=…/page_commands.js -DSRC=web/capiton-page.js
#         -DDST=build/…/web/capiton-page.js -P cmake/page_script.cmake
if(RUNNER)
  set(run ${RUNNER} --no-experimental-fetch ${PROGRAM})
else()
  set(run ${PROGRAM})
endif()
execute_process(COMMAND ${run} OUTPUT_VARIABLE table RESULT_VARIABLE rc OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT rc EQUAL 0 OR NOT table MATCHES "^\\[")
  message(FATAL_ERROR "page_commands failed (${rc}): ${table}")
endif()
file(READ "${SRC}" script)
string(FIND "${script}" "/*@COMMANDS@*/[]" at)
if(at EQUAL -1)
  message(FATAL_ERROR "${SRC} has no /*@COMMANDS@*/[] marker")
endif()
string(REPLACE "/*@COMMANDS@*/[]" "${table}" script "${script}")
file(WRITE "${DST}" "${script}")
