"""Shared pieces of the SWF conformance suite: configuration set by run.py, the
boto3 clients (with a check of every response against botocore's SWF model),
and a TestCase base class with helpers for domains, types, executions, polls
and decisions.
"""
import datetime
import json
import os
import time
import unittest
import uuid

import boto3
import botocore.config
import botocore.session
from botocore.exceptions import ClientError

# Set by run.py before the tests are loaded.
ENDPOINT = None          # http://127.0.0.1:PORT
REGION = "us-east-1"
LONG_POLL_SECONDS = None  # the server's long poll, when known (None: unknown, 0: none, like moto)
HEADER_CHECKS = True      # check Content-Type and x-amzn-RequestId of every response
SERVER_FACTORY = None     # with run.py --server: makes a ManagedServer on a fresh data dir
SERVER = None             # the ManagedServer of the running test module (None with --endpoint / --moto)
SERVERS = []              # every ManagedServer started, for run.py's report
AWS_CLI = "/usr/bin/aws"
# With run.py --tls: the servers speak HTTPS with a test certificate, and
# clients verify it against this CA file (boto3's verify=, the AWS CLI's
# --ca-bundle, urllib's context).
CA_BUNDLE = None
TLS_ARGS = []  # what run.py passes to every server it starts


def verify():
    """boto3's `verify` for the endpoint under test."""
    return CA_BUNDLE if CA_BUNDLE else None


def ssl_context():
    """urllib's `context` for the endpoint under test."""
    if not CA_BUNDLE:
        return None
    import ssl
    return ssl.create_default_context(cafile=CA_BUNDLE)

# Real time waits (timers, timeouts) give up after this many seconds.
EVENT_DEADLINE = 15

MODEL = botocore.session.get_session().get_service_model("swf")

# The error codes an SWF response may carry: SWF's modelled faults and the
# common errors of AWS JSON services.
COMMON_ERRORS = {
    "ValidationException", "SerializationException", "UnknownOperationException",
    "AccessDeniedException", "UnrecognizedClientException", "InvalidSignatureException",
    "IncompleteSignature", "MissingAuthenticationTokenException", "MissingAuthenticationToken",
    "InvalidClientTokenId", "ThrottlingException", "InternalFailure", "InternalServerError",
    "ServiceUnavailable", "ServiceUnavailableException", "RequestExpired", "InvalidAction",
    "InvalidParameterValue", "MissingAction", "OptInRequired", "RequestTimeout",
}
ERROR_CODES = {shape.name for shape in MODEL.error_shapes} | COMMON_ERRORS
CLIENT_ERRORS = {shape.name for shape in MODEL.error_shapes} | {
    "ValidationException", "SerializationException", "UnknownOperationException"}

FAKE_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
}


def setUpModule():
    """Each test module gets a fresh server (fresh data dir) when run.py starts the server: a module
    registers fewer than SWF's 100 domains, yet every test has its own domain. Test modules import
    this and tearDownModule so that unittest calls them."""
    global SERVER
    if SERVER_FACTORY is not None:
        SERVER = SERVER_FACTORY()
        SERVERS.append(SERVER)
        SERVER.start()


def tearDownModule():
    global SERVER
    if SERVER is not None:
        SERVER.stop()
        SERVER = None


class ProtocolViolation(AssertionError):
    """A response that SWF's service model does not allow."""


CHECKED_RESPONSES = [0]


def _check_value(value, shape, path, problems, check_required=True):
    kind = shape.type_name
    if value is None:
        problems.append(f"{path}: null (SWF omits absent members)")
        return
    if kind == "structure":
        if not isinstance(value, dict):
            problems.append(f"{path}: expected an object ({shape.name}), got {type(value).__name__}")
            return
        for key, member_value in value.items():
            if key not in shape.members:
                problems.append(f"{path}.{key}: not a member of {shape.name}")
            else:
                _check_value(member_value, shape.members[key], f"{path}.{key}", problems)
        if check_required:
            for key in shape.required_members:
                if key not in value:
                    problems.append(f"{path}: required member {key} of {shape.name} is missing")
        if shape.name == "HistoryEvent" and isinstance(value.get("eventType"), str):
            event_type = value["eventType"]
            wanted = event_type[0].lower() + event_type[1:] + "EventAttributes"
            attributes = [k for k in value if k.endswith("EventAttributes")]
            if attributes != [wanted]:
                problems.append(f"{path}: event {event_type} carries {attributes}, expected [{wanted}]")
    elif kind == "list":
        if not isinstance(value, list):
            problems.append(f"{path}: expected an array, got {type(value).__name__}")
            return
        for index, item in enumerate(value):
            _check_value(item, shape.member, f"{path}[{index}]", problems)
    elif kind == "map":
        if not isinstance(value, dict):
            problems.append(f"{path}: expected an object (map), got {type(value).__name__}")
            return
        for key, item in value.items():
            _check_value(item, shape.value, f"{path}[{key!r}]", problems)
    elif kind == "string":
        if not isinstance(value, str):
            problems.append(f"{path}: expected a string, got {type(value).__name__} {value!r}")
            return
        if shape.enum and value not in shape.enum:
            problems.append(f"{path}: {value!r} is not one of {shape.name} {shape.enum}")
        maximum = shape.metadata.get("max")
        if maximum is not None and len(value) > maximum:
            problems.append(f"{path}: {len(value)} characters, more than {shape.name}'s maximum {maximum}")
    elif kind in ("integer", "long"):
        if isinstance(value, bool) or not isinstance(value, int):
            problems.append(f"{path}: expected an integer, got {type(value).__name__} {value!r}")
    elif kind in ("double", "float"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            problems.append(f"{path}: expected a number, got {type(value).__name__} {value!r}")
    elif kind == "boolean":
        if not isinstance(value, bool):
            problems.append(f"{path}: expected a boolean, got {type(value).__name__} {value!r}")
    elif kind == "timestamp":
        # SWF's JSON protocol sends timestamps as epoch seconds (numbers).
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            problems.append(f"{path}: expected a timestamp as epoch seconds, got {type(value).__name__} {value!r}")
    elif kind == "blob":
        if not isinstance(value, str):
            problems.append(f"{path}: expected a base64 string, got {type(value).__name__}")


def check_response(http_response=None, parsed=None, model=None, **_):
    """after-call.swf handler: checks the raw response of every call."""
    if http_response is None or model is None:
        return
    CHECKED_RESPONSES[0] += 1
    operation = model.name
    status = http_response.status_code
    body = http_response.content or b""
    problems = []
    headers = {k.lower(): v for k, v in http_response.headers.items()}
    if HEADER_CHECKS:
        content_type = headers.get("content-type", "")
        if body and content_type.split(";")[0].strip() != "application/x-amz-json-1.0":
            problems.append(f"Content-Type is {content_type!r}, SWF sends application/x-amz-json-1.0")
        if "x-amzn-requestid" not in headers:
            problems.append("no x-amzn-RequestId header")
    try:
        document = json.loads(body.decode("utf-8")) if body.strip() else None
    except (UnicodeDecodeError, ValueError) as error:
        raise ProtocolViolation(f"{operation}: HTTP {status} body is not JSON ({error}): {body[:500]!r}") from None
    if status >= 300:
        if not isinstance(document, dict) or not isinstance(document.get("__type"), str):
            problems.append(f"error body has no __type: {body[:500]!r}")
        else:
            code = document["__type"].rsplit("#", 1)[-1]
            if code not in ERROR_CODES:
                problems.append(f"error code {code!r} is not an SWF fault nor a common AWS error")
            extra = set(document) - {"__type", "message", "Message"}
            if extra:
                problems.append(f"error body has keys {sorted(extra)} besides __type and message")
            if code in CLIENT_ERRORS and not 400 <= status < 500:
                problems.append(f"fault {code} sent with HTTP {status}, expected 400")
    else:
        output = model.output_shape
        if output is None:
            if document not in (None, {}):
                problems.append(f"operation has no output, body is {body[:500]!r}")
        elif document is None:
            problems.append(f"empty body; the output shape is {output.name}")
        else:
            empty_poll = operation in ("PollForDecisionTask", "PollForActivityTask") and isinstance(document, dict) \
                and not document.get("taskToken")
            _check_value(document, output, operation, problems, check_required=not empty_poll)
    if problems:
        raise ProtocolViolation(f"{operation} (HTTP {status}):\n  " + "\n  ".join(problems)
                                + f"\n  body: {body[:2000].decode('utf-8', 'replace')}")


def read_timeout():
    return (LONG_POLL_SECONDS or 60) + 15


def make_client(validate=True):
    config = botocore.config.Config(
        region_name=REGION,
        retries={"total_max_attempts": 1},
        read_timeout=read_timeout(),
        connect_timeout=10,
        parameter_validation=validate,
    )
    client = boto3.session.Session(
        aws_access_key_id=FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        region_name=REGION,
    ).client("swf", endpoint_url=ENDPOINT, config=config, verify=verify())
    client.meta.events.register("after-call.swf", check_response)
    return client


def now():
    return datetime.datetime.now(datetime.timezone.utc)


def recent():
    """A startTimeFilter covering every execution of this run."""
    return {"oldestDate": now() - datetime.timedelta(hours=1)}


def event_types(events):
    return [event["eventType"] for event in events]


def attributes(event):
    event_type = event["eventType"]
    return event[event_type[0].lower() + event_type[1:] + "EventAttributes"]


def short(response):
    """A response without ResponseMetadata, for failure messages."""
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


class SwfTestCase(unittest.TestCase):
    """Each test gets its own registered domain (self.domain) and a client (self.swf)."""

    maxDiff = 4000
    workflow_name = "conformance-workflow"
    activity_name = "conformance-activity"

    def setUp(self):
        self.swf = make_client()
        self.domain = self.unique("dom")
        self.swf.register_domain(name=self.domain, workflowExecutionRetentionPeriodInDays="1",
                                 description="conformance " + self.id())
        self.task_list = self.unique("tl")

    def unique(self, prefix):
        test = self.id().rsplit(".", 1)[-1].replace("test_", "")
        return f"{prefix}-{test[:60]}-{uuid.uuid4().hex[:8]}"

    def assertHas(self, actual, expected):
        """Every member of expected is in actual with that value (actual may have more)."""
        subset = {k: actual.get(k, "<absent>") for k in expected}
        self.assertEqual(subset, expected, f"in {actual}")

    # ---------------------------------------------------------------- faults
    def assertFault(self, code, function, *args, **kwargs):
        try:
            response = function(*args, **kwargs)
        except ClientError as error:
            got = error.response["Error"]["Code"]
            self.assertEqual(got, code, f"expected {code}, got {got}: {error.response['Error'].get('Message')}")
            return error
        self.fail(f"expected {code}, the call succeeded: {short(response)}")

    # ----------------------------------------------------------------- types
    def register_workflow_type(self, name=None, version="1", **extra):
        params = dict(
            domain=self.domain, name=name or self.workflow_name, version=version,
            defaultTaskList={"name": self.task_list},
            defaultTaskStartToCloseTimeout="60",
            defaultExecutionStartToCloseTimeout="600",
            defaultChildPolicy="TERMINATE",
        )
        params.update(extra)
        self.swf.register_workflow_type(**params)
        return {"name": params["name"], "version": version}

    def register_activity_type(self, name=None, version="1", **extra):
        params = dict(
            domain=self.domain, name=name or self.activity_name, version=version,
            defaultTaskList={"name": self.task_list + "-act"},
            defaultTaskHeartbeatTimeout="NONE",
            defaultTaskScheduleToStartTimeout="300",
            defaultTaskScheduleToCloseTimeout="600",
            defaultTaskStartToCloseTimeout="300",
        )
        params.update(extra)
        self.swf.register_activity_type(**params)
        return {"name": params["name"], "version": version}

    # ------------------------------------------------------------ executions
    def start(self, workflow_id=None, workflow_type=None, task_list=None, **extra):
        """Starts an execution; returns {workflowId, runId}."""
        workflow_id = workflow_id or self.unique("wf")
        params = dict(
            domain=self.domain, workflowId=workflow_id,
            workflowType=workflow_type or {"name": self.workflow_name, "version": "1"},
            taskList={"name": task_list or self.task_list},
            executionStartToCloseTimeout="600",
            taskStartToCloseTimeout="60",
            childPolicy="TERMINATE",
        )
        params.update(extra)
        response = self.swf.start_workflow_execution(**params)
        self.assertTrue(response.get("runId"), f"StartWorkflowExecution gave no runId: {short(response)}")
        return {"workflowId": workflow_id, "runId": response["runId"]}

    def setup_workflow(self, **type_extra):
        """Registers the default workflow type and starts one execution of it."""
        self.register_workflow_type(**type_extra)
        return self.start()

    def describe(self, execution):
        return self.swf.describe_workflow_execution(domain=self.domain, execution=execution)

    def history(self, execution, **extra):
        """The full history, following nextPageToken by hand."""
        events, token = [], None
        for _ in range(1000):
            params = dict(domain=self.domain, execution=execution, **extra)
            if token:
                params["nextPageToken"] = token
            page = self.swf.get_workflow_execution_history(**params)
            events.extend(page["events"])
            token = page.get("nextPageToken")
            if not token:
                return events
        self.fail("GetWorkflowExecutionHistory never stopped giving a nextPageToken")

    def assertWellFormedHistory(self, events):
        ids = [event["eventId"] for event in events]
        self.assertEqual(ids, list(range(1, len(events) + 1)), "event ids must be 1, 2, 3, ... in order")
        stamps = [event["eventTimestamp"] for event in events]
        self.assertEqual(stamps, sorted(stamps), "event timestamps must not go backwards")
        self.assertEqual(events[0]["eventType"], "WorkflowExecutionStarted")

    def assertClosed(self, execution, close_status):
        info = self.describe(execution)["executionInfo"]
        self.assertEqual(info["executionStatus"], "CLOSED", f"execution not closed: {info}")
        self.assertEqual(info.get("closeStatus"), close_status, f"execution info: {info}")
        self.assertIn("closeTimestamp", info)
        return info

    def wait_closed(self, execution, deadline=EVENT_DEADLINE):
        end = time.monotonic() + deadline
        while True:
            info = self.describe(execution)["executionInfo"]
            if info["executionStatus"] == "CLOSED" or time.monotonic() > end:
                return info
            time.sleep(0.25)

    # ----------------------------------------------------------------- polls
    def _poll(self, operation, task_list, deadline, **extra):
        end = time.monotonic() + deadline
        while True:
            response = operation(domain=self.domain, taskList={"name": task_list},
                                 identity="conformance-" + operation.__name__, **extra)
            if response.get("taskToken"):
                return response
            if time.monotonic() > end:
                self.fail(f"{operation.__name__} on {task_list!r}: no task within {deadline} s")
            time.sleep(0.2)

    def poll_decision(self, task_list=None, deadline=EVENT_DEADLINE, **extra):
        """A decision task (with a token): polls again until one comes or the deadline passes."""
        return self._poll(self.swf.poll_for_decision_task, task_list or self.task_list, deadline, **extra)

    def poll_activity(self, task_list=None, deadline=EVENT_DEADLINE, **extra):
        return self._poll(self.swf.poll_for_activity_task, task_list or self.task_list + "-act", deadline, **extra)

    def decide(self, task, *decisions, context=None):
        params = dict(taskToken=task["taskToken"], decisions=list(decisions))
        if context is not None:
            params["executionContext"] = context
        return self.swf.respond_decision_task_completed(**params)

    def poll_decision_until(self, event_type, task_list=None, deadline=EVENT_DEADLINE):
        """Polls decision tasks (answering those without the event with no decisions)
        until one whose events include event_type; returns (task, event)."""
        end = time.monotonic() + deadline
        while True:
            task = self.poll_decision(task_list, deadline=max(0.5, end - time.monotonic()))
            found = [e for e in task["events"] if e["eventType"] == event_type]
            if found:
                return task, found[-1]
            if time.monotonic() > end:
                self.fail(f"no decision task with {event_type} within {deadline} s; last one had "
                          f"{event_types(task['events'])}")
            self.decide(task)


# ---------------------------------------------------------------- decisions
def schedule_activity(activity_id, activity_type, task_list, input=None, heartbeat="NONE",
                      schedule_to_start="300", schedule_to_close="600", start_to_close="300"):
    attrs = {
        "activityId": activity_id,
        "activityType": activity_type,
        "taskList": {"name": task_list},
        "heartbeatTimeout": heartbeat,
        "scheduleToStartTimeout": schedule_to_start,
        "scheduleToCloseTimeout": schedule_to_close,
        "startToCloseTimeout": start_to_close,
    }
    if input is not None:
        attrs["input"] = input
    return {"decisionType": "ScheduleActivityTask", "scheduleActivityTaskDecisionAttributes": attrs}


def complete_workflow(result=None):
    attrs = {} if result is None else {"result": result}
    return {"decisionType": "CompleteWorkflowExecution", "completeWorkflowExecutionDecisionAttributes": attrs}


def start_timer(timer_id, seconds, control=None):
    attrs = {"timerId": timer_id, "startToFireTimeout": str(seconds)}
    if control is not None:
        attrs["control"] = control
    return {"decisionType": "StartTimer", "startTimerDecisionAttributes": attrs}


def env_for_cli():
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(FAKE_CREDENTIALS)
    env.update({
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        "AWS_CONFIG_FILE": "/nonexistent/aws-config",
        "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/aws-credentials",
        "AWS_PAGER": "",
    })
    return env
