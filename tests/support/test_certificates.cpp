#include "support/test_certificates.hpp"

#include <filesystem>
#include <stdexcept>

#include "support/command.hpp"
#include "support/python_server.hpp"

namespace simpleflow::testing {

TestCertificates make_test_certificates(const std::string& directory) {
  // One recipe for the C++ and the Python tests: test_certificates.py's.
  CommandResult made = run_command({python3(), test_script("tests/support/test_certificates.py"), directory});
  if (made.exit_code != 0) throw std::runtime_error("test_certificates.py failed: " + made.err);
  auto path = [&](const char* name) { return (std::filesystem::path(directory) / name).string(); };
  return {path("ca.pem"), path("server.pem"), path("server.key")};
}

}  // namespace simpleflow::testing
