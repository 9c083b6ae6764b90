// HTTP/1.1 spoken by hand over a TCP socket, for tests that need what no
// client library sends: pipelined or malformed requests, many connections
// waiting at once, a connection watched until the server closes it.
#pragma once

#include <map>
#include <optional>
#include <string>

namespace simpleflow::testing {

struct RawResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
};

class RawConnection {
 public:
  // Connects to 127.0.0.1:port; throws std::runtime_error when it cannot.
  explicit RawConnection(int port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  void send(const std::string& bytes);
  // The next response (status line, headers, Content-Length body), or
  // nullopt when the server closed the connection or `timeout_seconds`
  // passed first.
  std::optional<RawResponse> read_response(double timeout_seconds = 10);
  // True when the server closes the connection within `timeout_seconds`
  // (bytes it sends first are dropped).
  bool closed_by_server(double timeout_seconds = 10);

 private:
  // Reads more bytes into buffer_; false on close or timeout.
  bool fill(double timeout_seconds);
  int fd_ = -1;
  std::string buffer_;
};

// A POST / with SWF's headers for `operation` and the JSON `body`.
std::string swf_request(const std::string& operation, const std::string& body);

}  // namespace simpleflow::testing
