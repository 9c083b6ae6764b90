// Named parameters with defaults, so that inputs may pass keyword arguments.
//
//   SIMPLEFLOW_WORKFLOW(examples::basic::BasicWorkflow,
//                       {.name = "basic", .params = {"x", {"t", 30}}});
//
// accepts `[1]`, `[1, 5]`, `{"args": [1], "kwargs": {"t": 5}}` and
// `{"kwargs": {"x": 1}}` for `run(int x, int t)`.
#pragma once

#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "simpleflow/internal/convert.hpp"
#include "simpleflow/json.hpp"

namespace simpleflow {

// One parameter: its name and, when optional, its default value.
struct Param {
  Param(const char* n) : name(n) {}                                   // NOLINT: implicit by design
  Param(std::string n) : name(std::move(n)) {}                        // NOLINT: implicit by design
  Param(std::string n, Json d) : name(std::move(n)), default_value(std::move(d)) {}

  std::string name;
  std::optional<Json> default_value;
};

// Splits a workflow or activity input into positional and keyword arguments.
// Accepts `{"args": [...], "kwargs": {...}}` (either key may be missing; `meta`
// and `__extra` are allowed and ignored), a JSON array (the positional
// arguments) or any other value (a single positional argument). Throws
// InvalidInput for an object with other keys or wrongly typed args/kwargs.
struct Arguments {
  Json args = Json::array();
  Json kwargs = Json::object();

  static Arguments from_input(const Json& input);
  // The `{"args": [...], "kwargs": {...}}` envelope.
  Json to_input() const;
};

namespace internal {

// Matches arguments to `arity` parameters as Python does (positional first,
// then keywords, then defaults) and returns one value per parameter. `params`
// may be empty: then only positional arguments are accepted. Throws
// InvalidInput naming `callee` and the parameter at fault.
std::vector<Json> bind_arguments(const Arguments& arguments, const std::vector<Param>& params,
                                 std::size_t arity, const std::string& callee);

// The name of parameter `index` in messages: its declared name, else its position.
std::string parameter_label(const std::vector<Param>& params, std::size_t index);

// Checks at registration that `params` can describe a callable of `arity`
// parameters: same count (or none), no duplicate names, defaults only at the end.
Status check_params(const std::vector<Param>& params, std::size_t arity, const std::string& callee);

template <class Tuple, std::size_t... I>
Tuple convert_bound(const std::vector<Json>& values, const std::vector<Param>& params,
                    const std::string& callee, std::index_sequence<I...>) {
  [[maybe_unused]] auto convert_one = [&](auto tag, std::size_t i) {
    using T = typename decltype(tag)::type;
    try {
      return from_json<T>(values[i]);
    } catch (const InvalidInput& e) {
      throw InvalidInput(callee + ": " + parameter_label(params, i) + " expects " + e.what());
    }
  };
  return Tuple{convert_one(std::type_identity<std::tuple_element_t<I, Tuple>>{}, I)...};
}

// Binds and converts arguments to the typed parameters P... of a callable.
template <class... P>
std::tuple<std::remove_cvref_t<P>...> convert_arguments(const Arguments& arguments,
                                                        const std::vector<Param>& params,
                                                        const std::string& callee) {
  using Tuple = std::tuple<std::remove_cvref_t<P>...>;
  auto values = bind_arguments(arguments, params, sizeof...(P), callee);
  return convert_bound<Tuple>(values, params, callee, std::index_sequence_for<P...>{});
}

}  // namespace internal
}  // namespace simpleflow
