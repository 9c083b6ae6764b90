// Domains, types and tags.
#include "server/engine.hpp"
#include "server/page_token.hpp"

namespace simpleflow::server::internal {
namespace {

constexpr size_t kMaxDomains = 100;
constexpr size_t kMaxTypesPerDomain = 10000;
constexpr size_t kMaxTags = 50;

const char* kind_word(TypeKind kind) { return kind == TypeKind::kWorkflow ? "workflow" : "activity"; }
const char* type_member(TypeKind kind) { return kind == TypeKind::kWorkflow ? "workflowType" : "activityType"; }

std::string type_label(TypeKind kind, const std::string& name, const std::string& version) {
  return std::string(kind == TypeKind::kWorkflow ? "WorkflowType" : "ActivityType") + "=[name=" + name +
         ", version=" + version + "]";
}

Json type_info(const TypeRecord& t) {
  Json info = {{type_member(t.kind), {{"name", t.name}, {"version", t.version}}},
               {"status", t.status},
               {"creationDate", t.creation_date}};
  if (!t.description.empty()) info["description"] = t.description;
  if (t.deprecation_date) info["deprecationDate"] = *t.deprecation_date;
  return info;
}

}  // namespace

std::string Engine::domain_arn(const std::string& name) const {
  return "arn:aws:swf:" + options_.region + ":" + options_.account_id + ":/domain/" + name;
}

DomainRecord& Engine::domain_named(const Json& name, bool for_write) {
  auto it = domains_.find(name.get<std::string>());
  if (it == domains_.end()) unknown_resource("Unknown domain: " + name.get<std::string>());
  if (for_write && it->second.status == "DEPRECATED") fail("DomainDeprecatedFault", "Domain is deprecated: " + it->first);
  return it->second;
}

DomainRecord& Engine::domain_of_arn(const Json& arn) {
  std::string prefix = "arn:aws:swf:" + options_.region + ":" + options_.account_id + ":/domain/";
  std::string text = arn.get<std::string>();
  if (text.rfind(prefix, 0) != 0) unknown_resource("Unknown resource: " + text);
  auto it = domains_.find(text.substr(prefix.size()));
  if (it == domains_.end()) unknown_resource("Unknown resource: " + text);
  return it->second;
}

TypeRecord& Engine::type_named(TypeKind kind, const std::string& domain, const Json& type) {
  std::string name = type.at("name"), version = type.at("version");
  auto it = types_.find({domain, static_cast<int>(kind), name, version});
  if (it == types_.end()) unknown_resource("Unknown type: " + type_label(kind, name, version));
  return it->second;
}

Json Engine::register_domain(const Json& r) {
  std::string name = r.at("name");
  if (domains_.count(name)) fail("DomainAlreadyExistsFault", "Domain already exists: " + name);
  if (domains_.size() >= kMaxDomains) fail("LimitExceededFault", "Too many domains (limit " + std::to_string(kMaxDomains) + ")");
  DomainRecord d;
  d.name = name;
  d.description = r.value("description", "");
  d.retention_days = r.at("workflowExecutionRetentionPeriodInDays");
  if (r.contains("tags")) {
    if (r["tags"].size() > kMaxTags) fail("TooManyTagsFault", "A domain has at most 50 tags");
    for (const Json& t : r["tags"]) d.tags.emplace_back(t.at("key"), t.value("value", ""));
  }
  pending_.domains.push_back(d);
  domains_[name] = std::move(d);
  return Json::object();
}

Json Engine::describe_domain(const Json& r) {
  const DomainRecord& d = domain_named(r.at("name"));
  Json info = {{"name", d.name}, {"status", d.status}, {"arn", domain_arn(d.name)}};
  if (!d.description.empty()) info["description"] = d.description;
  return {{"domainInfo", info}, {"configuration", {{"workflowExecutionRetentionPeriodInDays", d.retention_days}}}};
}

Json Engine::list_domains(const Json& r) {
  std::string status = r.at("registrationStatus");
  std::vector<const DomainRecord*> matching;
  for (const auto& [name, d] : domains_) {
    if (d.status == status) matching.push_back(&d);
  }
  Json reply = Json::object();
  Json infos = Json::array();
  for (const DomainRecord* d : page_of(matching, [](const DomainRecord& d) { return Json(d.name); }, r, reply)) {
    Json info = {{"name", d->name}, {"status", d->status}, {"arn", domain_arn(d->name)}};
    if (!d->description.empty()) info["description"] = d->description;
    infos.push_back(std::move(info));
  }
  reply["domainInfos"] = std::move(infos);
  return reply;
}

Json Engine::set_domain_status(const Json& r, bool deprecate) {
  DomainRecord& d = domain_named(r.at("name"));
  if (deprecate && d.status == "DEPRECATED") fail("DomainDeprecatedFault", "Domain is already deprecated: " + d.name);
  if (!deprecate && d.status == "REGISTERED") fail("DomainAlreadyExistsFault", "Domain is not deprecated: " + d.name);
  d.status = deprecate ? "DEPRECATED" : "REGISTERED";
  pending_.domains.push_back(d);
  return Json::object();
}

Json Engine::deprecate_domain(const Json& r) { return set_domain_status(r, true); }
Json Engine::undeprecate_domain(const Json& r) { return set_domain_status(r, false); }

std::vector<const TypeRecord*> Engine::types_of(const std::string& domain, TypeKind kind) const {
  std::vector<const TypeRecord*> out;
  for (auto it = types_.lower_bound({domain, static_cast<int>(kind), "", ""});
       it != types_.end() && std::get<0>(it->first) == domain && std::get<1>(it->first) == static_cast<int>(kind); ++it) {
    out.push_back(&it->second);
  }
  return out;
}

Json Engine::register_type(TypeKind kind, const Json& r) {
  DomainRecord& domain = domain_named(r.at("domain"), true);
  std::string name = r.at("name"), version = r.at("version");
  auto key = std::make_tuple(domain.name, static_cast<int>(kind), name, version);
  if (types_.count(key)) fail("TypeAlreadyExistsFault", type_label(kind, name, version) + " already exists");
  if (types_of(domain.name, kind).size() >= kMaxTypesPerDomain) fail("LimitExceededFault", std::string("Too many ") + kind_word(kind) + " types in domain " + domain.name);
  TypeRecord t;
  t.kind = kind;
  t.domain = domain.name;
  t.name = name;
  t.version = version;
  t.description = r.value("description", "");
  t.creation_date = now();
  static const char* kWorkflowDefaults[] = {"defaultTaskStartToCloseTimeout", "defaultExecutionStartToCloseTimeout",
                                            "defaultTaskList", "defaultTaskPriority", "defaultChildPolicy",
                                            "defaultLambdaRole"};
  static const char* kActivityDefaults[] = {"defaultTaskStartToCloseTimeout", "defaultTaskHeartbeatTimeout",
                                            "defaultTaskList", "defaultTaskPriority",
                                            "defaultTaskScheduleToStartTimeout", "defaultTaskScheduleToCloseTimeout"};
  for (const char* member : kind == TypeKind::kWorkflow ? std::vector<const char*>(std::begin(kWorkflowDefaults), std::end(kWorkflowDefaults))
                                                        : std::vector<const char*>(std::begin(kActivityDefaults), std::end(kActivityDefaults))) {
    if (r.contains(member)) t.defaults[member] = r[member];
  }
  pending_.types.push_back(t);
  types_[key] = std::move(t);
  return Json::object();
}

Json Engine::describe_type(TypeKind kind, const Json& r) {
  const DomainRecord& domain = domain_named(r.at("domain"));
  const TypeRecord& t = type_named(kind, domain.name, r.at(type_member(kind)));
  return {{"typeInfo", type_info(t)}, {"configuration", t.defaults}};
}

Json Engine::list_types(TypeKind kind, const Json& r) {
  const DomainRecord& domain = domain_named(r.at("domain"));
  std::string status = r.at("registrationStatus");
  std::string only_name = r.value("name", "");
  std::vector<const TypeRecord*> matching;
  for (const TypeRecord* t : types_of(domain.name, kind)) {
    if (t->status == status && (only_name.empty() || t->name == only_name)) matching.push_back(t);
  }
  Json reply = Json::object();
  Json infos = Json::array();
  auto key = [](const TypeRecord& t) { return Json::array({t.name, t.version}); };
  for (const TypeRecord* t : page_of(matching, key, r, reply)) infos.push_back(type_info(*t));
  reply["typeInfos"] = std::move(infos);
  return reply;
}

Json Engine::set_type_status(TypeKind kind, const Json& r, bool deprecate) {
  const DomainRecord& domain = domain_named(r.at("domain"));
  TypeRecord& t = type_named(kind, domain.name, r.at(type_member(kind)));
  std::string label = type_label(kind, t.name, t.version);
  if (deprecate && t.status == "DEPRECATED") fail("TypeDeprecatedFault", label + " is already deprecated");
  if (!deprecate && t.status == "REGISTERED") fail("TypeAlreadyExistsFault", label + " is not deprecated");
  t.status = deprecate ? "DEPRECATED" : "REGISTERED";
  if (deprecate) {
    t.deprecation_date = now();
  } else {
    t.deprecation_date.reset();
  }
  pending_.types.push_back(t);
  return Json::object();
}

Json Engine::delete_type(TypeKind kind, const Json& r) {
  const DomainRecord& domain = domain_named(r.at("domain"));
  TypeRecord& t = type_named(kind, domain.name, r.at(type_member(kind)));
  if (t.status != "DEPRECATED") fail("TypeNotDeprecatedFault", type_label(kind, t.name, t.version) + " is not deprecated");
  pending_.deleted_types.push_back(t);
  types_.erase({t.domain, static_cast<int>(kind), t.name, t.version});
  return Json::object();
}

Json Engine::register_workflow_type(const Json& r) { return register_type(TypeKind::kWorkflow, r); }
Json Engine::register_activity_type(const Json& r) { return register_type(TypeKind::kActivity, r); }
Json Engine::describe_workflow_type(const Json& r) { return describe_type(TypeKind::kWorkflow, r); }
Json Engine::describe_activity_type(const Json& r) { return describe_type(TypeKind::kActivity, r); }
Json Engine::list_workflow_types(const Json& r) { return list_types(TypeKind::kWorkflow, r); }
Json Engine::list_activity_types(const Json& r) { return list_types(TypeKind::kActivity, r); }
Json Engine::deprecate_workflow_type(const Json& r) { return set_type_status(TypeKind::kWorkflow, r, true); }
Json Engine::deprecate_activity_type(const Json& r) { return set_type_status(TypeKind::kActivity, r, true); }
Json Engine::undeprecate_workflow_type(const Json& r) { return set_type_status(TypeKind::kWorkflow, r, false); }
Json Engine::undeprecate_activity_type(const Json& r) { return set_type_status(TypeKind::kActivity, r, false); }
Json Engine::delete_workflow_type(const Json& r) { return delete_type(TypeKind::kWorkflow, r); }
Json Engine::delete_activity_type(const Json& r) { return delete_type(TypeKind::kActivity, r); }

Json Engine::tag_resource(const Json& r) {
  DomainRecord& d = domain_of_arn(r.at("resourceArn"));
  auto tags = d.tags;
  for (const Json& t : r.at("tags")) {
    std::string key = t.at("key"), value = t.value("value", "");
    auto it = std::find_if(tags.begin(), tags.end(), [&](const auto& kv) { return kv.first == key; });
    if (it != tags.end()) {
      it->second = value;
    } else {
      tags.emplace_back(key, value);
    }
  }
  if (tags.size() > kMaxTags) fail("TooManyTagsFault", "A domain has at most 50 tags");
  d.tags = std::move(tags);
  pending_.domains.push_back(d);
  return Json::object();
}

Json Engine::untag_resource(const Json& r) {
  DomainRecord& d = domain_of_arn(r.at("resourceArn"));
  for (const Json& key : r.at("tagKeys")) {
    std::erase_if(d.tags, [&](const auto& kv) { return kv.first == key.get<std::string>(); });
  }
  pending_.domains.push_back(d);
  return Json::object();
}

Json Engine::list_tags_for_resource(const Json& r) {
  const DomainRecord& d = domain_of_arn(r.at("resourceArn"));
  Json tags = Json::array();
  for (const auto& [k, v] : d.tags) tags.push_back({{"key", k}, {"value", v}});
  return {{"tags", tags}};
}

}  // namespace simpleflow::server::internal
