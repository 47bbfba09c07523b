// Fuzz target for transport parameters: decodes arbitrary bytes as sent by a client and as sent
// by a server; whatever decodes must pass validation, encode again (with and without a GREASE
// parameter) and decode back to an equal struct.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <vector>

#include "quic/base/buffer_writer.h"
#include "quic/base/rng.h"
#include "quic/wire/transport_parameters.h"

namespace {

#define PARAMETERS_FUZZ_CHECK(condition)                                                 \
  do {                                                                                   \
    if (!(condition)) {                                                                  \
      std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                      \
    }                                                                                    \
  } while (0)

using namespace quasar;

void check_round_trip(const TransportParameters& params, Role sender, Rng* grease) {
  PARAMETERS_FUZZ_CHECK(validate_transport_parameters(params, sender).ok());
  std::vector<uint8_t> buffer(70000);
  BufferWriter writer(buffer);
  PARAMETERS_FUZZ_CHECK(encode_transport_parameters(params, sender, writer, grease).ok());
  const auto decoded = decode_transport_parameters(writer.written_span(), sender);
  PARAMETERS_FUZZ_CHECK(decoded.ok());
  PARAMETERS_FUZZ_CHECK(*decoded == params);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> bytes(data, size);
  for (Role sender : {Role::kClient, Role::kServer}) {
    const auto decoded = decode_transport_parameters(bytes, sender);
    if (!decoded.ok()) {
      PARAMETERS_FUZZ_CHECK(decoded.error().is(TransportError::kTransportParameterError));
      continue;
    }
    check_round_trip(*decoded, sender, nullptr);
    SeededRng rng(size);
    check_round_trip(*decoded, sender, &rng);
    // Client-valid parameters are server-valid too: servers may send everything clients may.
    if (sender == Role::kClient) {
      PARAMETERS_FUZZ_CHECK(validate_transport_parameters(*decoded, Role::kServer).ok());
    }
  }
  return 0;
}
