// Frame encoding into caller memory (RFC 9000 §19, RFC 9221 §4, ACK frequency draft), plus the
// STREAM, CRYPTO and DATAGRAM header functions the packet builder fills packets with.
#pragma once

#include <cstddef>
#include <cstdint>

#include "quic/base/buffer_writer.h"
#include "quic/wire/frames.h"

namespace quasar {

// The encoded size of `frame` in bytes, or 0 if it cannot be encoded: a value above 2^62-1, or
// a frame the decoder would reject (empty NEW_TOKEN, MAX_STREAMS above 2^60, a connection ID
// of length 0, STREAM/CRYPTO data beyond offset 2^62-1, invalid ACK ranges, PADDING of 0
// bytes...). Varints are written in their shortest form, ACK ranges included.
size_t encoded_size(const Frame& frame);

// Writes `frame`. Fails, writing nothing, if it cannot be encoded or does not fit.
// PaddingFrame{n} writes n zero bytes. A StreamFrame or DatagramFrame without has_length must
// be the last frame of its packet (RFC 9000 §19.8, RFC 9221 §4).
[[nodiscard]] bool encode_frame(BufferWriter& writer, const Frame& frame);

// --- STREAM (RFC 9000 §19.8) ---
// The packet builder writes the header, then copies `data_length` bytes of stream data straight
// after it from its send buffer. The offset field is omitted when `offset` is 0; the length
// field is present when `explicit_length` (otherwise the data runs to the end of the packet).

// Header size in bytes, or 0 if a value is out of range (offset + data_length > 2^62-1).
size_t stream_frame_header_size(uint64_t stream_id, uint64_t offset, size_t data_length,
                                bool explicit_length);
// Writes the header, and fails writing nothing unless the header and `data_length` bytes of data
// both fit, so the copy that follows cannot fail.
[[nodiscard]] bool write_stream_frame_header(BufferWriter& writer, uint64_t stream_id,
                                             uint64_t offset, size_t data_length, bool fin,
                                             bool explicit_length);
// The most stream data a STREAM frame can carry in `room` bytes, accounting for the length
// field shrinking with the data. 0 when not even one byte fits (an empty FIN frame may still
// fit: check stream_frame_header_size(stream_id, offset, 0, explicit_length) <= room).
size_t stream_frame_data_capacity(uint64_t stream_id, uint64_t offset, size_t room,
                                  bool explicit_length);

// --- CRYPTO (RFC 9000 §19.6): always has a length field ---
size_t crypto_frame_header_size(uint64_t offset, size_t data_length);
[[nodiscard]] bool write_crypto_frame_header(BufferWriter& writer, uint64_t offset,
                                             size_t data_length);
size_t crypto_frame_data_capacity(uint64_t offset, size_t room);

// --- DATAGRAM (RFC 9221 §4) ---
size_t datagram_frame_header_size(size_t data_length, bool explicit_length);
[[nodiscard]] bool write_datagram_frame_header(BufferWriter& writer, size_t data_length,
                                               bool explicit_length);
size_t datagram_frame_data_capacity(size_t room, bool explicit_length);

}  // namespace quasar
