# Compiler flags shared by every quasar target: warnings, sanitizers, fuzzing.

add_library(quasar_warnings INTERFACE)
target_compile_options(quasar_warnings INTERFACE -Wall -Wextra -Wnon-virtual-dtor
  -Wimplicit-fallthrough)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(quasar_warnings INTERFACE -Wshadow=local)
endif()
if(QUASAR_WERROR)
  target_compile_options(quasar_warnings INTERFACE -Werror)
endif()

if(QUASAR_SANITIZE)
  string(REPLACE "," ";" _sanitizers "${QUASAR_SANITIZE}")
  foreach(_s IN LISTS _sanitizers)
    if(NOT _s MATCHES "^(address|undefined|leak|thread|memory)$")
      message(FATAL_ERROR "QUASAR_SANITIZE: unknown sanitizer '${_s}'")
    endif()
  endforeach()
  add_compile_options(-fsanitize=${QUASAR_SANITIZE} -fno-sanitize-recover=all
    -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${QUASAR_SANITIZE})
endif()

if(QUASAR_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "QUASAR_FUZZ=ON needs clang: configure with CXX=clang++ CC=clang")
  endif()
  # Every object is instrumented for coverage; only the fuzz executables link the driver.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

# quasar_module(NAME SOURCES... [DEPS ...]): one library target per module.
function(quasar_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS} PRIVATE quasar_warnings ${ARG_PRIVATE_DEPS})
endfunction()
