// Reading an error answer of an AWS JSON 1.0 service into a CallError.
#pragma once

#include <string_view>

#include "simpleflow/swf/call_error.hpp"

namespace simpleflow::swf::internal {

// The error of a non-2xx answer: the code from the body's "__type" (the part
// after '#'), else the x-amzn-ErrorType header (up to ':'), else an XML
// <Code> (AWS's authentication layer and some emulators answer XML), else
// "HTTP <status>"; the message from "message"/"Message"/<Message>, else the
// start of the body. Sets kind, code, message and http_status only.
CallError error_from_response(int http_status, std::string_view body, std::string_view error_type_header);

}  // namespace simpleflow::swf::internal
