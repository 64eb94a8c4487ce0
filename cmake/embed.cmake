# Turns every file under UI_DIR into one C table (server_assets[]), so that
# the web UI ships inside the binary and is served without touching disk.
# Run by the build: cmake -DUI_DIR=... -DOUT=... -P embed.cmake
file(GLOB_RECURSE files RELATIVE "${UI_DIR}" "${UI_DIR}/*")
list(SORT files)
set(body "/* Generated from ui/ by cmake/embed.cmake: do not edit. */\n")
string(APPEND body "#include \"server/server_int.h\"\n\n")
set(table "")
set(i 0)
foreach(f ${files})
  # Editors' and tools' leftovers are not part of the UI.
  if(f MATCHES "(^|/)\\." OR f MATCHES "~$" OR f MATCHES "(^|/)node_modules/")
    continue()
  endif()
  file(READ "${UI_DIR}/${f}" hex HEX)
  string(LENGTH "${hex}" hexlen)
  math(EXPR size "${hexlen} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(APPEND body "static const unsigned char asset_${i}[] = {${bytes}0x00};\n")
  string(APPEND table "\t{ \"/${f}\", asset_${i}, ${size} },\n")
  math(EXPR i "${i} + 1")
endforeach()
string(APPEND body "\nconst struct server_asset server_assets[] = {\n${table}\t{ \"\", 0, 0 },\n};\n")
string(APPEND body "const size_t server_assets_count = ${i};\n")
file(WRITE "${OUT}.tmp" "${body}")
# Only a changed table is rewritten, so an unchanged UI rebuilds nothing.
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUT}.tmp" "${OUT}")
file(REMOVE "${OUT}.tmp")
