# hailong_set_warnings(target): our warnings on our targets only (STYLE 2.12).
function(hailong_set_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
    -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual)
  if(HAILONG_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# hailong_test_code(target): test programs' own code optimised less than the code they test
# (-O1 instead of -O2): their files, mostly Catch2 expansions, compile in about half the time.
function(hailong_test_code target)
  if(CMAKE_BUILD_TYPE MATCHES "^(RelWithDebInfo|Release)$")
    target_compile_options(${target} PRIVATE -O1)
  endif()
endfunction()
