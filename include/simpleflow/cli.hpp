// The `simpleflow` command line, callable from a program of your own that
// links libsimpleflow and registers its workflows and activities itself:
//
//   int main(int argc, char** argv) { return simpleflow::cli::main(argc, argv); }
//
// Exit codes: 0 success, 1 the workflow failed, 2 bad usage or input.
#pragma once

namespace simpleflow::cli {

int main(int argc, char** argv);

}  // namespace simpleflow::cli
