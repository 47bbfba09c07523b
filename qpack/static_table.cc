// The static table (RFC 9204 Appendix A). Lookups go through a small hash of the names, built
// once on first use.
#include "qpack/static_table.h"

#include <array>

namespace quasar::qpack {
namespace {

// RFC 9204 Appendix A.
constexpr std::array<StaticEntry, kStaticTableSize> kStaticTable = {{
    {":authority", ""},                                                                    // 0
    {":path", "/"},                                                                        // 1
    {"age", "0"},                                                                          // 2
    {"content-disposition", ""},                                                           // 3
    {"content-length", "0"},                                                               // 4
    {"cookie", ""},                                                                        // 5
    {"date", ""},                                                                          // 6
    {"etag", ""},                                                                          // 7
    {"if-modified-since", ""},                                                             // 8
    {"if-none-match", ""},                                                                 // 9
    {"last-modified", ""},                                                                 // 10
    {"link", ""},                                                                          // 11
    {"location", ""},                                                                      // 12
    {"referer", ""},                                                                       // 13
    {"set-cookie", ""},                                                                    // 14
    {":method", "CONNECT"},                                                                // 15
    {":method", "DELETE"},                                                                 // 16
    {":method", "GET"},                                                                    // 17
    {":method", "HEAD"},                                                                   // 18
    {":method", "OPTIONS"},                                                                // 19
    {":method", "POST"},                                                                   // 20
    {":method", "PUT"},                                                                    // 21
    {":scheme", "http"},                                                                   // 22
    {":scheme", "https"},                                                                  // 23
    {":status", "103"},                                                                    // 24
    {":status", "200"},                                                                    // 25
    {":status", "304"},                                                                    // 26
    {":status", "404"},                                                                    // 27
    {":status", "503"},                                                                    // 28
    {"accept", "*/*"},                                                                     // 29
    {"accept", "application/dns-message"},                                                 // 30
    {"accept-encoding", "gzip, deflate, br"},                                              // 31
    {"accept-ranges", "bytes"},                                                            // 32
    {"access-control-allow-headers", "cache-control"},                                     // 33
    {"access-control-allow-headers", "content-type"},                                      // 34
    {"access-control-allow-origin", "*"},                                                  // 35
    {"cache-control", "max-age=0"},                                                        // 36
    {"cache-control", "max-age=2592000"},                                                  // 37
    {"cache-control", "max-age=604800"},                                                   // 38
    {"cache-control", "no-cache"},                                                         // 39
    {"cache-control", "no-store"},                                                         // 40
    {"cache-control", "public, max-age=31536000"},                                         // 41
    {"content-encoding", "br"},                                                            // 42
    {"content-encoding", "gzip"},                                                          // 43
    {"content-type", "application/dns-message"},                                           // 44
    {"content-type", "application/javascript"},                                            // 45
    {"content-type", "application/json"},                                                  // 46
    {"content-type", "application/x-www-form-urlencoded"},                                 // 47
    {"content-type", "image/gif"},                                                         // 48
    {"content-type", "image/jpeg"},                                                        // 49
    {"content-type", "image/png"},                                                         // 50
    {"content-type", "text/css"},                                                          // 51
    {"content-type", "text/html; charset=utf-8"},                                          // 52
    {"content-type", "text/plain"},                                                        // 53
    {"content-type", "text/plain;charset=utf-8"},                                          // 54
    {"range", "bytes=0-"},                                                                 // 55
    {"strict-transport-security", "max-age=31536000"},                                     // 56
    {"strict-transport-security", "max-age=31536000; includesubdomains"},                  // 57
    {"strict-transport-security", "max-age=31536000; includesubdomains; preload"},         // 58
    {"vary", "accept-encoding"},                                                           // 59
    {"vary", "origin"},                                                                    // 60
    {"x-content-type-options", "nosniff"},                                                 // 61
    {"x-xss-protection", "1; mode=block"},                                                 // 62
    {":status", "100"},                                                                    // 63
    {":status", "204"},                                                                    // 64
    {":status", "206"},                                                                    // 65
    {":status", "302"},                                                                    // 66
    {":status", "400"},                                                                    // 67
    {":status", "403"},                                                                    // 68
    {":status", "421"},                                                                    // 69
    {":status", "425"},                                                                    // 70
    {":status", "500"},                                                                    // 71
    {"accept-language", ""},                                                               // 72
    {"access-control-allow-credentials", "FALSE"},                                         // 73
    {"access-control-allow-credentials", "TRUE"},                                          // 74
    {"access-control-allow-headers", "*"},                                                 // 75
    {"access-control-allow-methods", "get"},                                               // 76
    {"access-control-allow-methods", "get, post, options"},                                // 77
    {"access-control-allow-methods", "options"},                                           // 78
    {"access-control-expose-headers", "content-length"},                                   // 79
    {"access-control-request-headers", "content-type"},                                    // 80
    {"access-control-request-method", "get"},                                              // 81
    {"access-control-request-method", "post"},                                             // 82
    {"alt-svc", "clear"},                                                                  // 83
    {"authorization", ""},                                                                 // 84
    {"content-security-policy", "script-src 'none'; object-src 'none'; base-uri 'none'"},  // 85
    {"early-data", "1"},                                                                   // 86
    {"expect-ct", ""},                                                                     // 87
    {"forwarded", ""},                                                                     // 88
    {"if-range", ""},                                                                      // 89
    {"origin", ""},                                                                        // 90
    {"purpose", "prefetch"},                                                               // 91
    {"server", ""},                                                                        // 92
    {"timing-allow-origin", "*"},                                                          // 93
    {"upgrade-insecure-requests", "1"},                                                    // 94
    {"user-agent", ""},                                                                    // 95
    {"x-forwarded-for", ""},                                                               // 96
    {"x-frame-options", "deny"},                                                           // 97
    {"x-frame-options", "sameorigin"},                                                     // 98
}};

constexpr size_t kNameSlots = 128;  // power of two, above the 61 distinct names

uint32_t name_hash(std::string_view name) {
  uint32_t h = 2166136261u;  // FNV-1a
  for (unsigned char c : name) h = (h ^ c) * 16777619u;
  return h;
}

// Open-addressed map from a distinct name to the range of its entries in `by_name`.
struct NameIndex {
  struct Slot {
    uint8_t first = 0;  // position in by_name
    uint8_t count = 0;  // 0: empty slot
  };
  std::array<Slot, kNameSlots> slots{};
  std::array<uint8_t, kStaticTableSize> by_name{};  // static indices grouped by name, ascending
};

NameIndex build_name_index() {
  NameIndex index;
  size_t next = 0;
  std::array<bool, kStaticTableSize> placed{};
  for (size_t i = 0; i < kStaticTableSize; ++i) {
    if (placed[i]) continue;
    const uint8_t first = static_cast<uint8_t>(next);
    for (size_t j = i; j < kStaticTableSize; ++j) {
      if (!placed[j] && kStaticTable[j].name == kStaticTable[i].name) {
        placed[j] = true;
        index.by_name[next++] = static_cast<uint8_t>(j);
      }
    }
    size_t slot = name_hash(kStaticTable[i].name) & (kNameSlots - 1);
    while (index.slots[slot].count != 0) slot = (slot + 1) & (kNameSlots - 1);
    index.slots[slot] = {first, static_cast<uint8_t>(next - first)};
  }
  return index;
}

const NameIndex& name_index() {
  static const NameIndex index = build_name_index();
  return index;
}

// The slot of `name`, or nullptr.
const NameIndex::Slot* find_name_slot(const NameIndex& index, std::string_view name) {
  size_t slot = name_hash(name) & (kNameSlots - 1);
  while (index.slots[slot].count != 0) {
    const NameIndex::Slot& s = index.slots[slot];
    if (kStaticTable[index.by_name[s.first]].name == name) return &s;
    slot = (slot + 1) & (kNameSlots - 1);
  }
  return nullptr;
}

}  // namespace

const StaticEntry* static_entry(uint64_t index) {
  return index < kStaticTableSize ? &kStaticTable[index] : nullptr;
}

StaticMatch static_match(std::string_view name, std::string_view value) {
  StaticMatch match;
  const NameIndex& index = name_index();
  const NameIndex::Slot* slot = find_name_slot(index, name);
  if (slot == nullptr) return match;
  match.name_index = index.by_name[slot->first];
  for (uint8_t i = 0; i < slot->count; ++i) {
    const uint8_t entry = index.by_name[slot->first + i];
    if (kStaticTable[entry].value == value) {
      match.field_index = entry;
      break;
    }
  }
  return match;
}

std::optional<uint32_t> static_find_field(std::string_view name, std::string_view value) {
  return static_match(name, value).field_index;
}

std::optional<uint32_t> static_find_name(std::string_view name) {
  return static_match(name, {}).name_index;
}

}  // namespace quasar::qpack
