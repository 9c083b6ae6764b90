"""The server process itself (only when run.py started it): a SIGTERM stops it
with status 0, and what it stored in --data-dir is there after a restart."""
import hashlib
import json
import shutil
import tempfile
import threading
import time
import unittest
import uuid

import boto3
import botocore
import botocore.config

import common
import run
from common import (  # noqa: F401 (setUpModule, tearDownModule: a fresh server per module)
    SwfTestCase, attributes, complete_workflow, make_client, setUpModule, tearDownModule)


class RestartTest(SwfTestCase):

    def setUp(self):
        if common.SERVER is None:
            raise unittest.SkipTest("needs a server started by run.py (--server)")
        super().setUp()

    def test_state_survives_restart(self):
        workflow_type = self.register_workflow_type()
        self.swf.tag_resource(resourceArn=self.swf.describe_domain(name=self.domain)["domainInfo"]["arn"],
                              tags=[{"key": "kept", "value": "yes"}])
        done = self.start(input="done")
        task = self.poll_decision()
        self.decide(task, complete_workflow("finished"))
        pending = self.start(input="pending")
        deprecated = self.register_workflow_type(name="old")
        self.swf.deprecate_workflow_type(domain=self.domain, workflowType=deprecated)
        history_before = self.history(done)

        status = common.SERVER.stop()
        self.assertEqual(status, 0, "the server must exit 0 on SIGTERM")
        common.SERVER.start()
        self.swf = make_client()

        info = self.swf.describe_domain(name=self.domain)["domainInfo"]
        self.assertEqual(info["status"], "REGISTERED")
        self.assertEqual(self.swf.list_tags_for_resource(resourceArn=info["arn"])["tags"],
                         [{"key": "kept", "value": "yes"}])
        self.assertEqual(self.swf.describe_workflow_type(domain=self.domain, workflowType=workflow_type)
                         ["typeInfo"]["status"], "REGISTERED")
        self.assertEqual(self.swf.describe_workflow_type(domain=self.domain, workflowType=deprecated)
                         ["typeInfo"]["status"], "DEPRECATED")
        self.assertClosed(done, "COMPLETED")
        self.assertEqual(self.history(done), history_before)
        self.assertEqual(self.describe(pending)["executionInfo"]["executionStatus"], "OPEN")
        # The decision task scheduled before the restart is still there to poll.
        task = self.poll_decision()
        self.assertEqual(task["workflowExecution"], pending)
        self.assertEqual(attributes(task["events"][0])["input"], "pending")
        self.decide(task, complete_workflow("after restart"))
        self.assertClosed(pending, "COMPLETED")


class StopTest(unittest.TestCase):

    def test_sigterm_during_long_poll(self):
        # "SIGTERM stops it gracefully": even with a poll waiting, it exits 0, and the poll gets an answer.
        if common.SERVER_FACTORY is None:
            raise unittest.SkipTest("needs servers started by run.py (--server)")
        saved = common.ENDPOINT
        server = common.SERVER_FACTORY()
        common.SERVERS.append(server)
        server.start()
        try:
            swf = make_client()
            swf.register_domain(name="stop", workflowExecutionRetentionPeriodInDays="1")
            outcome = []

            def poll():
                try:
                    outcome.append(swf.poll_for_decision_task(domain="stop", taskList={"name": "idle"}))
                except Exception as error:  # a closed connection is an answer too
                    outcome.append(error)
            poller = threading.Thread(target=poll)
            poller.start()
            time.sleep(0.3)
            began = time.monotonic()
            status = server.stop()
            poller.join(common.read_timeout())
            self.assertEqual(status, 0, "exit status after SIGTERM")
            self.assertLess(time.monotonic() - began, (common.LONG_POLL_SECONDS or 60) + 5)
            self.assertTrue(outcome, "the waiting poll never returned")
            if isinstance(outcome[0], dict):
                self.assertEqual(outcome[0].get("taskToken", ""), "")
        finally:
            server.stop()
            common.ENDPOINT = saved


class RequireAuthTest(unittest.TestCase):
    """With --require-auth, requests must be SigV4-signed with a known key (AWS's error codes)."""

    KEY = ("AKIDCONFORMANCE", "conformance/secret+key")

    @classmethod
    def setUpClass(cls):
        if common.SERVER is None:
            raise unittest.SkipTest("needs a server started by run.py (--server)")
        cls.work_dir = tempfile.mkdtemp(prefix="swf-conformance-auth-")
        cls.server = run.ManagedServer(common.SERVER.binary, cls.work_dir, cls.work_dir, common.SERVER.long_poll,
                                       ["--require-auth", "--access-key", ":".join(cls.KEY)])
        saved = common.ENDPOINT
        try:
            cls.endpoint = cls.server.start()
        finally:
            common.ENDPOINT = saved  # the other tests keep the main server

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        shutil.rmtree(cls.work_dir, ignore_errors=True)

    def client(self, key_id, secret):
        client = boto3.session.Session(aws_access_key_id=key_id, aws_secret_access_key=secret,
                                       region_name=common.REGION).client(
            "swf", endpoint_url=self.endpoint, verify=common.verify(),
            config=botocore.config.Config(retries={"total_max_attempts": 1}))
        client.meta.events.register("after-call.swf", common.check_response)
        return client

    def code(self, client):
        try:
            client.list_domains(registrationStatus="REGISTERED")
        except common.ClientError as error:
            return error.response["Error"]["Code"]
        return None

    def test_known_key(self):
        self.assertIsNone(self.code(self.client(*self.KEY)))

    def test_unknown_key(self):
        self.assertEqual(self.code(self.client("AKIDUNKNOWN", self.KEY[1])), "UnrecognizedClientException")

    def test_wrong_secret(self):
        self.assertEqual(self.code(self.client(self.KEY[0], "wrong")), "InvalidSignatureException")

    def test_unsigned(self):
        client = self.client(*self.KEY)
        client.meta.events.register_first("choose-signer.swf", lambda **_: botocore.UNSIGNED)
        self.assertIn(self.code(client), ("MissingAuthenticationTokenException", "MissingAuthenticationToken"))

    def captured_register_domain(self, name):
        """A RegisterDomain signed by botocore, as a listener on the network sees it, and sent."""
        client = self.client(*self.KEY)
        captured = {}

        def capture(request, **_):
            captured["headers"] = {k: v for k, v in request.headers.items()
                                   if k.lower() not in ("content-length", "host")}
            captured["body"] = request.body
        client.meta.events.register("before-send.swf", capture)
        client.register_domain(name=name, workflowExecutionRetentionPeriodInDays="1")
        return captured

    def post(self, headers, body):
        import urllib.error
        import urllib.request
        request = urllib.request.Request(self.endpoint + "/", data=body, method="POST")
        for name, value in headers.items():
            request.add_header(name, value if isinstance(value, str) else value.decode())
        try:
            with urllib.request.urlopen(request, timeout=10, context=common.ssl_context()) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def assert_not_registered(self, name):
        with self.assertRaises(common.ClientError) as caught:
            self.client(*self.KEY).describe_domain(name=name)
        self.assertEqual(caught.exception.response["Error"]["Code"], "UnknownResourceFault")

    def test_replayed_signature_with_another_body(self):
        # A captured signed request, sent again with the attacker's body, with or without the signed hash
        # announced in X-Amz-Content-Sha256, or with UNSIGNED-PAYLOAD: refused, nothing registered.
        captured = self.captured_register_domain("victim-" + uuid.uuid4().hex[:8])
        attacker = "attacker-" + uuid.uuid4().hex[:8]
        body = json.dumps({"name": attacker, "workflowExecutionRetentionPeriodInDays": "1"}).encode()
        signed_hash = hashlib.sha256(captured["body"]).hexdigest()
        for extra in ({}, {"X-Amz-Content-Sha256": signed_hash}, {"X-Amz-Content-Sha256": "UNSIGNED-PAYLOAD"}):
            with self.subTest(extra=extra):
                status, answer = self.post({**captured["headers"], **extra}, body)
                self.assertEqual(status, 403)
                self.assertTrue(answer["__type"].endswith("#InvalidSignatureException"), answer)
        self.assert_not_registered(attacker)
        # The captured request itself, unchanged, is a valid (if repeated) request.
        status, answer = self.post(captured["headers"], captured["body"])
        self.assertEqual(status, 400)
        self.assertTrue(answer["__type"].endswith("#DomainAlreadyExistsFault"), answer)

    def test_signed_for_another_region(self):
        for region in ("eu-west-1", "zz-nowhere-9"):
            with self.subTest(region=region):
                client = boto3.session.Session(aws_access_key_id=self.KEY[0], aws_secret_access_key=self.KEY[1],
                                               region_name=region).client(
                    "swf", endpoint_url=self.endpoint, verify=common.verify(),
                    config=botocore.config.Config(retries={"total_max_attempts": 1}))
                with self.assertRaises(common.ClientError) as caught:
                    client.list_domains(registrationStatus="REGISTERED")
                error = caught.exception.response["Error"]
                self.assertEqual(error["Code"], "InvalidSignatureException")
                self.assertIn("'" + common.REGION + "'", error["Message"])
