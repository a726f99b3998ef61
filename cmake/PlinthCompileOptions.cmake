# Warnings and sanitizers for every target of the project (not for out-of-tree plugins).
add_compile_options(-Wall -Wextra)
if(PLINTH_WERROR)
  add_compile_options(-Werror)
endif()
if(PLINTH_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
