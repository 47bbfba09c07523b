# Runs quasar-qpack and checks its exit status and output, for the CTest checks of the tool.
#   cmake -DTOOL=... -DARGS="a;b;c" -DEXPECT_STATUS=N [-DEXPECT_STDERR=text]
#         [-DCOMPARE_A=file -DCOMPARE_B=file] -P tool_test.cmake
execute_process(COMMAND ${TOOL} ${ARGS} RESULT_VARIABLE status ERROR_VARIABLE stderr
                OUTPUT_VARIABLE stdout)
if(NOT status EQUAL EXPECT_STATUS)
  message(FATAL_ERROR "exit status ${status}, expected ${EXPECT_STATUS}; stderr: ${stderr}")
endif()
if(DEFINED EXPECT_STDERR AND NOT stderr MATCHES "${EXPECT_STDERR}")
  message(FATAL_ERROR "stderr does not match '${EXPECT_STDERR}': ${stderr}")
endif()
if(DEFINED COMPARE_A)
  file(READ ${COMPARE_A} a)
  file(READ ${COMPARE_B} b)
  if(NOT a STREQUAL b)
    message(FATAL_ERROR "${COMPARE_A} and ${COMPARE_B} differ")
  endif()
endif()
