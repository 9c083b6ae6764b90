#include "simpleflow/registry.hpp"

#include <stdexcept>

namespace simpleflow {

Registry& Registry::global() {
  static Registry* registry = new Registry();  // never destroyed: plugins may outlive static teardown
  return *registry;
}

const ActivityDef* Registry::find_activity(std::string_view name) const {
  std::lock_guard lock(mu_);
  auto it = activities_.find(name);
  return it == activities_.end() ? nullptr : it->second;
}

const WorkflowDef* Registry::find_workflow(std::string_view name) const {
  std::lock_guard lock(mu_);
  if (auto it = workflows_.find(name); it != workflows_.end()) return it->second;
  auto [first, last] = workflows_by_name_.equal_range(name);
  if (first != last && std::next(first) == last) return first->second;
  return nullptr;
}

std::vector<const ActivityDef*> Registry::activities() const {
  std::lock_guard lock(mu_);
  std::vector<const ActivityDef*> out;
  for (const auto& [name, def] : activities_) out.push_back(def);
  return out;
}

std::vector<const WorkflowDef*> Registry::workflows() const {
  std::lock_guard lock(mu_);
  std::vector<const WorkflowDef*> out;
  for (const auto& [name, def] : workflows_) out.push_back(def);
  return out;
}

std::vector<std::string> Registry::errors() const {
  std::lock_guard lock(mu_);
  return errors_;
}

void Registry::add_error(std::string message) {
  std::lock_guard lock(mu_);
  errors_.push_back(std::move(message));
}

const ActivityDef& Registry::add(const void* function, std::type_index class_type, std::unique_ptr<ActivityDef> def) {
  std::lock_guard lock(mu_);
  const ActivityDef* stored = def.get();
  activity_storage_.push_back(std::move(def));
  if (Status s = stored->validate(); !s.ok()) errors_.push_back(s.message());
  if (!activities_.emplace(stored->name(), stored).second) {
    errors_.push_back("activity \"" + stored->name() + "\" is registered twice (" + stored->qualified_name() + ")");
  }
  if (function) by_function_[function] = stored;
  if (class_type != typeid(void)) by_activity_class_.emplace(class_type, stored);
  return *stored;
}

const WorkflowDef& Registry::add(std::type_index type, std::unique_ptr<WorkflowDef> def) {
  std::lock_guard lock(mu_);
  const WorkflowDef* stored = def.get();
  workflow_storage_.push_back(std::move(def));
  if (Status s = stored->validate(); !s.ok()) errors_.push_back(s.message());
  if (!workflows_.emplace(stored->class_name(), stored).second) {
    errors_.push_back("workflow \"" + stored->class_name() + "\" is registered twice");
  }
  workflows_by_name_.emplace(stored->name(), stored);
  by_workflow_class_.emplace(type, stored);
  return *stored;
}

const ActivityDef& Registry::activity_for_function(const void* function) const {
  std::lock_guard lock(mu_);
  auto it = by_function_.find(function);
  if (it == by_function_.end())
    throw std::logic_error("this function is not registered as an activity: register it with SIMPLEFLOW_ACTIVITY");
  return *it->second;
}

const ActivityDef& Registry::activity_for_class(std::type_index type) const {
  std::lock_guard lock(mu_);
  auto it = by_activity_class_.find(type);
  if (it == by_activity_class_.end()) {
    throw std::logic_error("class " + internal::demangle(type.name()) +
                           " is not registered as an activity: register it with SIMPLEFLOW_ACTIVITY_CLASS");
  }
  return *it->second;
}

const WorkflowDef& Registry::workflow_for(std::type_index type) const {
  std::lock_guard lock(mu_);
  auto it = by_workflow_class_.find(type);
  if (it == by_workflow_class_.end()) {
    throw std::logic_error("class " + internal::demangle(type.name()) +
                           " is not registered as a workflow: register it with SIMPLEFLOW_WORKFLOW");
  }
  return *it->second;
}

namespace internal {

const ActivityDef& add_activity(const void* function, std::type_index class_type, std::unique_ptr<ActivityDef> def) {
  return Registry::global().add(function, class_type, std::move(def));
}
const WorkflowDef& add_workflow(std::type_index type, std::unique_ptr<WorkflowDef> def) {
  return Registry::global().add(type, std::move(def));
}
const WorkflowDef& workflow_for(std::type_index type) { return Registry::global().workflow_for(type); }
const ActivityDef& activity_for_function(const void* function) {
  return Registry::global().activity_for_function(function);
}
const ActivityDef& activity_for_class(std::type_index type) { return Registry::global().activity_for_class(type); }

}  // namespace internal
}  // namespace simpleflow
