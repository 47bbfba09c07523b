// Prints the compression comparison with the offline-interop corpus as a Markdown table
// (recorded in bench/README.md): for each QIF, table capacity T, blocked streams B and
// acknowledgement mode A, the bytes of our encoding against the best of the six others.
#include <cstdio>
#include <string>

#include "tools/qpack/compression_comparison.h"

int main(int argc, char** argv) {
  using namespace quasar::qpack::offline;
  const std::string dir = argc > 1 ? argv[1] : QUASAR_QPACK_INTEROP_DIR;
  const auto cells = compare_compression(dir);
  std::printf(
      "| QIF | T | B | A | quasar | best of six | by | best within B | by | quasar vs best "
      "within B |\n|---|---|---|---|---|---|---|---|---|---|\n");
  int missed = 0;
  for (const ComparisonCell& c : cells) {
    const uint64_t best = c.best_other(false);
    const uint64_t best_ok = c.best_other(true);
    const double ratio = 100.0 * (static_cast<double>(c.ours) - best_ok) / best_ok;
    if (c.ours > best_ok) ++missed;
    if (!c.ours_decodes) std::printf("ERROR: our encoding does not decode back\n");
    std::printf("| %s | %llu | %llu | %d | %llu | %llu | %s | %llu | %s | %+.2f%% |\n",
                c.qif.c_str(), static_cast<unsigned long long>(c.table_capacity),
                static_cast<unsigned long long>(c.blocked_streams), c.immediate_ack ? 1 : 0,
                static_cast<unsigned long long>(c.ours), static_cast<unsigned long long>(best),
                c.best_other_name(false).c_str(), static_cast<unsigned long long>(best_ok),
                c.best_other_name(true).c_str(), ratio);
  }
  std::printf("\ncells where quasar is larger than the best encoding within B: %d of %zu\n", missed,
              cells.size());
  return 0;
}
