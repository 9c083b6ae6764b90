"""The JSON 1.0 protocol itself: validation errors, unknown operations, malformed
bodies, and the response check that every other case also goes through
(common.check_response, hooked on botocore's after-call.swf event)."""
import json
import urllib.error
import urllib.request
import uuid

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

import common
from common import SwfTestCase, make_client, setUpModule, tearDownModule  # noqa: F401 (module fixtures)


def raw_call(target, body, content_type="application/x-amz-json-1.0"):
    """POSTs a raw request, SigV4-signed with the fake credentials; returns (status, headers, body)."""
    data = body if isinstance(body, bytes) else body.encode("utf-8")
    signed = AWSRequest(method="POST", url=common.ENDPOINT + "/", data=data,
                        headers={"Content-Type": content_type, "X-Amz-Target": target})
    SigV4Auth(Credentials(common.FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"],
                          common.FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"]), "swf", common.REGION).add_auth(signed)
    request = urllib.request.Request(common.ENDPOINT + "/", data=data, method="POST", headers=dict(signed.headers))
    try:
        with urllib.request.urlopen(request, timeout=30, context=common.ssl_context()) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class ValidationTest(SwfTestCase):
    """A request SWF's model refuses gets ValidationException (HTTP 400)."""

    def setUp(self):
        super().setUp()
        self.loose = make_client(validate=False)

    def test_missing_retention_period(self):
        self.assertFault("ValidationException", self.loose.register_domain, name=self.unique("dom"))

    def test_missing_domain_name(self):
        self.assertFault("ValidationException", self.loose.describe_domain)

    def test_missing_workflow_id(self):
        self.register_workflow_type()
        self.assertFault("ValidationException", self.loose.start_workflow_execution, domain=self.domain,
                         workflowType={"name": self.workflow_name, "version": "1"})

    def test_missing_task_list_in_poll(self):
        self.assertFault("ValidationException", self.loose.poll_for_decision_task, domain=self.domain)

    def test_missing_registration_status(self):
        self.assertFault("ValidationException", self.loose.list_domains)

    def test_missing_type_version(self):
        self.assertFault("ValidationException", self.loose.register_activity_type, domain=self.domain,
                         name="no-version")

    def test_missing_signal_name(self):
        self.assertFault("ValidationException", self.loose.signal_workflow_execution, domain=self.domain,
                         workflowId="anything")

    def test_missing_task_token(self):
        self.assertFault("ValidationException", self.loose.respond_activity_task_completed, result="x")

    def test_invalid_enum_value(self):
        self.assertFault("ValidationException", self.loose.list_domains, registrationStatus="BOGUS")

    def test_name_too_long(self):
        # DomainName: length 1 to 256.
        self.assertFault("ValidationException", self.loose.describe_domain, name="d" * 257)

    def test_page_size_too_large(self):
        # maximumPageSize: 0 to 1000.
        self.assertFault("ValidationException", self.loose.list_domains, registrationStatus="REGISTERED",
                         maximumPageSize=1001)

    def test_input_too_long(self):
        # Data (input, result, details): at most 32768 characters.
        self.register_workflow_type()
        self.assertFault("ValidationException", self.loose.start_workflow_execution, domain=self.domain,
                         workflowId="w", workflowType={"name": self.workflow_name, "version": "1"},
                         input="x" * 32769)

    def test_exclusive_filters(self):
        # "executionFilter, typeFilter and tagFilter are mutually exclusive. You can specify at most one
        # of these in a request." (CountOpenWorkflowExecutions)
        self.assertFault("ValidationException", self.swf.count_open_workflow_executions, domain=self.domain,
                         startTimeFilter=common.recent(), tagFilter={"tag": "a"},
                         executionFilter={"workflowId": "b"})

    def test_exclusive_time_filters(self):
        # "startTimeFilter and closeTimeFilter are mutually exclusive. You must specify one of these in a
        # request but not both." (ListClosedWorkflowExecutions)
        self.assertFault("ValidationException", self.swf.list_closed_workflow_executions, domain=self.domain,
                         startTimeFilter=common.recent(), closeTimeFilter=common.recent())


class RawProtocolTest(SwfTestCase):
    """Requests botocore would not send."""

    def test_unknown_operation(self):
        status, headers, body = raw_call("SimpleWorkflowService.NoSuchOperation", "{}")
        self.assertEqual(status, 400, body)
        document = json.loads(body)
        self.assertEqual(document.get("__type", "").rsplit("#", 1)[-1], "UnknownOperationException", document)

    def test_malformed_json(self):
        status, headers, body = raw_call("SimpleWorkflowService.ListDomains", "{not json")
        self.assertEqual(status, 400, body)
        document = json.loads(body)
        self.assertIn(document.get("__type", "").rsplit("#", 1)[-1],
                      ("SerializationException", "ValidationException"), document)

    def test_raw_describe_domain(self):
        status, headers, body = raw_call("SimpleWorkflowService.DescribeDomain",
                                         json.dumps({"name": self.domain}))
        self.assertEqual(status, 200, body)
        document = json.loads(body)
        self.assertEqual(document["domainInfo"]["name"], self.domain)
        self.assertEqual(document["domainInfo"]["status"], "REGISTERED")
        self.assertEqual(document["configuration"]["workflowExecutionRetentionPeriodInDays"], "1")

    def test_raw_fault_body(self):
        status, headers, body = raw_call("SimpleWorkflowService.DescribeDomain",
                                         json.dumps({"name": "no-such-" + uuid.uuid4().hex}))
        self.assertEqual(status, 400, body)
        document = json.loads(body)
        self.assertEqual(document["__type"].rsplit("#", 1)[-1], "UnknownResourceFault", document)
        self.assertIsInstance(document.get("message", document.get("Message")), str, document)


class ResponseCheckTest(SwfTestCase):
    """The after-call check itself: it must flag what SWF would never send."""

    def test_checker_flags_unknown_members(self):
        class Response:
            status_code = 200
            headers = {"Content-Type": "application/x-amz-json-1.0", "x-amzn-RequestId": "r"}
            content = b'{"domainInfo": {"name": "d", "status": "REGISTERED", "bogus": 1}, ' \
                      b'"configuration": {"workflowExecutionRetentionPeriodInDays": "1"}, "extra": true}'
        model = common.MODEL.operation_model("DescribeDomain")
        with self.assertRaises(common.ProtocolViolation) as caught:
            common.check_response(http_response=Response(), parsed={}, model=model)
        self.assertIn("DescribeDomain.extra", str(caught.exception))
        self.assertIn("DescribeDomain.domainInfo.bogus", str(caught.exception))

    def test_checker_flags_mismatched_event_attributes(self):
        class Response:
            status_code = 200
            headers = {"Content-Type": "application/x-amz-json-1.0", "x-amzn-RequestId": "r"}
            content = json.dumps({"events": [{
                "eventId": 1, "eventTimestamp": 1.5, "eventType": "TimerFired",
                "timerStartedEventAttributes": {"timerId": "t", "startToFireTimeout": "1",
                                                "decisionTaskCompletedEventId": 4}}]}).encode()
        model = common.MODEL.operation_model("GetWorkflowExecutionHistory")
        with self.assertRaises(common.ProtocolViolation):
            common.check_response(http_response=Response(), parsed={}, model=model)

    def test_every_response_is_checked(self):
        before = common.CHECKED_RESPONSES[0]
        self.swf.list_domains(registrationStatus="REGISTERED")
        self.assertEqual(common.CHECKED_RESPONSES[0], before + 1)
