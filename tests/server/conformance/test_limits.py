"""SWF's documented quotas (developer guide, "Amazon SWF Quotas"): 100 domains
per account, registered and deprecated alike; 50 tags per resource."""
import unittest

import common
from common import SwfTestCase, setUpModule, tearDownModule  # noqa: F401 (module fixtures)


def domain_count(swf):
    total = 0
    for status in ("REGISTERED", "DEPRECATED"):
        token = None
        while True:
            page = swf.list_domains(registrationStatus=status, **({"nextPageToken": token} if token else {}))
            total += len(page["domainInfos"])
            token = page.get("nextPageToken")
            if not token:
                break
    return total


class QuotaTest(SwfTestCase):

    def test_domain_quota(self):
        # "Maximum registered domains - 100. This quota includes both registered and deprecated domains."
        if common.SERVER_FACTORY is None:
            raise unittest.SkipTest("fills the account's domain quota: only with servers started by run.py")
        # A server of its own, since this fills its quota.
        saved = common.ENDPOINT
        server = common.SERVER_FACTORY()
        common.SERVERS.append(server)
        server.start()
        try:
            swf = common.make_client()
            names = [f"{self.domain}-{index}" for index in range(100)]
            for name in names:
                swf.register_domain(name=name, workflowExecutionRetentionPeriodInDays="0")
            swf.deprecate_domain(name=names[-1])
            self.assertEqual(domain_count(swf), 100)
            self.assertFault("LimitExceededFault", swf.register_domain, name=self.domain + "-one-too-many",
                             workflowExecutionRetentionPeriodInDays="0")
        finally:
            server.stop()
            common.ENDPOINT = saved

    def test_tag_quota(self):
        # "Maximum number of tags - 50 tags per resource. Attempting to add tags beyond 50 will result in a
        # 400 error, TooManyTagsFault."
        tags = [{"key": f"k{index}", "value": str(index)} for index in range(50)]
        self.assertFault("TooManyTagsFault", self.swf.register_domain, name=self.domain + "-51",
                         workflowExecutionRetentionPeriodInDays="1", tags=tags + [{"key": "k50", "value": "x"}])
        self.swf.register_domain(name=self.domain + "-50", workflowExecutionRetentionPeriodInDays="1", tags=tags)
        arn = self.swf.describe_domain(name=self.domain + "-50")["domainInfo"]["arn"]
        self.assertFault("TooManyTagsFault", self.swf.tag_resource, resourceArn=arn,
                         tags=[{"key": "one-more", "value": "x"}])
        self.swf.tag_resource(resourceArn=arn, tags=[{"key": "k0", "value": "replaced"}])  # still 50
        listed = self.swf.list_tags_for_resource(resourceArn=arn)["tags"]
        self.assertEqual(len(listed), 50)
        self.assertIn({"key": "k0", "value": "replaced"}, listed)

    def test_execution_lasts_at_most_a_year(self):
        # "Maximum workflow execution time - 1 year": a longer start-to-close timeout is refused.
        year = str(365 * 24 * 3600)
        workflow_type = self.register_workflow_type(defaultExecutionStartToCloseTimeout=year)
        self.assertFault("ValidationException", self.register_workflow_type, name=self.workflow_name + "-long",
                         defaultExecutionStartToCloseTimeout=str(int(year) + 1))
        self.assertFault("ValidationException", self.start, workflow_type=workflow_type,
                         executionStartToCloseTimeout=str(int(year) + 1))
        run = self.start(workflow_type=workflow_type, executionStartToCloseTimeout=year)
        self.assertEqual(self.describe(run)["executionConfiguration"]["executionStartToCloseTimeout"], year)
