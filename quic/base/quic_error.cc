// Names of the RFC 9000 §20.1 transport error codes.
#include "quic/base/quic_error.h"

namespace quasar {

std::string_view transport_error_name(uint64_t code) {
  if (code >= 0x100 && code <= 0x1ff) return "CRYPTO_ERROR";
  switch (static_cast<TransportError>(code)) {
    case TransportError::kNoError: return "NO_ERROR";
    case TransportError::kInternalError: return "INTERNAL_ERROR";
    case TransportError::kConnectionRefused: return "CONNECTION_REFUSED";
    case TransportError::kFlowControlError: return "FLOW_CONTROL_ERROR";
    case TransportError::kStreamLimitError: return "STREAM_LIMIT_ERROR";
    case TransportError::kStreamStateError: return "STREAM_STATE_ERROR";
    case TransportError::kFinalSizeError: return "FINAL_SIZE_ERROR";
    case TransportError::kFrameEncodingError: return "FRAME_ENCODING_ERROR";
    case TransportError::kTransportParameterError: return "TRANSPORT_PARAMETER_ERROR";
    case TransportError::kConnectionIdLimitError: return "CONNECTION_ID_LIMIT_ERROR";
    case TransportError::kProtocolViolation: return "PROTOCOL_VIOLATION";
    case TransportError::kInvalidToken: return "INVALID_TOKEN";
    case TransportError::kApplicationError: return "APPLICATION_ERROR";
    case TransportError::kCryptoBufferExceeded: return "CRYPTO_BUFFER_EXCEEDED";
    case TransportError::kKeyUpdateError: return "KEY_UPDATE_ERROR";
    case TransportError::kAeadLimitReached: return "AEAD_LIMIT_REACHED";
    case TransportError::kNoViablePath: return "NO_VIABLE_PATH";
    case TransportError::kVersionNegotiationError: return "VERSION_NEGOTIATION_ERROR";
    default: return "UNKNOWN";
  }
}

}  // namespace quasar
