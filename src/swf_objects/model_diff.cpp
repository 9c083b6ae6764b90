#include <algorithm>

#include "simpleflow/swf/models.hpp"

namespace simpleflow::swf {

void ModelDiff::add(const std::string& field, const Json& local, const Json& remote) {
  if (local != remote) differences_.push_back({field, local, remote});
}

bool ModelDiff::contains(const std::string& field) const {
  return std::any_of(differences_.begin(), differences_.end(), [&](const auto& d) { return d.field == field; });
}

std::vector<std::string> ModelDiff::differing_fields() const {
  std::vector<std::string> out;
  for (const auto& d : differences_) out.push_back(d.field);
  return out;
}

}  // namespace simpleflow::swf
