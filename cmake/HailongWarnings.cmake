# hailong_set_warnings(target): our warnings on our targets only (STYLE 2.12).
function(hailong_set_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
    -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual)
  if(HAILONG_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
