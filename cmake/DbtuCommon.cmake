# SPDX-License-Identifier: MIT
# Warnings and defines shared by every target of the project.
function(dbtu_apply_common_settings target)
    target_compile_features(${target} PUBLIC cxx_std_20)
    if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
        target_compile_options(${target} PRIVATE
            -Wall -Wextra -Wpedantic -Wshadow -Wold-style-cast -Wnon-virtual-dtor
            -Woverloaded-virtual -Werror=switch)
        if(DBTU_WERROR)
            target_compile_options(${target} PRIVATE -Werror)
        endif()
    endif()
    target_compile_definitions(${target} PRIVATE
        QT_NO_CAST_TO_ASCII QT_NO_CAST_FROM_BYTEARRAY QT_NO_URL_CAST_FROM_STRING
        QT_NO_FOREACH QT_DISABLE_DEPRECATED_BEFORE=0x060400)
endfunction()

# dbtu_sources(target folder NAME...): adds folder/NAME.cpp and folder/NAME.h for each NAME, and a
# NAME with an ending (a header alone, a .ui form) as it is; folder "." is the list's own.
function(dbtu_sources target folder)
    set(files)
    set(prefix "${folder}/")
    if(folder STREQUAL ".")
        set(prefix "")
    endif()
    foreach(name IN LISTS ARGN)
        if(name MATCHES "\\.")
            list(APPEND files ${prefix}${name})
        else()
            list(APPEND files ${prefix}${name}.cpp ${prefix}${name}.h)
        endif()
    endforeach()
    target_sources(${target} PRIVATE ${files})
endfunction()
