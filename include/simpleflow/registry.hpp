// The process-wide registry of activities and workflows. Registration happens
// while the program or a plugin loads (SIMPLEFLOW_ACTIVITY, SIMPLEFLOW_WORKFLOW);
// lookups happen when workflows run. All methods are thread-safe.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <typeindex>
#include <unordered_map>
#include <vector>

#include "simpleflow/activity.hpp"
#include "simpleflow/workflow.hpp"

namespace simpleflow {

class Registry {
 public:
  // The registry that the registration macros fill.
  static Registry& global();

  // The activity registered under this dotted name, or null.
  const ActivityDef* find_activity(std::string_view name) const;
  // The workflow whose dotted class name is `name`, else the one whose
  // workflow name is `name` when exactly one has it; null otherwise.
  const WorkflowDef* find_workflow(std::string_view name) const;

  // Sorted by name.
  std::vector<const ActivityDef*> activities() const;
  // Sorted by class name.
  std::vector<const WorkflowDef*> workflows() const;

  // Problems found while registering (duplicate names, bad options). They
  // cannot be thrown from static initialisers, so loaders report them.
  std::vector<std::string> errors() const;

  // Registration; used by the macros through internal::add_activity/add_workflow.
  const ActivityDef& add(const void* function, std::type_index class_type, std::unique_ptr<ActivityDef> def);
  const WorkflowDef& add(std::type_index type, std::unique_ptr<WorkflowDef> def);
  void add_error(std::string message);

  // Lookups by C++ identity; throw std::logic_error naming what is missing.
  const ActivityDef& activity_for_function(const void* function) const;
  const ActivityDef& activity_for_class(std::type_index type) const;
  const WorkflowDef& workflow_for(std::type_index type) const;

 private:
  mutable std::mutex mu_;
  std::vector<std::unique_ptr<ActivityDef>> activity_storage_;
  std::vector<std::unique_ptr<WorkflowDef>> workflow_storage_;
  std::map<std::string, const ActivityDef*, std::less<>> activities_;
  std::map<std::string, const WorkflowDef*, std::less<>> workflows_;
  std::multimap<std::string, const WorkflowDef*, std::less<>> workflows_by_name_;
  std::unordered_map<const void*, const ActivityDef*> by_function_;
  std::unordered_map<std::type_index, const ActivityDef*> by_activity_class_;
  std::unordered_map<std::type_index, const WorkflowDef*> by_workflow_class_;
  std::vector<std::string> errors_;
};

}  // namespace simpleflow
