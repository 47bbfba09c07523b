# Finds BoringSSL as packaged by Debian (android-libboringssl-dev) and defines the
# imported targets BoringSSL::ssl and BoringSSL::crypto.
#
# Debian installs BoringSSL beside the system OpenSSL: headers in /usr/include/android and
# libraries in /usr/lib/<triplet>/android. The include directory must come before every
# other one, or <openssl/ssl.h> would resolve to OpenSSL, which has no QUIC API. The check at
# the end fails the configuration loudly if that happens.

include(CheckCXXSourceCompiles)
include(CMakePushCheckState)

find_path(BoringSSL_INCLUDE_DIR
  NAMES openssl/is_boringssl.h
  PATHS /usr/include/android
  NO_DEFAULT_PATH)
find_library(BoringSSL_SSL_LIBRARY
  NAMES ssl
  PATHS /usr/lib/${CMAKE_LIBRARY_ARCHITECTURE}/android /usr/lib/x86_64-linux-gnu/android
  NO_DEFAULT_PATH)
find_library(BoringSSL_CRYPTO_LIBRARY
  NAMES crypto
  PATHS /usr/lib/${CMAKE_LIBRARY_ARCHITECTURE}/android /usr/lib/x86_64-linux-gnu/android
  NO_DEFAULT_PATH)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(BoringSSL
  REQUIRED_VARS BoringSSL_INCLUDE_DIR BoringSSL_SSL_LIBRARY BoringSSL_CRYPTO_LIBRARY
  FAIL_MESSAGE "BoringSSL not found: install Debian's android-libboringssl-dev (scripts/setup.sh does)")

if(BoringSSL_FOUND)
  cmake_push_check_state(RESET)
  set(CMAKE_REQUIRED_INCLUDES ${BoringSSL_INCLUDE_DIR})
  set(CMAKE_REQUIRED_LIBRARIES ${BoringSSL_SSL_LIBRARY} ${BoringSSL_CRYPTO_LIBRARY})
  get_filename_component(BoringSSL_LIB_DIR ${BoringSSL_SSL_LIBRARY} DIRECTORY)
  set(CMAKE_REQUIRED_LINK_OPTIONS "-Wl,-rpath,${BoringSSL_LIB_DIR}")
  check_cxx_source_compiles([=[
    #include <openssl/is_boringssl.h>
    #include <openssl/ssl.h>
    int main() {
      auto* fn = &SSL_set_quic_method;
      auto* ctx = &SSL_set_quic_early_data_context;
      return fn == nullptr || ctx == nullptr;
    }]=] QUASAR_HAVE_BORINGSSL_QUIC_API)
  cmake_pop_check_state()
  if(NOT QUASAR_HAVE_BORINGSSL_QUIC_API)
    message(FATAL_ERROR
      "The OpenSSL headers found are not BoringSSL's (SSL_set_quic_method is not declared). "
      "Install android-libboringssl-dev and make sure ${BoringSSL_INCLUDE_DIR} comes before "
      "the system include directories.")
  endif()

  add_library(BoringSSL::crypto SHARED IMPORTED)
  set_target_properties(BoringSSL::crypto PROPERTIES
    IMPORTED_LOCATION ${BoringSSL_CRYPTO_LIBRARY}
    INTERFACE_INCLUDE_DIRECTORIES ${BoringSSL_INCLUDE_DIR}
    INTERFACE_LINK_OPTIONS "-Wl,-rpath,${BoringSSL_LIB_DIR}")
  add_library(BoringSSL::ssl SHARED IMPORTED)
  set_target_properties(BoringSSL::ssl PROPERTIES
    IMPORTED_LOCATION ${BoringSSL_SSL_LIBRARY}
    INTERFACE_INCLUDE_DIRECTORIES ${BoringSSL_INCLUDE_DIR}
    INTERFACE_LINK_LIBRARIES BoringSSL::crypto)
endif()
