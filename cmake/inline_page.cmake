# Writes a page (web/shell.html as index.html, web/embed.html) into the built web folder with the style
# and the page script inline, where the page has the markers /*@capiton.css@*/ and /*@capiton-page.js@*/:
# the script starts as soon as the page is parsed, with no file to fetch first (and no style sheet,
# which a script waits for). ~40 ms sooner to the first frame on the local server of bench/page-load.
#   cmake -DSRC=web/shell.html -DCSS=web/capiton.css -DSCRIPT=…/capiton-page.js -DDST=…/index.html
#         -P cmake/inline_page.cmake
file(READ "${SRC}" page)
file(READ "${CSS}" css)
file(READ "${SCRIPT}" script)
foreach(marker "/*@capiton.css@*/" "/*@capiton-page.js@*/")
  string(FIND "${page}" "${marker}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${SRC} has no ${marker} marker")
  endif()
endforeach()
# Text that would end the element early.
string(TOLOWER "${script}" lower_script)
string(TOLOWER "${css}" lower_css)
string(FIND "${lower_script}" "</script" end_script)
string(FIND "${lower_css}" "</style" end_style)
if(NOT end_script EQUAL -1 OR NOT end_style EQUAL -1)
  message(FATAL_ERROR "${SCRIPT} or ${CSS} contains the end of its own element: it cannot be written inline")
endif()
string(STRIP "${css}" css)
string(STRIP "${script}" script)
string(REPLACE "/*@capiton.css@*/" "${css}" page "${page}")
string(REPLACE "/*@capiton-page.js@*/" "${script}" page "${page}")
file(WRITE "${DST}" "${page}")
