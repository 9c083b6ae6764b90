#include "support/test_certificates.hpp"

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "support/command.hpp"

namespace simpleflow::testing {
namespace {

void openssl(const std::vector<std::string>& args) {
  std::vector<std::string> argv{"openssl"};
  argv.insert(argv.end(), args.begin(), args.end());
  CommandResult result = run_command(argv);
  if (result.exit_code != 0) throw std::runtime_error("openssl " + args.front() + " failed: " + result.err);
}

}  // namespace

TestCertificates make_test_certificates(const std::string& directory) {
  std::filesystem::create_directories(directory);
  auto path = [&](const char* name) { return (std::filesystem::path(directory) / name).string(); };
  TestCertificates out{path("ca.pem"), path("server.pem"), path("server.key")};
  const std::vector<std::string> ec_key{"-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"};
  std::vector<std::string> ca{"req", "-x509"};
  ca.insert(ca.end(), ec_key.begin(), ec_key.end());
  ca.insert(ca.end(), {"-keyout", path("ca.key"), "-out", out.ca, "-days", "2", "-subj", "/CN=simpleflow test CA",
                       "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"});
  openssl(ca);
  std::vector<std::string> request{"req"};
  request.insert(request.end(), ec_key.begin(), ec_key.end());
  request.insert(request.end(), {"-keyout", out.key, "-out", path("server.csr"), "-subj", "/CN=127.0.0.1"});
  openssl(request);
  std::ofstream(path("server.ext")) << "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
                                       "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n";
  openssl({"x509", "-req", "-in", path("server.csr"), "-CA", out.ca, "-CAkey", path("ca.key"), "-CAcreateserial",
           "-out", out.certificate, "-days", "2", "-extfile", path("server.ext")});
  return out;
}

}  // namespace simpleflow::testing
