// Names of the QPACK error codes.
#include "qpack/qpack_error.h"

namespace quasar::qpack {

std::string_view qpack_error_name(QpackErrorCode code) {
  switch (code) {
    case QpackErrorCode::kDecompressionFailed:
      return "QPACK_DECOMPRESSION_FAILED";
    case QpackErrorCode::kEncoderStreamError:
      return "QPACK_ENCODER_STREAM_ERROR";
    case QpackErrorCode::kDecoderStreamError:
      return "QPACK_DECODER_STREAM_ERROR";
  }
  return "QPACK_UNKNOWN_ERROR";
}

}  // namespace quasar::qpack
