// bench.FanOut and bench.increment, for `simpleflow --plugin bench_plugin.so`.
#include "fan_out.hpp"
