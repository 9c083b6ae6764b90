// Typed values to and from JSON, with errors that say what was expected.
// Included by the public headers for their templates; not an API of its own.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <typeinfo>
#include <unordered_map>
#include <utility>
#include <vector>

#include "simpleflow/errors.hpp"
#include "simpleflow/json.hpp"

namespace simpleflow::internal {

// "examples::basic::Point" for a type, from the compiler's own spelling.
std::string demangle(const char* mangled);

template <class T> struct is_vector : std::false_type {};
template <class T, class A> struct is_vector<std::vector<T, A>> : std::true_type {};
template <class T> struct is_optional : std::false_type {};
template <class T> struct is_optional<std::optional<T>> : std::true_type {};
template <class T> struct is_string_map : std::false_type {};
template <class V, class C, class A>
struct is_string_map<std::map<std::string, V, C, A>> : std::true_type {};
template <class V, class H, class E, class A>
struct is_string_map<std::unordered_map<std::string, V, H, E, A>> : std::true_type {};

// How a C++ type is named in error messages: JSON's vocabulary for the
// types that map to JSON, the C++ name otherwise.
template <class T>
std::string json_type_name() {
  using U = std::remove_cvref_t<T>;
  if constexpr (std::is_same_v<U, Json>) return "any JSON value";
  else if constexpr (std::is_same_v<U, bool>) return "boolean";
  else if constexpr (std::is_integral_v<U>) return "integer";
  else if constexpr (std::is_floating_point_v<U>) return "number";
  else if constexpr (std::is_convertible_v<U, std::string_view>) return "string";
  else if constexpr (is_optional<U>::value) return json_type_name<typename U::value_type>() + " or null";
  else if constexpr (is_vector<U>::value) return "array of " + json_type_name<typename U::value_type>();
  else if constexpr (is_string_map<U>::value) return "object of " + json_type_name<typename U::mapped_type>();
  else return demangle(typeid(U).name());
}

// A short rendering of a JSON value for error messages: `string "one"`.
std::string describe_json(const Json& value);

[[noreturn]] void throw_type_mismatch(const std::string& expected, const Json& got,
                                      const std::string& detail = {});

// Converts `value` to T. Scalars are strict (a string is not an integer, a
// fractional number is not an integer, 1 is not a boolean); user types go
// through their nlohmann `from_json`. Throws InvalidInput naming the expected
// type; callers prefix it with the parameter's name.
template <class T>
T from_json(const Json& value) {
  using U = std::remove_cvref_t<T>;
  if constexpr (std::is_same_v<U, Json>) {
    return value;
  } else if constexpr (std::is_same_v<U, bool>) {
    if (!value.is_boolean()) throw_type_mismatch("boolean", value);
    return value.get<bool>();
  } else if constexpr (std::is_integral_v<U>) {
    if (value.is_number_integer()) {
      if (value.is_number_unsigned()) {
        auto v = value.get<std::uint64_t>();
        if (v > static_cast<std::uint64_t>(std::numeric_limits<U>::max()))
          throw_type_mismatch("integer", value, "out of range");
        return static_cast<U>(v);
      }
      auto v = value.get<std::int64_t>();
      if constexpr (std::is_signed_v<U>) {
        if (v < std::numeric_limits<U>::min() || v > std::numeric_limits<U>::max())
          throw_type_mismatch("integer", value, "out of range");
      } else {
        if (v < 0 || static_cast<std::uint64_t>(v) > std::numeric_limits<U>::max())
          throw_type_mismatch("integer", value, "out of range");
      }
      return static_cast<U>(v);
    }
    if (value.is_number_float()) {
      double d = value.get<double>();
      // Range-check before converting: casting an out-of-range double is
      // undefined. Both bounds are exact powers of two (or 0): [min, max + 1).
      constexpr double lower = static_cast<double>(std::numeric_limits<U>::min());
      constexpr double upper = static_cast<double>(std::numeric_limits<U>::max() / 2 + 1) * 2.0;
      if (d >= lower && d < upper && std::trunc(d) == d) return static_cast<U>(d);
    }
    throw_type_mismatch("integer", value);
  } else if constexpr (std::is_floating_point_v<U>) {
    if (!value.is_number()) throw_type_mismatch("number", value);
    return value.get<U>();
  } else if constexpr (std::is_same_v<U, std::string>) {
    if (!value.is_string()) throw_type_mismatch("string", value);
    return value.get<std::string>();
  } else if constexpr (is_optional<U>::value) {
    if (value.is_null()) return U{};
    return U{from_json<typename U::value_type>(value)};
  } else if constexpr (is_vector<U>::value) {
    if (!value.is_array()) throw_type_mismatch(json_type_name<U>(), value);
    U out;
    out.reserve(value.size());
    for (std::size_t i = 0; i < value.size(); ++i) {
      try {
        out.push_back(from_json<typename U::value_type>(value[i]));
      } catch (const InvalidInput& e) {
        throw InvalidInput("item " + std::to_string(i) + ": " + e.what());
      }
    }
    return out;
  } else if constexpr (is_string_map<U>::value) {
    if (!value.is_object()) throw_type_mismatch(json_type_name<U>(), value);
    U out;
    for (const auto& [k, v] : value.items()) {
      try {
        out.emplace(k, from_json<typename U::mapped_type>(v));
      } catch (const InvalidInput& e) {
        throw InvalidInput("key \"" + k + "\": " + e.what());
      }
    }
    return out;
  } else {
    try {
      return value.get<U>();
    } catch (const Json::exception& e) {
      throw_type_mismatch(json_type_name<U>(), value, e.what());
    }
  }
}

// Converts a C++ value to JSON through nlohmann's `to_json`.
template <class T>
Json to_json(T&& value) {
  return Json(std::forward<T>(value));
}

}  // namespace simpleflow::internal
