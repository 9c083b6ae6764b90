#include "simpleflow/swf/exceptions.hpp"

namespace simpleflow::swf {

void throw_error(const CallError& error) {
  switch (error.kind) {
    case ErrorKind::kUnknownResource:
      throw DoesNotExistError(error);
    case ErrorKind::kTypeAlreadyExists:
    case ErrorKind::kDomainAlreadyExists:
      throw AlreadyExistsError(error);
    case ErrorKind::kWorkflowExecutionAlreadyStarted:
      throw WorkflowExecutionAlreadyStartedError(error);
    case ErrorKind::kLimitExceeded:
      throw RateLimitExceededError(error);
    default:
      throw ResponseError(error);
  }
}

}  // namespace simpleflow::swf
