#include "support/s3_servers.hpp"

#include <stdexcept>
#include <vector>

namespace simpleflow::testing {

std::map<std::string, std::string> S3Server::environment() const {
  return {{"AWS_ENDPOINT_URL_S3", endpoint()},
          {"AWS_ACCESS_KEY_ID", key.access_key_id},
          {"AWS_SECRET_ACCESS_KEY", key.secret_access_key},
          {"AWS_REGION", "us-east-1"}};
}

std::unique_ptr<S3Server> start_moto_s3(const std::string& bucket) {
  auto server = std::make_unique<S3Server>();
  server->process = std::make_unique<PythonServer>(
      std::vector<std::string>{test_script("tests/support/moto_s3_server.py"), "--bucket", bucket});
  std::string line = server->process->read_line();
  auto space = line.find(' ');
  if (space == std::string::npos) throw std::runtime_error("moto_s3_server.py printed \"" + line + "\"");
  server->key = {line.substr(0, space), line.substr(space + 1), "", "moto's IAM user"};
  return server;
}

std::unique_ptr<S3Server> start_s3rver(const std::string& bucket) {
  auto server = std::make_unique<S3Server>();
  server->process =
      std::make_unique<ChildServer>(std::vector<std::string>{"node", test_script("tests/support/s3rver_server.js"), bucket});
  server->key = {"S3RVER", "S3RVER", "", "s3rver's built-in key"};
  return server;
}

}  // namespace simpleflow::testing
