# Extracts the QPACK offline-interop corpus into the build tree at configure time and sets
# QUASAR_QPACK_INTEROP_DIR to where it is (qifs/, encoded/qpack-05/).
set(_qpack_interop_archive ${CMAKE_CURRENT_LIST_DIR}/qpack-interop.tar.xz)
set(QUASAR_QPACK_INTEROP_DIR ${PROJECT_BINARY_DIR}/qpack-interop CACHE INTERNAL
  "Extracted QPACK offline-interop corpus")
set(_qpack_interop_stamp ${QUASAR_QPACK_INTEROP_DIR}/.extracted)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${_qpack_interop_archive})
if(NOT EXISTS ${_qpack_interop_stamp} OR
   ${_qpack_interop_archive} IS_NEWER_THAN ${_qpack_interop_stamp})
  message(STATUS "Extracting the QPACK interop corpus into ${QUASAR_QPACK_INTEROP_DIR}")
  file(REMOVE_RECURSE ${QUASAR_QPACK_INTEROP_DIR})
  file(ARCHIVE_EXTRACT INPUT ${_qpack_interop_archive} DESTINATION ${QUASAR_QPACK_INTEROP_DIR})
  file(TOUCH ${_qpack_interop_stamp})
endif()
