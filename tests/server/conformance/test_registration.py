"""Domains, workflow types and activity types: register, list, describe,
deprecate, undeprecate, delete; domain tags; the faults of each."""
import re
import uuid

import common
from common import SwfTestCase, setUpModule, tearDownModule  # noqa: F401 (module fixtures)


def all_pages(call, key, **params):
    items, token, pages = [], None, 0
    while True:
        if token:
            params["nextPageToken"] = token
        page = call(**params)
        pages += 1
        items.extend(page[key])
        token = page.get("nextPageToken")
        if not token or pages > 10000:
            return items, pages


class DomainTest(SwfTestCase):

    def domain_names(self, status, **extra):
        infos, _ = all_pages(self.swf.list_domains, "domainInfos", registrationStatus=status, **extra)
        return [info["name"] for info in infos]

    def test_register_describe(self):
        name = self.unique("dom")
        self.swf.register_domain(name=name, workflowExecutionRetentionPeriodInDays="3",
                                 description="a domain of the conformance suite")
        described = self.swf.describe_domain(name=name)
        info = described["domainInfo"]
        self.assertEqual(info["name"], name)
        self.assertEqual(info["status"], "REGISTERED")
        self.assertEqual(info.get("description"), "a domain of the conformance suite")
        self.assertRegex(info.get("arn", ""), r"^arn:aws:swf:" + common.REGION + r":\d{12}:/domain/" + re.escape(name) + "$")
        self.assertEqual(described["configuration"], {"workflowExecutionRetentionPeriodInDays": "3"})

    def test_list_registered(self):
        self.assertIn(self.domain, self.domain_names("REGISTERED"))
        self.assertNotIn(self.domain, self.domain_names("DEPRECATED"))
        infos, _ = all_pages(self.swf.list_domains, "domainInfos", registrationStatus="REGISTERED")
        mine = [info for info in infos if info["name"] == self.domain][0]
        self.assertEqual(mine["status"], "REGISTERED")
        self.assertTrue(mine.get("arn", "").endswith(":/domain/" + self.domain), mine)

    def test_list_order_and_paging(self):
        # "The results may be split into multiple pages"; ascending alphabetical order by name by default.
        for index in range(3):
            self.swf.register_domain(name=f"{self.domain}-{index}", workflowExecutionRetentionPeriodInDays="1")
        names, pages = all_pages(self.swf.list_domains, "domainInfos", registrationStatus="REGISTERED",
                                 maximumPageSize=1)
        self.assertEqual(len(names), len(set(n["name"] for n in names)), "a domain listed twice across pages")
        names = [n["name"] for n in names]
        self.assertGreaterEqual(pages, 4)
        self.assertEqual(names, sorted(names), "ListDomains must sort by name")
        for index in range(3):
            self.assertIn(f"{self.domain}-{index}", names)
        reverse, _ = all_pages(self.swf.list_domains, "domainInfos", registrationStatus="REGISTERED",
                               reverseOrder=True)
        reverse = [n["name"] for n in reverse]
        self.assertEqual(reverse, sorted(reverse, reverse=True), "reverseOrder must sort by name descending")

    def test_already_exists(self):
        error = self.assertFault("DomainAlreadyExistsFault", self.swf.register_domain, name=self.domain,
                                 workflowExecutionRetentionPeriodInDays="1")
        self.assertTrue(error.response["Error"].get("Message"), "faults carry a message")

    def test_deprecate_undeprecate(self):
        self.swf.deprecate_domain(name=self.domain)
        self.assertEqual(self.swf.describe_domain(name=self.domain)["domainInfo"]["status"], "DEPRECATED")
        self.assertIn(self.domain, self.domain_names("DEPRECATED"))
        self.assertNotIn(self.domain, self.domain_names("REGISTERED"))
        self.assertFault("DomainDeprecatedFault", self.swf.deprecate_domain, name=self.domain)
        # A deprecated domain's name still exists.
        self.assertFault("DomainAlreadyExistsFault", self.swf.register_domain, name=self.domain,
                         workflowExecutionRetentionPeriodInDays="1")
        self.swf.undeprecate_domain(name=self.domain)
        self.assertEqual(self.swf.describe_domain(name=self.domain)["domainInfo"]["status"], "REGISTERED")
        self.assertIn(self.domain, self.domain_names("REGISTERED"))
        self.assertFault("DomainAlreadyExistsFault", self.swf.undeprecate_domain, name=self.domain)

    def test_deprecated_domain_refuses_new_executions(self):
        # "After a domain has been deprecated it cannot be used to create new workflow executions or
        # register new types. However, you can still use visibility actions on this domain."
        self.register_workflow_type()
        self.swf.deprecate_domain(name=self.domain)
        with self.assertRaises(common.ClientError, msg="StartWorkflowExecution in a deprecated domain"):
            self.swf.start_workflow_execution(domain=self.domain, workflowId="w",
                                              workflowType={"name": self.workflow_name, "version": "1"})
        with self.assertRaises(common.ClientError, msg="RegisterActivityType in a deprecated domain"):
            self.register_activity_type()
        self.swf.count_open_workflow_executions(domain=self.domain, startTimeFilter=common.recent())
        self.swf.list_workflow_types(domain=self.domain, registrationStatus="REGISTERED")

    def test_unknown_domain(self):
        name = "no-such-domain-" + uuid.uuid4().hex
        self.assertFault("UnknownResourceFault", self.swf.describe_domain, name=name)
        self.assertFault("UnknownResourceFault", self.swf.deprecate_domain, name=name)
        self.assertFault("UnknownResourceFault", self.swf.undeprecate_domain, name=name)
        self.assertFault("UnknownResourceFault", self.swf.list_workflow_types, domain=name,
                         registrationStatus="REGISTERED")
        self.assertFault("UnknownResourceFault", self.swf.register_activity_type, domain=name, name="a",
                         version="1")
        self.assertFault("UnknownResourceFault", self.swf.count_open_workflow_executions, domain=name,
                         startTimeFilter=common.recent())


class TagTest(SwfTestCase):

    def arn(self, name=None):
        return self.swf.describe_domain(name=name or self.domain)["domainInfo"]["arn"]

    def tags(self, arn):
        return sorted((t["key"], t.get("value")) for t in self.swf.list_tags_for_resource(resourceArn=arn)["tags"])

    def test_tags_at_registration(self):
        name = self.unique("dom")
        self.swf.register_domain(name=name, workflowExecutionRetentionPeriodInDays="1",
                                 tags=[{"key": "team", "value": "flow"}, {"key": "env", "value": "test"}])
        self.assertEqual(self.tags(self.arn(name)), [("env", "test"), ("team", "flow")])

    def test_tag_list_untag(self):
        arn = self.arn()
        self.assertEqual(self.tags(arn), [])
        self.swf.tag_resource(resourceArn=arn, tags=[{"key": "a", "value": "1"}, {"key": "b", "value": "2"}])
        self.assertEqual(self.tags(arn), [("a", "1"), ("b", "2")])
        # Tagging an existing key replaces its value.
        self.swf.tag_resource(resourceArn=arn, tags=[{"key": "a", "value": "3"}])
        self.assertEqual(self.tags(arn), [("a", "3"), ("b", "2")])
        self.swf.untag_resource(resourceArn=arn, tagKeys=["a"])
        self.assertEqual(self.tags(arn), [("b", "2")])
        self.swf.untag_resource(resourceArn=arn, tagKeys=["b"])
        self.assertEqual(self.tags(arn), [])

    def test_unknown_arn(self):
        account = self.arn().split(":")[4]
        arn = f"arn:aws:swf:{common.REGION}:{account}:/domain/no-such-domain-{uuid.uuid4().hex}"
        self.assertFault("UnknownResourceFault", self.swf.list_tags_for_resource, resourceArn=arn)
        self.assertFault("UnknownResourceFault", self.swf.tag_resource, resourceArn=arn,
                         tags=[{"key": "a", "value": "1"}])
        self.assertFault("UnknownResourceFault", self.swf.untag_resource, resourceArn=arn, tagKeys=["a"])


class TypeLifecycleMixin:
    """The same lifecycle for workflow types and activity types."""

    kind = None  # "workflow" or "activity"

    def ops(self):
        k = self.kind
        s = self.swf
        return dict(register=getattr(self, f"register_{k}_type"),
                    describe=getattr(s, f"describe_{k}_type"), list=getattr(s, f"list_{k}_types"),
                    deprecate=getattr(s, f"deprecate_{k}_type"), undeprecate=getattr(s, f"undeprecate_{k}_type"),
                    delete=getattr(s, f"delete_{k}_type"), key=f"{k}Type")

    def type_names(self, status, **extra):
        ops = self.ops()
        infos, _ = all_pages(ops["list"], "typeInfos", domain=self.domain, registrationStatus=status, **extra)
        return [(info[ops["key"]]["name"], info[ops["key"]]["version"]) for info in infos]

    def test_register_describe_list(self):
        ops = self.ops()
        the_type = ops["register"](name="t-" + self.kind, version="v1", description="described")
        described = ops["describe"](domain=self.domain, **{ops["key"]: the_type})
        info = described["typeInfo"]
        self.assertEqual(info[ops["key"]], the_type)
        self.assertEqual(info["status"], "REGISTERED")
        self.assertEqual(info.get("description"), "described")
        self.assertIn("creationDate", info)
        self.assertNotIn("deprecationDate", info)
        configuration = described["configuration"]
        if self.kind == "workflow":
            self.assertEqual(configuration, {
                "defaultTaskList": {"name": self.task_list},
                "defaultTaskStartToCloseTimeout": "60",
                "defaultExecutionStartToCloseTimeout": "600",
                "defaultChildPolicy": "TERMINATE",
            })
        else:
            self.assertEqual(configuration, {
                "defaultTaskList": {"name": self.task_list + "-act"},
                "defaultTaskHeartbeatTimeout": "NONE",
                "defaultTaskScheduleToStartTimeout": "300",
                "defaultTaskScheduleToCloseTimeout": "600",
                "defaultTaskStartToCloseTimeout": "300",
            })
        self.assertEqual(self.type_names("REGISTERED"), [("t-" + self.kind, "v1")])
        self.assertEqual(self.type_names("DEPRECATED"), [])

    def test_list_name_filter_order_paging(self):
        ops = self.ops()
        for name, version in [("b", "1"), ("a", "2"), ("c", "1"), ("a", "1")]:
            ops["register"](name=name, version=version)
        listed = self.type_names("REGISTERED")
        # "The results are returned in ascending alphabetical order by name of the types."
        self.assertEqual([n for n, _ in listed], ["a", "a", "b", "c"])
        self.assertEqual(sorted(listed), sorted([("b", "1"), ("a", "2"), ("c", "1"), ("a", "1")]))
        self.assertEqual(sorted(self.type_names("REGISTERED", name="a")), [("a", "1"), ("a", "2")])
        reverse = self.type_names("REGISTERED", reverseOrder=True)
        self.assertEqual([n for n, _ in reverse], ["c", "b", "a", "a"])
        infos, pages = all_pages(ops["list"], "typeInfos", domain=self.domain, registrationStatus="REGISTERED",
                                 maximumPageSize=3)
        self.assertEqual(pages, 2, "4 types at 3 a page is 2 pages")
        self.assertEqual(sorted((i[ops["key"]]["name"], i[ops["key"]]["version"]) for i in infos), sorted(listed))

    def test_already_exists(self):
        ops = self.ops()
        ops["register"](name="dup")
        self.assertFault("TypeAlreadyExistsFault", ops["register"], name="dup")
        ops["register"](name="dup", version="2")  # another version is another type

    def test_deprecate_undeprecate_delete(self):
        ops = self.ops()
        the_type = ops["register"](name="life")
        key = {ops["key"]: the_type}
        ops["deprecate"](domain=self.domain, **key)
        info = ops["describe"](domain=self.domain, **key)["typeInfo"]
        self.assertEqual(info["status"], "DEPRECATED")
        self.assertIn("deprecationDate", info)
        self.assertEqual(self.type_names("DEPRECATED"), [("life", "1")])
        self.assertEqual(self.type_names("REGISTERED"), [])
        self.assertFault("TypeDeprecatedFault", ops["deprecate"], domain=self.domain, **key)
        # A deprecated type still exists: registering it again is refused.
        self.assertFault("TypeAlreadyExistsFault", ops["register"], name="life")
        ops["undeprecate"](domain=self.domain, **key)
        self.assertEqual(ops["describe"](domain=self.domain, **key)["typeInfo"]["status"], "REGISTERED")
        self.assertFault("TypeAlreadyExistsFault", ops["undeprecate"], domain=self.domain, **key)
        # "Prior to deletion, types must first be deprecated."
        self.assertFault("TypeNotDeprecatedFault", ops["delete"], domain=self.domain, **key)
        ops["deprecate"](domain=self.domain, **key)
        ops["delete"](domain=self.domain, **key)
        self.assertFault("UnknownResourceFault", ops["describe"], domain=self.domain, **key)
        self.assertEqual(self.type_names("DEPRECATED"), [])
        self.assertEqual(self.type_names("REGISTERED"), [])
        self.assertFault("UnknownResourceFault", ops["delete"], domain=self.domain, **key)

    def test_unknown_type(self):
        ops = self.ops()
        key = {ops["key"]: {"name": "nope", "version": "1"}}
        self.assertFault("UnknownResourceFault", ops["describe"], domain=self.domain, **key)
        self.assertFault("UnknownResourceFault", ops["deprecate"], domain=self.domain, **key)
        self.assertFault("UnknownResourceFault", ops["undeprecate"], domain=self.domain, **key)


class WorkflowTypeTest(TypeLifecycleMixin, SwfTestCase):
    kind = "workflow"

    def test_start_deprecated_type(self):
        the_type = self.register_workflow_type()
        self.swf.deprecate_workflow_type(domain=self.domain, workflowType=the_type)
        self.assertFault("TypeDeprecatedFault", self.swf.start_workflow_execution, domain=self.domain,
                         workflowId="w", workflowType=the_type)

    def test_start_unknown_type(self):
        self.assertFault("UnknownResourceFault", self.swf.start_workflow_execution, domain=self.domain,
                         workflowId="w", workflowType={"name": "nope", "version": "1"})

    def test_start_without_defaults(self):
        # No default task list on the type and none in the request: DefaultUndefinedFault.
        self.swf.register_workflow_type(domain=self.domain, name="bare", version="1")
        self.assertFault("DefaultUndefinedFault", self.swf.start_workflow_execution, domain=self.domain,
                         workflowId="w", workflowType={"name": "bare", "version": "1"})

    def test_execution_already_started(self):
        execution = self.setup_workflow()
        self.assertFault("WorkflowExecutionAlreadyStartedFault", self.start, workflow_id=execution["workflowId"])

    def test_open_workflow_id_reuse_after_close(self):
        execution = self.setup_workflow()
        self.swf.terminate_workflow_execution(domain=self.domain, workflowId=execution["workflowId"])
        again = self.start(workflow_id=execution["workflowId"])
        self.assertNotEqual(again["runId"], execution["runId"])


class ActivityTypeTest(TypeLifecycleMixin, SwfTestCase):
    kind = "activity"
