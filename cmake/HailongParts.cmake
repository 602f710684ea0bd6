# hailong_part(NAME SOURCES ... [USES part...] [PUBLIC lib...] [PRIVATE lib...])
# One part of the program: the static library hailong_<NAME> built from one folder. Its public
# headers are in <folder>/include/<NAME>/ and are included as "<NAME>/file.h"; the headers
# beside its .cpp files are private. It sees only the parts it USES (which its headers may
# name, so they are linked PUBLIC): an include of a part it does not use fails to compile.
# The allowed arrows are the table in README.md, "Layout" (checked again by tools/check_layers.py).
function(hailong_part name)
  cmake_parse_arguments(P "" "" "SOURCES;USES;PUBLIC;PRIVATE" ${ARGN})
  add_library(hailong_${name} STATIC ${P_SOURCES})
  if(EXISTS "${CMAKE_CURRENT_SOURCE_DIR}/include")
    target_include_directories(hailong_${name} PUBLIC "${CMAKE_CURRENT_SOURCE_DIR}/include")
  endif()
  target_include_directories(hailong_${name} PRIVATE "${CMAKE_CURRENT_SOURCE_DIR}")
  foreach(used IN LISTS P_USES)
    target_link_libraries(hailong_${name} PUBLIC hailong_${used})
  endforeach()
  target_link_libraries(hailong_${name} PUBLIC ${P_PUBLIC} PRIVATE ${P_PRIVATE})
  hailong_set_warnings(hailong_${name})
endfunction()
