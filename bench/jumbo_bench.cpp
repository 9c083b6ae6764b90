// Fetching the same jumbo field 1,000 times: from the memory cache, from the
// disk cache, and from the store itself, for fields of 100 KB, 1 MB and
// 5 MB. The store is the environment's (SIMPLEFLOW_JUMBO_FIELDS_BUCKET, and
// AWS_ENDPOINT_URL_S3 with credentials for an S3 server); bench/jumbo_bench.sh
// runs it against s3rver, moto and a directory.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>

#include "simpleflow/jumbo_fields.hpp"

namespace {

enum Cache { kMemory, kDisk, kNone };

const std::filesystem::path& disk_cache_dir() {
  static const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("jumbo_bench-" + std::to_string(::getpid()));
  return dir;
}

// The signature of a stored field of `size` characters, stored once.
const std::string& field_of(std::size_t size) {
  static std::map<std::size_t, std::string> signatures;
  auto& signature = signatures[size];
  if (signature.empty()) {
    auto encoded = simpleflow::encode_field("\"" + std::string(size - 2, 'j') + "\"", 32768);
    if (!encoded.ok()) {
      std::cerr << "cannot store a jumbo field: " << encoded.status().message() << std::endl;
      std::exit(1);
    }
    signature = *encoded;
  }
  return signature;
}

void BM_FetchJumboField(benchmark::State& state) {
  const auto cache = static_cast<Cache>(state.range(0));
  const auto size = static_cast<std::size_t>(state.range(1));
  ::setenv("SIMPLEFLOW_JUMBO_FIELDS_MEMORY_CACHE", cache == kMemory ? "67108864" : "0", 1);
  ::setenv("SIMPLEFLOW_ENABLE_DISK_CACHE", cache == kDisk ? "true" : "false", 1);
  ::setenv("SIMPLEFLOW_DISK_CACHE_DIR", disk_cache_dir().c_str(), 1);
  const std::string& signature = field_of(size);
  simpleflow::set_blob_store_opener(nullptr);  // empty memory cache, new connections
  if (!simpleflow::decode_field(signature).ok()) {  // the first fetch fills the caches
    state.SkipWithError("cannot fetch the field");
    return;
  }
  for (auto _ : state) {
    auto text = simpleflow::decode_field(signature);
    if (!text.ok() || text->size() != size) {
      state.SkipWithError("the field came back wrong");
      break;
    }
    benchmark::DoNotOptimize(text->data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * size));
  state.SetLabel(cache == kMemory ? "memory cache" : cache == kDisk ? "disk cache" : "no cache");
}

BENCHMARK(BM_FetchJumboField)
    ->ArgsProduct({{kMemory, kDisk, kNone}, {100'000, 1'000'000, 5'000'000}})
    ->Iterations(1000)
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  if (!std::getenv("SIMPLEFLOW_JUMBO_FIELDS_BUCKET")) {
    std::cerr << "set SIMPLEFLOW_JUMBO_FIELDS_BUCKET (bench/jumbo_bench.sh does)" << std::endl;
    return 2;
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  std::filesystem::remove_all(disk_cache_dir());
  return 0;
}
