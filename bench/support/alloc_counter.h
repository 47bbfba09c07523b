// Counts heap allocations made through operator new, so benchmarks can report
// allocations per operation (the steady-state packet paths must show 0).
#pragma once

#include <cstdint>

#include <benchmark/benchmark.h>

namespace quasar::bench {

// Allocations made by this thread since it started.
uint64_t allocation_count();

// Measures allocations between construction and report(), and publishes them as the counter
// "allocs/op" (averaged over the benchmark's iterations).
class AllocationScope {
 public:
  AllocationScope() : start_(allocation_count()) {}
  void report(benchmark::State& state) const {
    state.counters["allocs/op"] = benchmark::Counter(
        static_cast<double>(allocation_count() - start_), benchmark::Counter::kAvgIterations);
  }

 private:
  uint64_t start_;
};

}  // namespace quasar::bench
