// S3-compatible servers for the tests, each started on 127.0.0.1 on a port
// it picks, with one bucket, and stopped when the returned object goes:
//   - moto's S3 with IAM authentication (moto_s3_server.py): every request
//     must be signed with the key the script creates;
//   - s3rver from npm (s3rver_server.js; scripts/setup installs it), which
//     knows one key, S3RVER/S3RVER, and refuses others (it does not check
//     signatures).
// Both throw std::runtime_error when the server cannot start: the tests
// that use them fail, since CI installs them all.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "simpleflow/swf/config.hpp"
#include "support/python_server.hpp"

namespace simpleflow::testing {

struct S3Server {
  std::unique_ptr<ChildServer> process;
  swf::Credentials key;

  std::string endpoint() const { return process->endpoint(); }
  // The variables that point simpleflow's S3 client at this server.
  std::map<std::string, std::string> environment() const;
};

std::unique_ptr<S3Server> start_moto_s3(const std::string& bucket);
std::unique_ptr<S3Server> start_s3rver(const std::string& bucket);

}  // namespace simpleflow::testing
