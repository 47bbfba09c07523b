// quic_version_name(): how the tools print a QUIC version, e.g. "v2 (0x6b3343cf)".
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include "quic/wire/version.h"

namespace quasar::tools {

inline std::string quic_version_name(uint32_t version) {
  char hex[16];
  std::snprintf(hex, sizeof hex, "0x%08x", version);
  // RFC 9000 §15 (v1), RFC 9369 §3.1 (v2).
  const char* name = version == kQuicVersion1 ? "v1" : version == kQuicVersion2 ? "v2" : "?";
  return std::string(name) + " (" + hex + ")";
}

}  // namespace quasar::tools
