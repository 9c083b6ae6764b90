#include "server/records.hpp"

namespace simpleflow::server::internal {

ActivityState* find_activity(Execution& execution, int64_t scheduled_event_id) {
  for (auto& [id, state] : execution.activities) {
    if (state.scheduled_event_id == scheduled_event_id) return &state;
  }
  return nullptr;
}

const ActivityState* find_activity(const Execution& execution, int64_t scheduled_event_id) {
  return find_activity(const_cast<Execution&>(execution), scheduled_event_id);
}

Json execution_document(const Execution& e) {
  Json doc = {{"domain", e.domain},
              {"workflowId", e.workflow_id},
              {"runId", e.run_id},
              {"workflowType", e.workflow_type},
              {"startTimestamp", e.start_ts},
              {"open", e.open},
              {"tagList", e.tags},
              {"cancelRequested", e.cancel_requested},
              {"taskList", e.task_list},
              {"taskPriority", e.task_priority},
              {"taskStartToCloseTimeout", e.task_start_to_close},
              {"executionStartToCloseTimeout", e.execution_start_to_close},
              {"childPolicy", e.child_policy},
              {"lambdaRole", e.lambda_role},
              {"eventCount", e.event_count},
              {"taskListBeforeOverride", e.task_list_before_override},
              {"overrideScheduleToStart", e.override_schedule_to_start}};
  if (!e.open) {
    doc["closeStatus"] = e.close_status;
    doc["closeTimestamp"] = e.close_ts;
  }
  if (e.parent) {
    doc["parent"] = *e.parent;
    doc["parentDomain"] = e.parent_domain;
    doc["parentInitiatedEventId"] = e.parent_initiated_event_id;
  }
  if (e.latest_activity_task_ts) doc["latestActivityTaskTimestamp"] = *e.latest_activity_task_ts;
  if (e.latest_execution_context) doc["latestExecutionContext"] = *e.latest_execution_context;
  if (!e.heartbeats.empty()) {
    Json beats = Json::array();
    for (const auto& [id, beat] : e.heartbeats) {
      Json b = {{"scheduledEventId", id}, {"at", beat.at}};
      if (beat.has_details) b["details"] = beat.details;
      beats.push_back(std::move(b));
    }
    doc["heartbeats"] = std::move(beats);
  }
  return doc;
}

Execution execution_from_document(const Json& doc) {
  Execution e;
  e.domain = doc.at("domain");
  e.workflow_id = doc.at("workflowId");
  e.run_id = doc.at("runId");
  e.workflow_type = doc.at("workflowType");
  e.start_ts = doc.at("startTimestamp");
  e.open = doc.at("open");
  e.tags = doc.at("tagList").get<std::vector<std::string>>();
  e.cancel_requested = doc.at("cancelRequested");
  e.task_list = doc.at("taskList");
  e.task_priority = doc.at("taskPriority");
  e.task_start_to_close = doc.at("taskStartToCloseTimeout");
  e.execution_start_to_close = doc.at("executionStartToCloseTimeout");
  e.child_policy = doc.at("childPolicy");
  e.lambda_role = doc.at("lambdaRole");
  e.event_count = doc.at("eventCount");
  e.task_list_before_override = doc.value("taskListBeforeOverride", "");
  e.override_schedule_to_start = doc.value("overrideScheduleToStart", "");
  if (!e.open) {
    e.close_status = doc.at("closeStatus");
    e.close_ts = doc.at("closeTimestamp");
  }
  if (doc.contains("parent")) {
    e.parent = doc["parent"];
    e.parent_domain = doc.at("parentDomain");
    e.parent_initiated_event_id = doc.at("parentInitiatedEventId");
  }
  if (doc.contains("latestActivityTaskTimestamp")) e.latest_activity_task_ts = doc["latestActivityTaskTimestamp"].get<double>();
  if (doc.contains("latestExecutionContext")) e.latest_execution_context = doc["latestExecutionContext"].get<std::string>();
  if (doc.contains("heartbeats")) {
    for (const Json& b : doc["heartbeats"]) {
      Heartbeat beat;
      beat.at = b.at("at");
      if (b.contains("details")) {
        beat.details = b["details"];
        beat.has_details = true;
      }
      e.heartbeats[b.at("scheduledEventId").get<int64_t>()] = beat;
    }
  }
  return e;
}

Json domain_document(const DomainRecord& d) {
  Json tags = Json::array();
  for (const auto& [k, v] : d.tags) tags.push_back({{"key", k}, {"value", v}});
  return {{"name", d.name}, {"description", d.description}, {"status", d.status},
          {"retention", d.retention_days}, {"tags", tags}};
}

DomainRecord domain_from_document(const Json& doc) {
  DomainRecord d;
  d.name = doc.at("name");
  d.description = doc.at("description");
  d.status = doc.at("status");
  d.retention_days = doc.at("retention");
  for (const Json& t : doc.at("tags")) d.tags.emplace_back(t.at("key"), t.at("value"));
  return d;
}

Json type_document(const TypeRecord& t) {
  Json doc = {{"kind", t.kind == TypeKind::kWorkflow ? "workflow" : "activity"},
              {"domain", t.domain},
              {"name", t.name},
              {"version", t.version},
              {"description", t.description},
              {"status", t.status},
              {"creationDate", t.creation_date},
              {"defaults", t.defaults}};
  if (t.deprecation_date) doc["deprecationDate"] = *t.deprecation_date;
  return doc;
}

TypeRecord type_from_document(const Json& doc) {
  TypeRecord t;
  t.kind = doc.at("kind") == "workflow" ? TypeKind::kWorkflow : TypeKind::kActivity;
  t.domain = doc.at("domain");
  t.name = doc.at("name");
  t.version = doc.at("version");
  t.description = doc.at("description");
  t.status = doc.at("status");
  t.creation_date = doc.at("creationDate");
  t.defaults = doc.at("defaults");
  if (doc.contains("deprecationDate")) t.deprecation_date = doc["deprecationDate"].get<double>();
  return t;
}

}  // namespace simpleflow::server::internal
