#include "simpleflow/swf/call_error.hpp"

#include <array>
#include <string_view>
#include <utility>

namespace simpleflow::swf {
namespace {

constexpr std::array<std::pair<std::string_view, ErrorKind>, 30> kKnownCodes{{
    {"UnknownResourceFault", ErrorKind::kUnknownResource},
    {"TypeAlreadyExistsFault", ErrorKind::kTypeAlreadyExists},
    {"DomainAlreadyExistsFault", ErrorKind::kDomainAlreadyExists},
    {"WorkflowExecutionAlreadyStartedFault", ErrorKind::kWorkflowExecutionAlreadyStarted},
    {"LimitExceededFault", ErrorKind::kLimitExceeded},
    {"OperationNotPermittedFault", ErrorKind::kOperationNotPermitted},
    {"TypeDeprecatedFault", ErrorKind::kTypeDeprecated},
    {"DomainDeprecatedFault", ErrorKind::kDomainDeprecated},
    {"DefaultUndefinedFault", ErrorKind::kDefaultUndefined},
    {"TooManyTagsFault", ErrorKind::kTooManyTags},
    {"ThrottlingException", ErrorKind::kThrottling},
    {"Throttling", ErrorKind::kThrottling},
    {"RequestLimitExceeded", ErrorKind::kThrottling},
    {"ValidationException", ErrorKind::kValidation},
    {"SerializationException", ErrorKind::kValidation},
    {"InvalidParameterValue", ErrorKind::kValidation},
    {"UnrecognizedClientException", ErrorKind::kAuthentication},
    {"InvalidClientTokenId", ErrorKind::kAuthentication},
    {"InvalidSignatureException", ErrorKind::kAuthentication},
    {"SignatureDoesNotMatch", ErrorKind::kAuthentication},
    {"IncompleteSignature", ErrorKind::kAuthentication},
    {"IncompleteSignatureException", ErrorKind::kAuthentication},
    {"MissingAuthenticationToken", ErrorKind::kAuthentication},
    {"MissingAuthenticationTokenException", ErrorKind::kAuthentication},
    {"ExpiredToken", ErrorKind::kAuthentication},
    {"ExpiredTokenException", ErrorKind::kAuthentication},
    {"AccessDenied", ErrorKind::kAccessDenied},
    {"AccessDeniedException", ErrorKind::kAccessDenied},
    {"InternalFailure", ErrorKind::kService},
    {"ServiceUnavailable", ErrorKind::kService},
}};

}  // namespace

ErrorKind classify_error(const std::string& code, int http_status) {
  for (const auto& [name, kind] : kKnownCodes)
    if (code == name) return kind;
  if (http_status >= 500) return ErrorKind::kService;
  if (http_status == 429) return ErrorKind::kThrottling;
  if (http_status == 401 || http_status == 403) return ErrorKind::kAuthentication;
  return ErrorKind::kOther;
}

bool CallError::retryable() const {
  return kind == ErrorKind::kThrottling || kind == ErrorKind::kService || kind == ErrorKind::kNetwork;
}

std::string CallError::describe() const {
  std::string out = "SWF " + (operation.empty() ? std::string("call") : operation);
  if (!endpoint.empty()) out += " at " + endpoint;
  out += " failed: ";
  out += code.empty() ? "error" : code;
  if (http_status != 0 && kind != ErrorKind::kNetwork && code.rfind("HTTP ", 0) != 0)
    out += " (HTTP " + std::to_string(http_status) + ")";
  if (!message.empty()) out += ": " + message;
  if (attempts > 1) out += " (after " + std::to_string(attempts) + " attempts)";
  if (kind == ErrorKind::kAuthentication)
    out += ". The credentials were refused: check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, "
           "or the profile in ~/.aws/credentials (AWS_PROFILE), and that the region is the endpoint's";
  return out;
}

}  // namespace simpleflow::swf
