// Names of the HTTP/3 and QPACK error codes.
#include "http3/http3_error.h"

namespace quasar::http3 {

std::string_view http3_error_name(uint64_t code) {
  switch (static_cast<Http3ErrorCode>(code)) {
    case Http3ErrorCode::kNoError:
      return "H3_NO_ERROR";
    case Http3ErrorCode::kGeneralProtocolError:
      return "H3_GENERAL_PROTOCOL_ERROR";
    case Http3ErrorCode::kInternalError:
      return "H3_INTERNAL_ERROR";
    case Http3ErrorCode::kStreamCreationError:
      return "H3_STREAM_CREATION_ERROR";
    case Http3ErrorCode::kClosedCriticalStream:
      return "H3_CLOSED_CRITICAL_STREAM";
    case Http3ErrorCode::kFrameUnexpected:
      return "H3_FRAME_UNEXPECTED";
    case Http3ErrorCode::kFrameError:
      return "H3_FRAME_ERROR";
    case Http3ErrorCode::kExcessiveLoad:
      return "H3_EXCESSIVE_LOAD";
    case Http3ErrorCode::kIdError:
      return "H3_ID_ERROR";
    case Http3ErrorCode::kSettingsError:
      return "H3_SETTINGS_ERROR";
    case Http3ErrorCode::kMissingSettings:
      return "H3_MISSING_SETTINGS";
    case Http3ErrorCode::kRequestRejected:
      return "H3_REQUEST_REJECTED";
    case Http3ErrorCode::kRequestCancelled:
      return "H3_REQUEST_CANCELLED";
    case Http3ErrorCode::kRequestIncomplete:
      return "H3_REQUEST_INCOMPLETE";
    case Http3ErrorCode::kMessageError:
      return "H3_MESSAGE_ERROR";
    case Http3ErrorCode::kConnectError:
      return "H3_CONNECT_ERROR";
    case Http3ErrorCode::kVersionFallback:
      return "H3_VERSION_FALLBACK";
    case Http3ErrorCode::kQpackDecompressionFailed:
      return "QPACK_DECOMPRESSION_FAILED";
    case Http3ErrorCode::kQpackEncoderStreamError:
      return "QPACK_ENCODER_STREAM_ERROR";
    case Http3ErrorCode::kQpackDecoderStreamError:
      return "QPACK_DECODER_STREAM_ERROR";
  }
  return is_reserved_error_code(code) ? "H3_RESERVED" : "UNKNOWN";
}

}  // namespace quasar::http3
