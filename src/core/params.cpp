#include "simpleflow/params.hpp"

#include <set>

#include "core/input_keys.hpp"

namespace simpleflow {

Arguments Arguments::from_input(const Json& input) {
  Arguments out;
  if (input.is_array()) {
    out.args = input;
    return out;
  }
  if (!input.is_object()) {
    out.args.push_back(input);
    return out;
  }
  for (const auto& [key, value] : input.items()) {
    if (key == "args") {
      if (!value.is_array()) throw InvalidInput("input \"args\" must be an array, got " + internal::describe_json(value));
      out.args = value;
    } else if (key == "kwargs") {
      if (!value.is_object())
        throw InvalidInput("input \"kwargs\" must be an object, got " + internal::describe_json(value));
      out.kwargs = value;
    } else if (key != "meta" && key != "__extra" && key != internal::kLastHeartbeatDetailsKey) {
      throw InvalidInput("input has an unexpected key \"" + key +
                         "\": give a JSON array of arguments or an object with \"args\" and \"kwargs\"");
    }
  }
  return out;
}

Json Arguments::to_input() const { return Json{{"args", args}, {"kwargs", kwargs}}; }

namespace internal {

std::string parameter_label(const std::vector<Param>& params, std::size_t index) {
  if (index < params.size()) return "parameter '" + params[index].name + "'";
  return "argument " + std::to_string(index + 1);
}

std::vector<Json> bind_arguments(const Arguments& arguments, const std::vector<Param>& params, std::size_t arity,
                                 const std::string& callee) {
  // Registration only records bad params as an error; binding with a wrong
  // count would index past the end of `params`.
  if (!params.empty() && params.size() != arity) {
    throw InvalidInput(callee + ": " + std::to_string(params.size()) + " params named for " + std::to_string(arity) +
                       " parameters");
  }
  const auto& args = arguments.args;
  const auto& kwargs = arguments.kwargs;
  if (args.size() > arity) {
    throw InvalidInput(callee + " takes " + std::to_string(arity) + " argument" + (arity == 1 ? "" : "s") + " but " +
                       std::to_string(args.size()) + (args.size() == 1 ? " was" : " were") + " given");
  }
  if (params.empty()) {
    if (!kwargs.empty()) {
      throw InvalidInput(callee + " takes no keyword arguments (got \"" + kwargs.begin().key() +
                         "\"): register it with named params");
    }
    if (args.size() < arity) {
      throw InvalidInput(callee + " takes " + std::to_string(arity) + " argument" + (arity == 1 ? "" : "s") +
                         " but " + std::to_string(args.size()) + (args.size() == 1 ? " was" : " were") + " given");
    }
    return std::vector<Json>(args.begin(), args.end());
  }
  std::vector<std::optional<Json>> bound(arity);
  for (std::size_t i = 0; i < args.size(); ++i) bound[i] = args[i];
  for (const auto& [key, value] : kwargs.items()) {
    std::size_t index = 0;
    while (index < params.size() && params[index].name != key) ++index;
    if (index == params.size()) throw InvalidInput(callee + " got an unexpected keyword argument '" + key + "'");
    if (bound[index]) throw InvalidInput(callee + " got multiple values for parameter '" + key + "'");
    bound[index] = value;
  }
  std::vector<Json> out;
  out.reserve(arity);
  for (std::size_t i = 0; i < arity; ++i) {
    if (!bound[i]) {
      if (!params[i].default_value) throw InvalidInput(callee + " is missing required parameter '" + params[i].name + "'");
      bound[i] = params[i].default_value;
    }
    out.push_back(std::move(*bound[i]));
  }
  return out;
}

Status check_params(const std::vector<Param>& params, std::size_t arity, const std::string& callee) {
  if (params.empty()) return OkStatus();
  if (params.size() != arity) {
    return InvalidArgumentError(callee + ": " + std::to_string(params.size()) + " params named for " +
                                std::to_string(arity) + " parameters");
  }
  std::set<std::string> seen;
  bool defaults_started = false;
  for (const auto& p : params) {
    if (p.name.empty()) return InvalidArgumentError(callee + ": a parameter has an empty name");
    if (!seen.insert(p.name).second) return InvalidArgumentError(callee + ": parameter '" + p.name + "' named twice");
    if (p.default_value) defaults_started = true;
    else if (defaults_started)
      return InvalidArgumentError(callee + ": parameter '" + p.name + "' without a default follows one with a default");
  }
  return OkStatus();
}

}  // namespace internal
}  // namespace simpleflow
