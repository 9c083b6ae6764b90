#!/usr/bin/env bash
# Installs the build into a temporary prefix, builds a plugin against it with
# pkg-config and runs it with the installed CLI.
set -euo pipefail
build_dir=$1
source_dir=$2
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT

cmake --install "$build_dir" --prefix "$prefix" >/dev/null
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
cat > "$prefix/hello.cpp" <<'CPP'
#include <iostream>
#include <simpleflow/simpleflow.hpp>
namespace hello {
int add(int a, int b) { return a + b; }
class Sum : public simpleflow::Workflow {
 public:
  int run(int a, int b) {
    int total = submit(add, a, b).result();
    std::cout << a << " + " << b << " = " << total << std::endl;
    return total;
  }
};
}  // namespace hello
SIMPLEFLOW_ACTIVITY(hello::add);
SIMPLEFLOW_WORKFLOW(hello::Sum, {.params = {"a", {"b", 1}}});
CPP
g++ -shared -fPIC "$prefix/hello.cpp" -o "$prefix/hello.so" $(pkg-config --cflags --libs simpleflow)
output=$("$prefix/bin/simpleflow" --plugin "$prefix/hello.so" workflow.start --local hello.Sum --input '[2, 3]' 2>/dev/null)
if [ "$output" != "2 + 3 = 5" ]; then
  echo "unexpected output: $output"
  exit 1
fi
# The installed examples plugin is found beside the installed binary.
output=$("$prefix/bin/simpleflow" workflow.start --local examples.basic.BasicWorkflow --input '[1, 0]' 2>/dev/null)
[ "$output" = "(1 + 1) * 2 = 4" ] || { echo "installed examples: unexpected output: $output"; exit 1; }
echo "install test passed"
