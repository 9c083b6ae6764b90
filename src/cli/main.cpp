#include "simpleflow/cli.hpp"

int main(int argc, char** argv) { return simpleflow::cli::main(argc, argv); }
