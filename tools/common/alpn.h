// Application protocol names (ALPN, RFC 7301) the tools speak.
#pragma once

namespace quasar::tools {

// HTTP/0.9 over QUIC as quic-interop-runner defines it: "GET /path\r\n" on a client-initiated
// bidirectional stream, answered with the file's bytes and FIN.
inline constexpr char kAlpnHqInterop[] = "hq-interop";
// HTTP/3 (RFC 9114).
inline constexpr char kAlpnH3[] = "h3";

}  // namespace quasar::tools
