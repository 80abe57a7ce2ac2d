# Writes the page script into the built web folder with what the app tells it written in: runs the
# page_commands program (under node in the WebAssembly build) and puts its outputs where
# web/capiton-page.js has the markers /*@COMMANDS@*/[] (the core's command table),
# /*@LINK_KEYS@*/[] (the keys a link may have), /*@HTML_LANGS@*/{} (each language's <html lang>) and
# /*@PROGRAMS@*/{} (the first frame's shader programs); and each of its parts, web/capiton-typing.js,
# web/capiton-words.js and web/capiton-embed.js, where it has /*@capiton-typing.js@*/, /*@capiton-words.js@*/
# and /*@capiton-embed.js@*/.
#   cmake -DRUNNER=/usr/bin/node -DPROGRAM=…/page_commands.js -DSRC=web/capiton-page.js
#         -DDST=build/…/web/capiton-page.js -P cmake/page_script.cmake
if(RUNNER)
  set(run ${RUNNER} --no-experimental-fetch ${PROGRAM})
else()
  set(run ${PROGRAM})
endif()
file(READ "${SRC}" script)

# Replaces `marker` in the script with what page_commands prints given the arguments after `opening`
# (ARGN); its output must start with `opening` ([ or {).
function(write_in marker opening)
  execute_process(COMMAND ${run} ${ARGN} OUTPUT_VARIABLE json RESULT_VARIABLE rc OUTPUT_STRIP_TRAILING_WHITESPACE)
  string(SUBSTRING "${json}" 0 1 first)
  if(NOT rc EQUAL 0 OR NOT first STREQUAL opening)
    message(FATAL_ERROR "page_commands ${ARGN} failed (${rc}): ${json}")
  endif()
  string(FIND "${script}" "${marker}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${SRC} has no ${marker} marker")
  endif()
  string(REPLACE "${marker}" "${json}" script "${script}")
  set(script "${script}" PARENT_SCOPE)
endfunction()

# The script's parts (web/capiton-typing.js, web/capiton-words.js, web/capiton-embed.js), each written in at its marker.
get_filename_component(web_dir "${SRC}" DIRECTORY)
foreach(part capiton-typing.js capiton-words.js capiton-embed.js)
  file(READ "${web_dir}/${part}" text)
  string(FIND "${script}" "/*@${part}@*/" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${SRC} has no /*@${part}@*/ marker")
  endif()
  string(REPLACE "/*@${part}@*/" "${text}" script "${script}")
endforeach()

write_in("/*@COMMANDS@*/[]" "[")
write_in("/*@PROGRAMS@*/{}" "{" programs)
write_in("/*@LINK_KEYS@*/[]" "[" link-keys)
write_in("/*@HTML_LANGS@*/{}" "{" html-langs)
file(WRITE "${DST}" "${script}")
