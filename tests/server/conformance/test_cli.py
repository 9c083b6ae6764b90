"""A few cases through the AWS CLI v2 (/usr/bin/aws), which parses with its own
botocore copy and prints faults on stderr."""
import json
import os
import subprocess
import unittest

import common
from common import SwfTestCase, setUpModule, tearDownModule  # noqa: F401 (module fixtures)


@unittest.skipUnless(os.access(common.AWS_CLI, os.X_OK), f"no AWS CLI at {common.AWS_CLI}")
class AwsCliTest(SwfTestCase):

    def aws(self, *arguments, check=True):
        command = [common.AWS_CLI, "swf", *arguments, "--endpoint-url", common.ENDPOINT,
                   "--region", common.REGION, "--output", "json", "--no-cli-pager",
                   "--cli-read-timeout", str(int(common.read_timeout()))]
        if common.CA_BUNDLE:
            command += ["--ca-bundle", common.CA_BUNDLE]
        process = subprocess.run(command, capture_output=True, text=True, env=common.env_for_cli(), timeout=120)
        if check and process.returncode != 0:
            self.fail(f"{' '.join(command)} exited {process.returncode}\nstdout: {process.stdout}\n"
                      f"stderr: {process.stderr}")
        return process

    def output(self, *arguments):
        stdout = self.aws(*arguments).stdout
        return json.loads(stdout) if stdout.strip() else None

    def test_register_and_list_domains(self):
        name = self.unique("cli")
        self.assertIsNone(self.output("register-domain", "--name", name,
                                      "--workflow-execution-retention-period-in-days", "2",
                                      "--description", "from the CLI"))
        listed = self.output("list-domains", "--registration-status", "REGISTERED")
        mine = [info for info in listed["domainInfos"] if info["name"] == name]
        self.assertEqual(len(mine), 1, listed)
        self.assertEqual(mine[0]["status"], "REGISTERED")
        self.assertEqual(mine[0].get("description"), "from the CLI")
        described = self.output("describe-domain", "--name", name)
        self.assertEqual(described["configuration"]["workflowExecutionRetentionPeriodInDays"], "2")

    def test_start_and_describe_execution(self):
        self.output("register-workflow-type", "--domain", self.domain, "--name", "cli-workflow",
                    "--workflow-version", "1", "--default-task-list", f"name={self.task_list}",
                    "--default-task-start-to-close-timeout", "60",
                    "--default-execution-start-to-close-timeout", "600", "--default-child-policy", "TERMINATE")
        started = self.output("start-workflow-execution", "--domain", self.domain, "--workflow-id", "cli-run",
                              "--workflow-type", "name=cli-workflow,version=1", "--input", "cli-input",
                              "--tag-list", "cli")
        run_id = started["runId"]
        described = self.output("describe-workflow-execution", "--domain", self.domain,
                                "--execution", f"workflowId=cli-run,runId={run_id}")
        info = described["executionInfo"]
        self.assertEqual(info["execution"], {"workflowId": "cli-run", "runId": run_id})
        self.assertEqual(info["executionStatus"], "OPEN")
        self.assertEqual(info["workflowType"], {"name": "cli-workflow", "version": "1"})
        self.assertEqual(info.get("tagList"), ["cli"])
        self.assertEqual(described["openCounts"]["openDecisionTasks"], 1)
        counted = self.output("count-open-workflow-executions", "--domain", self.domain,
                              "--start-time-filter", "oldestDate=2000-01-01T00:00:00Z")
        self.assertEqual(counted["count"], 1)
        task = self.output("poll-for-decision-task", "--domain", self.domain, "--task-list",
                           f"name={self.task_list}")
        self.assertTrue(task.get("taskToken"))
        self.assertEqual([e["eventType"] for e in task["events"]],
                         ["WorkflowExecutionStarted", "DecisionTaskScheduled", "DecisionTaskStarted"])
        self.output("terminate-workflow-execution", "--domain", self.domain, "--workflow-id", "cli-run")
        history = self.output("get-workflow-execution-history", "--domain", self.domain,
                              "--execution", f"workflowId=cli-run,runId={run_id}")
        self.assertEqual(history["events"][-1]["eventType"], "WorkflowExecutionTerminated")

    def test_fault_exit_status(self):
        process = self.aws("register-domain", "--name", self.domain,
                           "--workflow-execution-retention-period-in-days", "1", check=False)
        self.assertNotEqual(process.returncode, 0)
        self.assertIn("DomainAlreadyExistsFault", process.stderr)
        process = self.aws("describe-domain", "--name", self.unique("missing"), check=False)
        self.assertNotEqual(process.returncode, 0)
        self.assertIn("UnknownResourceFault", process.stderr)
