// A certificate authority and a server certificate for 127.0.0.1 and
// localhost, made for one test by test_certificates.py (the openssl
// command): enough for the server's HTTPS and for clients that verify it
// against the CA.
#pragma once

#include <string>

namespace simpleflow::testing {

struct TestCertificates {
  std::string ca;           // PEM: the CA's certificate, for clients (AWS_CA_BUNDLE)
  std::string certificate;  // PEM: the server's, signed by the CA
  std::string key;          // PEM: the server's private key
};

// Writes the files into `directory` (created if missing). Throws
// std::runtime_error with the script's message when it fails.
TestCertificates make_test_certificates(const std::string& directory);

}  // namespace simpleflow::testing
