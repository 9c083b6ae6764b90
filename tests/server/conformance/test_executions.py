"""Workflow executions end to end: the activity round trip, signals, child
workflows, cancel, terminate, fail, continue-as-new, and the count/list filters."""
import time

import common
from common import (  # noqa: F401 (setUpModule, tearDownModule: a fresh server per module)
    SwfTestCase, attributes, complete_workflow, event_types, schedule_activity, setUpModule, tearDownModule)


class ActivityRoundTripTest(SwfTestCase):

    def test_activity_round_trip(self):
        workflow_type = self.register_workflow_type()
        activity_type = self.register_activity_type()
        execution = self.start(input="workflow-input", tagList=["round", "trip"])

        described = self.describe(execution)
        info = described["executionInfo"]
        self.assertEqual(info["execution"], execution)
        self.assertEqual(info["workflowType"], workflow_type)
        self.assertEqual(info["executionStatus"], "OPEN")
        self.assertNotIn("closeStatus", info)
        self.assertEqual(info.get("tagList"), ["round", "trip"])
        self.assertEqual(described["executionConfiguration"]["taskList"], {"name": self.task_list})
        self.assertEqual(described["executionConfiguration"]["executionStartToCloseTimeout"], "600")
        self.assertEqual(described["executionConfiguration"]["taskStartToCloseTimeout"], "60")
        self.assertEqual(described["executionConfiguration"]["childPolicy"], "TERMINATE")
        self.assertEqual(described["openCounts"]["openDecisionTasks"], 1)
        self.assertEqual(described["openCounts"]["openActivityTasks"], 0)
        self.assertEqual(self.swf.count_pending_decision_tasks(
            domain=self.domain, taskList={"name": self.task_list})["count"], 1)

        # First decision task: the whole history so far.
        task = self.poll_decision()
        self.assertEqual(self.swf.count_pending_decision_tasks(
            domain=self.domain, taskList={"name": self.task_list})["count"], 0)
        self.assertEqual(task["workflowExecution"], execution)
        self.assertEqual(task["workflowType"], workflow_type)
        self.assertEqual(event_types(task["events"]),
                         ["WorkflowExecutionStarted", "DecisionTaskScheduled", "DecisionTaskStarted"])
        self.assertEqual(task["startedEventId"], 3)
        self.assertEqual(task.get("previousStartedEventId", 0), 0)
        started = attributes(task["events"][0])
        self.assertEqual(started["input"], "workflow-input")
        self.assertEqual(started["workflowType"], workflow_type)
        self.assertEqual(started["taskList"], {"name": self.task_list})
        self.assertEqual(started["childPolicy"], "TERMINATE")
        self.assertEqual(started.get("tagList"), ["round", "trip"])
        self.assertEqual(attributes(task["events"][1])["taskList"], {"name": self.task_list})
        self.assertEqual(attributes(task["events"][2])["scheduledEventId"], 2)
        self.assertEqual(attributes(task["events"][2]).get("identity"), "conformance-poll_for_decision_task")

        self.decide(task, schedule_activity("act-1", activity_type, self.task_list + "-act", input="activity-input"),
                    context="ctx-1")
        described = self.describe(execution)
        self.assertEqual(described["openCounts"]["openActivityTasks"], 1)
        self.assertEqual(described["openCounts"]["openDecisionTasks"], 0)
        self.assertEqual(described.get("latestExecutionContext"), "ctx-1")
        self.assertEqual(self.swf.count_pending_activity_tasks(
            domain=self.domain, taskList={"name": self.task_list + "-act"})["count"], 1)

        activity = self.poll_activity()
        self.assertEqual(activity["activityId"], "act-1")
        self.assertEqual(activity["activityType"], activity_type)
        self.assertEqual(activity["workflowExecution"], execution)
        self.assertEqual(activity.get("input"), "activity-input")
        self.assertEqual(activity["startedEventId"], 6)
        self.assertEqual(self.swf.count_pending_activity_tasks(
            domain=self.domain, taskList={"name": self.task_list + "-act"})["count"], 0)
        self.swf.respond_activity_task_completed(taskToken=activity["taskToken"], result="activity-result")
        # The token is spent.
        self.assertFault("UnknownResourceFault", self.swf.respond_activity_task_completed,
                         taskToken=activity["taskToken"], result="again")

        task = self.poll_decision()
        self.assertEqual(task["startedEventId"], 9)
        self.assertEqual(task.get("previousStartedEventId"), 3)
        self.assertEqual(event_types(task["events"]), [
            "WorkflowExecutionStarted", "DecisionTaskScheduled", "DecisionTaskStarted", "DecisionTaskCompleted",
            "ActivityTaskScheduled", "ActivityTaskStarted", "ActivityTaskCompleted", "DecisionTaskScheduled",
            "DecisionTaskStarted"])
        events = task["events"]
        self.assertHas(attributes(events[3]), {"scheduledEventId": 2, "startedEventId": 3,
                                               "executionContext": "ctx-1"})
        scheduled = attributes(events[4])
        self.assertEqual(scheduled["activityId"], "act-1")
        self.assertEqual(scheduled["activityType"], activity_type)
        self.assertEqual(scheduled["decisionTaskCompletedEventId"], 4)
        self.assertEqual(scheduled["input"], "activity-input")
        self.assertEqual(scheduled["taskList"], {"name": self.task_list + "-act"})
        self.assertEqual(attributes(events[5]), {"scheduledEventId": 5,
                                                 "identity": "conformance-poll_for_activity_task"})
        self.assertEqual(attributes(events[6]), {"scheduledEventId": 5, "startedEventId": 6,
                                                 "result": "activity-result"})

        self.decide(task, complete_workflow("workflow-result"))
        self.assertFault("UnknownResourceFault", self.decide, task)

        info = self.assertClosed(execution, "COMPLETED")
        self.assertEqual(self.describe(execution)["openCounts"]["openDecisionTasks"], 0)
        events = self.history(execution)
        self.assertWellFormedHistory(events)
        self.assertEqual(event_types(events)[-2:], ["DecisionTaskCompleted", "WorkflowExecutionCompleted"])
        self.assertEqual(attributes(events[-1]), {"result": "workflow-result", "decisionTaskCompletedEventId": 10})

        closed = self.swf.list_closed_workflow_executions(domain=self.domain, startTimeFilter=common.recent())
        self.assertEqual(len(closed["executionInfos"]), 1, closed)
        listed = closed["executionInfos"][0]
        self.assertEqual(listed["execution"], execution)
        self.assertEqual(listed["executionStatus"], "CLOSED")
        self.assertEqual(listed["closeStatus"], "COMPLETED")
        self.assertEqual(listed["closeTimestamp"], info["closeTimestamp"])
        self.assertEqual(self.swf.list_open_workflow_executions(
            domain=self.domain, startTimeFilter=common.recent())["executionInfos"], [])

    def test_activity_failed(self):
        self.setup_workflow()
        activity_type = self.register_activity_type()
        self.decide(self.poll_decision(), schedule_activity("a", activity_type, self.task_list + "-act"))
        activity = self.poll_activity()
        self.swf.respond_activity_task_failed(taskToken=activity["taskToken"], reason="boom", details="stack")
        task, event = self.poll_decision_until("ActivityTaskFailed")
        self.assertEqual(attributes(event), {"reason": "boom", "details": "stack", "scheduledEventId": 5,
                                             "startedEventId": 6})

    def test_activity_of_closed_execution(self):
        # Once the execution is closed, its tasks' tokens are no longer valid.
        execution = self.setup_workflow()
        activity_type = self.register_activity_type()
        self.decide(self.poll_decision(), schedule_activity("a", activity_type, self.task_list + "-act"))
        activity = self.poll_activity()
        self.swf.terminate_workflow_execution(domain=self.domain, workflowId=execution["workflowId"])
        self.assertFault("UnknownResourceFault", self.swf.record_activity_task_heartbeat,
                         taskToken=activity["taskToken"])
        self.assertFault("UnknownResourceFault", self.swf.respond_activity_task_completed,
                         taskToken=activity["taskToken"], result="late")

    def test_activity_task_defaults_from_type(self):
        # A ScheduleActivityTask without task list and timeouts takes the type's defaults.
        self.setup_workflow()
        activity_type = self.register_activity_type()
        task = self.poll_decision()
        self.decide(task, {"decisionType": "ScheduleActivityTask", "scheduleActivityTaskDecisionAttributes": {
            "activityId": "a", "activityType": activity_type}})
        activity = self.poll_activity()
        self.assertEqual(activity["activityId"], "a")
        scheduled = attributes(self.history(activity["workflowExecution"])[4])
        self.assertHas(scheduled, {"taskList": {"name": self.task_list + "-act"}, "heartbeatTimeout": "NONE",
                                   "scheduleToStartTimeout": "300", "scheduleToCloseTimeout": "600",
                                   "startToCloseTimeout": "300"})

    def test_schedule_activity_failures(self):
        self.setup_workflow()
        activity_type = self.register_activity_type()
        deprecated = self.register_activity_type(name="old")
        self.swf.deprecate_activity_type(domain=self.domain, activityType=deprecated)
        task = self.poll_decision()
        act_tl = self.task_list + "-act"
        self.decide(task,
                    schedule_activity("ok", activity_type, act_tl),
                    schedule_activity("ok", activity_type, act_tl),
                    schedule_activity("dep", deprecated, act_tl),
                    schedule_activity("unknown", {"name": "nope", "version": "1"}, act_tl))
        task = self.poll_decision()
        failed = [attributes(e) for e in task["events"] if e["eventType"] == "ScheduleActivityTaskFailed"]
        causes = {f["activityId"]: f["cause"] for f in failed}
        self.assertEqual(causes, {"ok": "ACTIVITY_ID_ALREADY_IN_USE", "dep": "ACTIVITY_TYPE_DEPRECATED",
                                  "unknown": "ACTIVITY_TYPE_DOES_NOT_EXIST"})
        for f in failed:
            self.assertEqual(f["decisionTaskCompletedEventId"], 4)
        self.assertEqual(event_types(task["events"]).count("ActivityTaskScheduled"), 1)

    def test_unhandled_decision(self):
        # An event that arrives while a decision task runs makes CompleteWorkflowExecution fail with
        # UNHANDLED_DECISION, and a new decision task is scheduled.
        execution = self.setup_workflow()
        task = self.poll_decision()
        self.swf.signal_workflow_execution(domain=self.domain, workflowId=execution["workflowId"],
                                           signalName="late", input="l")
        self.decide(task, complete_workflow("too early"))
        task = self.poll_decision()
        types = event_types(task["events"])
        self.assertIn("CompleteWorkflowExecutionFailed", types)
        failed = [attributes(e) for e in task["events"] if e["eventType"] == "CompleteWorkflowExecutionFailed"][0]
        self.assertEqual(failed["cause"], "UNHANDLED_DECISION")
        self.assertIn("WorkflowExecutionSignaled", types)
        self.assertEqual(self.describe(execution)["executionInfo"]["executionStatus"], "OPEN")
        self.decide(task, complete_workflow("now"))
        self.assertClosed(execution, "COMPLETED")

    def test_fail_workflow(self):
        execution = self.setup_workflow()
        self.decide(self.poll_decision(), {"decisionType": "FailWorkflowExecution",
                                           "failWorkflowExecutionDecisionAttributes": {"reason": "r", "details": "d"}})
        self.assertClosed(execution, "FAILED")
        last = self.history(execution)[-1]
        self.assertEqual(last["eventType"], "WorkflowExecutionFailed")
        self.assertEqual(attributes(last), {"reason": "r", "details": "d", "decisionTaskCompletedEventId": 4})

    def test_continue_as_new(self):
        execution = self.setup_workflow()
        self.decide(self.poll_decision(), {
            "decisionType": "ContinueAsNewWorkflowExecution",
            "continueAsNewWorkflowExecutionDecisionAttributes": {"input": "next", "tagList": ["gen2"]}})
        self.assertClosed(execution, "CONTINUED_AS_NEW")
        last = self.history(execution)[-1]
        self.assertEqual(last["eventType"], "WorkflowExecutionContinuedAsNew")
        new_run = attributes(last)["newExecutionRunId"]
        self.assertNotEqual(new_run, execution["runId"])
        self.assertEqual(attributes(last)["input"], "next")
        following = {"workflowId": execution["workflowId"], "runId": new_run}
        self.assertEqual(self.describe(following)["executionInfo"]["executionStatus"], "OPEN")
        task = self.poll_decision()
        self.assertEqual(task["workflowExecution"], following)
        started = attributes(task["events"][0])
        self.assertEqual(started["continuedExecutionRunId"], execution["runId"])
        self.assertEqual(started.get("input"), "next")
        self.assertEqual(started.get("tagList"), ["gen2"])


class SignalTest(SwfTestCase):

    def test_signal(self):
        execution = self.setup_workflow()
        self.decide(self.poll_decision())  # no decisions: nothing outstanding now
        self.swf.signal_workflow_execution(domain=self.domain, workflowId=execution["workflowId"],
                                           runId=execution["runId"], signalName="ping", input="signal-input")
        task = self.poll_decision()
        signaled = [e for e in task["events"] if e["eventType"] == "WorkflowExecutionSignaled"]
        self.assertEqual(len(signaled), 1, event_types(task["events"]))
        self.assertEqual(attributes(signaled[0]), {"signalName": "ping", "input": "signal-input"})
        self.assertEqual(event_types(task["events"])[-3:],
                         ["WorkflowExecutionSignaled", "DecisionTaskScheduled", "DecisionTaskStarted"])
        # Without runId, the signal goes to the open run of the workflow id.
        self.swf.signal_workflow_execution(domain=self.domain, workflowId=execution["workflowId"],
                                           signalName="pong")
        self.assertEqual(attributes(self.history(execution)[-1]), {"signalName": "pong"})

    def test_signal_unknown(self):
        execution = self.setup_workflow()
        self.assertFault("UnknownResourceFault", self.swf.signal_workflow_execution, domain=self.domain,
                         workflowId="no-such-workflow", signalName="s", input="i")
        self.swf.terminate_workflow_execution(domain=self.domain, workflowId=execution["workflowId"])
        self.assertFault("UnknownResourceFault", self.swf.signal_workflow_execution, domain=self.domain,
                         workflowId=execution["workflowId"], signalName="s", input="i")

    def test_signal_external(self):
        self.register_workflow_type()
        sender = self.start()
        receiver = self.start(task_list=self.task_list + "-receiver")
        task = self.poll_decision()
        self.assertEqual(task["workflowExecution"], sender)
        self.decide(task, {"decisionType": "SignalExternalWorkflowExecution",
                           "signalExternalWorkflowExecutionDecisionAttributes": {
                               "workflowId": receiver["workflowId"], "runId": receiver["runId"],
                               "signalName": "hello", "input": "from-sender", "control": "c"}})
        task, event = self.poll_decision_until("ExternalWorkflowExecutionSignaled")
        self.assertEqual(task["workflowExecution"], sender)
        initiated = [e for e in task["events"] if e["eventType"] == "SignalExternalWorkflowExecutionInitiated"]
        self.assertEqual(len(initiated), 1)
        self.assertEqual(attributes(initiated[0]), {
            "workflowId": receiver["workflowId"], "runId": receiver["runId"], "signalName": "hello",
            "input": "from-sender", "control": "c", "decisionTaskCompletedEventId": 4})
        self.assertEqual(attributes(event)["initiatedEventId"], initiated[0]["eventId"])
        self.assertEqual(attributes(event)["workflowExecution"], receiver)

        received = self.poll_decision(self.task_list + "-receiver")
        self.assertEqual(received["workflowExecution"], receiver)
        signaled = [e for e in received["events"] if e["eventType"] == "WorkflowExecutionSignaled"]
        self.assertEqual(len(signaled), 1, event_types(received["events"]))
        self.assertEqual(attributes(signaled[0]), {
            "signalName": "hello", "input": "from-sender", "externalWorkflowExecution": sender,
            "externalInitiatedEventId": initiated[0]["eventId"]})

    def test_signal_external_unknown(self):
        self.register_workflow_type()
        self.start()
        self.decide(self.poll_decision(), {"decisionType": "SignalExternalWorkflowExecution",
                                           "signalExternalWorkflowExecutionDecisionAttributes": {
                                               "workflowId": "no-such-workflow", "signalName": "hello"}})
        task, event = self.poll_decision_until("SignalExternalWorkflowExecutionFailed")
        self.assertEqual(attributes(event)["cause"], "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION")
        self.assertEqual(attributes(event)["workflowId"], "no-such-workflow")


class ChildWorkflowTest(SwfTestCase):

    def test_child_workflow(self):
        workflow_type = self.register_workflow_type()
        parent = self.start()
        child_id = self.unique("child")
        child_tl = self.task_list + "-child"
        self.decide(self.poll_decision(), {
            "decisionType": "StartChildWorkflowExecution",
            "startChildWorkflowExecutionDecisionAttributes": {
                "workflowId": child_id, "workflowType": workflow_type, "taskList": {"name": child_tl},
                "input": "child-input", "control": "ctl", "childPolicy": "TERMINATE",
                "executionStartToCloseTimeout": "600", "taskStartToCloseTimeout": "60"}})

        task, started_event = self.poll_decision_until("ChildWorkflowExecutionStarted")
        self.assertEqual(task["workflowExecution"], parent)
        initiated = [e for e in task["events"] if e["eventType"] == "StartChildWorkflowExecutionInitiated"]
        self.assertEqual(len(initiated), 1)
        initiated_attributes = attributes(initiated[0])
        self.assertEqual(initiated_attributes["workflowId"], child_id)
        self.assertEqual(initiated_attributes["workflowType"], workflow_type)
        self.assertEqual(initiated_attributes["taskList"], {"name": child_tl})
        self.assertEqual(initiated_attributes["control"], "ctl")
        self.assertEqual(initiated_attributes["input"], "child-input")
        self.assertEqual(initiated_attributes["childPolicy"], "TERMINATE")
        self.assertEqual(initiated_attributes["decisionTaskCompletedEventId"], 4)
        started = attributes(started_event)
        self.assertEqual(started["initiatedEventId"], initiated[0]["eventId"])
        self.assertEqual(started["workflowType"], workflow_type)
        child = started["workflowExecution"]
        self.assertEqual(child["workflowId"], child_id)
        self.decide(task)

        described = self.describe(parent)
        self.assertEqual(described["openCounts"]["openChildWorkflowExecutions"], 1)
        child_info = self.describe(child)["executionInfo"]
        self.assertEqual(child_info.get("parent"), parent)

        child_task = self.poll_decision(child_tl)
        self.assertEqual(child_task["workflowExecution"], child)
        child_started = attributes(child_task["events"][0])
        self.assertEqual(child_started.get("parentWorkflowExecution"), parent)
        self.assertEqual(child_started.get("parentInitiatedEventId"), initiated[0]["eventId"])
        self.assertEqual(child_started.get("input"), "child-input")
        self.decide(child_task, complete_workflow("child-result"))
        self.assertClosed(child, "COMPLETED")

        task, completed_event = self.poll_decision_until("ChildWorkflowExecutionCompleted")
        self.assertEqual(attributes(completed_event), {
            "workflowExecution": child, "workflowType": workflow_type, "result": "child-result",
            "initiatedEventId": initiated[0]["eventId"], "startedEventId": started_event["eventId"]})
        self.decide(task, complete_workflow("parent-result"))
        self.assertClosed(parent, "COMPLETED")

    def test_child_terminated_with_parent(self):
        # childPolicy TERMINATE: closing the parent terminates its open children.
        workflow_type = self.register_workflow_type()
        parent = self.start()
        child_id = self.unique("child")
        self.decide(self.poll_decision(), {
            "decisionType": "StartChildWorkflowExecution",
            "startChildWorkflowExecutionDecisionAttributes": {
                "workflowId": child_id, "workflowType": workflow_type,
                "taskList": {"name": self.task_list + "-child"}, "childPolicy": "TERMINATE"}})
        task, started_event = self.poll_decision_until("ChildWorkflowExecutionStarted")
        child = attributes(started_event)["workflowExecution"]
        self.swf.terminate_workflow_execution(domain=self.domain, workflowId=parent["workflowId"],
                                              childPolicy="TERMINATE")
        info = self.wait_closed(child)
        self.assertEqual(info["executionStatus"], "CLOSED", info)
        self.assertEqual(info.get("closeStatus"), "TERMINATED", info)
        last = self.history(child)[-1]
        self.assertEqual(last["eventType"], "WorkflowExecutionTerminated")
        self.assertEqual(attributes(last).get("cause"), "CHILD_POLICY_APPLIED")


class CancelTerminateTest(SwfTestCase):

    def test_cancel(self):
        execution = self.setup_workflow()
        self.decide(self.poll_decision())
        self.swf.request_cancel_workflow_execution(domain=self.domain, workflowId=execution["workflowId"],
                                                   runId=execution["runId"])
        self.assertTrue(self.describe(execution)["executionInfo"].get("cancelRequested"))
        task, event = self.poll_decision_until("WorkflowExecutionCancelRequested")
        self.assertNotIn("externalWorkflowExecution", attributes(event))
        self.decide(task, {"decisionType": "CancelWorkflowExecution",
                           "cancelWorkflowExecutionDecisionAttributes": {"details": "bye"}})
        info = self.assertClosed(execution, "CANCELED")
        self.assertTrue(info.get("cancelRequested"))
        events = self.history(execution)
        self.assertWellFormedHistory(events)
        self.assertEqual(events[-1]["eventType"], "WorkflowExecutionCanceled")
        self.assertEqual(attributes(events[-1])["details"], "bye")
        self.assertEqual(self.swf.count_closed_workflow_executions(
            domain=self.domain, startTimeFilter=common.recent(), closeStatusFilter={"status": "CANCELED"})["count"], 1)

    def test_cancel_unknown(self):
        self.register_workflow_type()
        self.assertFault("UnknownResourceFault", self.swf.request_cancel_workflow_execution,
                         domain=self.domain, workflowId="no-such-workflow")

    def test_terminate(self):
        execution = self.setup_workflow()
        self.swf.terminate_workflow_execution(domain=self.domain, workflowId=execution["workflowId"],
                                              runId=execution["runId"], reason="why", details="what",
                                              childPolicy="ABANDON")
        info = self.assertClosed(execution, "TERMINATED")
        events = self.history(execution)
        self.assertWellFormedHistory(events)
        self.assertEqual(events[-1]["eventType"], "WorkflowExecutionTerminated")
        terminated = attributes(events[-1])
        self.assertEqual(terminated["reason"], "why")
        self.assertEqual(terminated["details"], "what")
        self.assertEqual(terminated["childPolicy"], "ABANDON")
        # cause is for automatic terminations; an operator's may carry OPERATOR_INITIATED or nothing.
        self.assertEqual(terminated.get("cause", "OPERATOR_INITIATED"), "OPERATOR_INITIATED")
        self.assertEqual(self.describe(execution)["openCounts"]["openDecisionTasks"], 0)
        # A closed execution cannot be terminated again.
        self.assertFault("UnknownResourceFault", self.swf.terminate_workflow_execution, domain=self.domain,
                         workflowId=execution["workflowId"], runId=execution["runId"])
        closed = self.swf.list_closed_workflow_executions(domain=self.domain, startTimeFilter=common.recent(),
                                                          closeStatusFilter={"status": "TERMINATED"})
        self.assertEqual([i["execution"] for i in closed["executionInfos"]], [execution])
        self.assertEqual(closed["executionInfos"][0]["closeTimestamp"], info["closeTimestamp"])

    def test_terminate_default_child_policy(self):
        # Without childPolicy, the execution's own child policy applies.
        execution = self.setup_workflow()
        self.swf.terminate_workflow_execution(domain=self.domain, workflowId=execution["workflowId"])
        last = self.history(execution)[-1]
        self.assertEqual(attributes(last)["childPolicy"], "TERMINATE")

    def test_decision_on_terminated_execution(self):
        execution = self.setup_workflow()
        task = self.poll_decision()
        self.swf.terminate_workflow_execution(domain=self.domain, workflowId=execution["workflowId"])
        self.assertFault("UnknownResourceFault", self.decide, task, complete_workflow())

    def test_describe_unknown_execution(self):
        self.register_workflow_type()
        self.assertFault("UnknownResourceFault", self.swf.describe_workflow_execution, domain=self.domain,
                         execution={"workflowId": "no-such-workflow", "runId": "22" * 20})
        self.assertFault("UnknownResourceFault", self.swf.get_workflow_execution_history, domain=self.domain,
                         execution={"workflowId": "no-such-workflow", "runId": "22" * 20})


class CountListFilterTest(SwfTestCase):

    def setUp(self):
        super().setUp()
        self.type_a = self.register_workflow_type(name="type-a")
        self.type_b = self.register_workflow_type(name="type-b")
        # Apart in time, so that the start timestamps order them.
        self.red = self.start(workflow_type=self.type_a, tagList=["red"])
        time.sleep(0.05)
        self.plain = self.start(workflow_type=self.type_a)
        time.sleep(0.05)
        self.blue = self.start(workflow_type=self.type_b, tagList=["blue", "sky"])

    def count_open(self, **filters):
        return self.swf.count_open_workflow_executions(domain=self.domain, startTimeFilter=common.recent(),
                                                       **filters)

    def count_closed(self, **filters):
        return self.swf.count_closed_workflow_executions(domain=self.domain, startTimeFilter=common.recent(),
                                                         **filters)

    def list_open(self, **filters):
        infos = self.swf.list_open_workflow_executions(domain=self.domain, startTimeFilter=common.recent(),
                                                       **filters)["executionInfos"]
        return sorted(info["execution"]["workflowId"] for info in infos)

    def test_count_open(self):
        counted = self.count_open()
        self.assertEqual(counted["count"], 3)
        self.assertFalse(counted.get("truncated", False))
        self.assertEqual(self.count_open(typeFilter={"name": "type-a"})["count"], 2)
        self.assertEqual(self.count_open(typeFilter={"name": "type-a", "version": "1"})["count"], 2)
        self.assertEqual(self.count_open(typeFilter={"name": "type-a", "version": "2"})["count"], 0)
        self.assertEqual(self.count_open(typeFilter={"name": "type-b"})["count"], 1)
        self.assertEqual(self.count_open(tagFilter={"tag": "red"})["count"], 1)
        self.assertEqual(self.count_open(tagFilter={"tag": "sky"})["count"], 1)
        self.assertEqual(self.count_open(tagFilter={"tag": "green"})["count"], 0)
        self.assertEqual(self.count_open(executionFilter={"workflowId": self.plain["workflowId"]})["count"], 1)
        # A startTimeFilter after every start counts nothing.
        later = {"oldestDate": common.now() + common.datetime.timedelta(hours=1)}
        self.assertEqual(self.swf.count_open_workflow_executions(domain=self.domain,
                                                                 startTimeFilter=later)["count"], 0)

    def test_list_open(self):
        self.assertEqual(self.list_open(), sorted(e["workflowId"] for e in (self.red, self.plain, self.blue)))
        self.assertEqual(self.list_open(typeFilter={"name": "type-a"}),
                         sorted([self.red["workflowId"], self.plain["workflowId"]]))
        self.assertEqual(self.list_open(tagFilter={"tag": "blue"}), [self.blue["workflowId"]])
        self.assertEqual(self.list_open(executionFilter={"workflowId": self.red["workflowId"]}),
                         [self.red["workflowId"]])
        # Newest first by default ("descending order of the start time"); reverseOrder: oldest first.
        infos = self.swf.list_open_workflow_executions(domain=self.domain, startTimeFilter=common.recent(),
                                                       maximumPageSize=2)
        self.assertEqual(len(infos["executionInfos"]), 2)
        self.assertTrue(infos.get("nextPageToken"))
        rest = self.swf.list_open_workflow_executions(domain=self.domain, startTimeFilter=common.recent(),
                                                      maximumPageSize=2, nextPageToken=infos["nextPageToken"])
        self.assertEqual(len(rest["executionInfos"]), 1)
        self.assertNotIn("nextPageToken", rest)
        ordered = [i["execution"]["workflowId"] for i in infos["executionInfos"] + rest["executionInfos"]]
        self.assertEqual(ordered, [self.blue["workflowId"], self.plain["workflowId"], self.red["workflowId"]])

    def test_closed_order(self):
        # "By default the results are returned in descending order of the start or close time of the
        # executions" (whichever the filter is on).
        for execution in (self.blue, self.plain, self.red):  # close in the reverse order of the starts
            self.swf.terminate_workflow_execution(domain=self.domain, workflowId=execution["workflowId"])
            time.sleep(0.05)
        by_start = self.swf.list_closed_workflow_executions(domain=self.domain, startTimeFilter=common.recent())
        self.assertEqual([i["execution"] for i in by_start["executionInfos"]], [self.blue, self.plain, self.red])
        by_close = self.swf.list_closed_workflow_executions(domain=self.domain, closeTimeFilter=common.recent())
        self.assertEqual([i["execution"] for i in by_close["executionInfos"]], [self.red, self.plain, self.blue])
        reverse = self.swf.list_closed_workflow_executions(domain=self.domain, closeTimeFilter=common.recent(),
                                                           reverseOrder=True)
        self.assertEqual([i["execution"] for i in reverse["executionInfos"]], [self.blue, self.plain, self.red])
        page = self.swf.list_closed_workflow_executions(domain=self.domain, closeTimeFilter=common.recent(),
                                                        maximumPageSize=2)
        self.assertEqual(len(page["executionInfos"]), 2)
        rest = self.swf.list_closed_workflow_executions(domain=self.domain, closeTimeFilter=common.recent(),
                                                        maximumPageSize=2, nextPageToken=page["nextPageToken"])
        self.assertEqual([i["execution"] for i in rest["executionInfos"]], [self.blue])
        # latestDate bounds the range.
        before = {"oldestDate": common.now() - common.datetime.timedelta(hours=1),
                  "latestDate": common.now() - common.datetime.timedelta(minutes=30)}
        self.assertEqual(self.swf.count_closed_workflow_executions(domain=self.domain,
                                                                   startTimeFilter=before)["count"], 0)

    def test_count_closed(self):
        self.swf.terminate_workflow_execution(domain=self.domain, workflowId=self.red["workflowId"])
        task = self.poll_decision()
        self.decide(task, complete_workflow("done"))
        done = task["workflowExecution"]
        self.assertEqual(self.count_closed()["count"], 2)
        self.assertEqual(self.count_closed(closeStatusFilter={"status": "TERMINATED"})["count"], 1)
        self.assertEqual(self.count_closed(closeStatusFilter={"status": "COMPLETED"})["count"], 1)
        self.assertEqual(self.count_closed(closeStatusFilter={"status": "FAILED"})["count"], 0)
        self.assertEqual(self.count_closed(tagFilter={"tag": "red"})["count"], 1)
        self.assertEqual(self.count_closed(executionFilter={"workflowId": done["workflowId"]})["count"], 1)
        self.assertEqual(self.count_closed(typeFilter={"name": "type-b"})["count"],
                         1 if done["workflowId"] == self.blue["workflowId"] else 0)
        closed_time = {"oldestDate": common.now() - common.datetime.timedelta(minutes=10)}
        self.assertEqual(self.swf.count_closed_workflow_executions(domain=self.domain,
                                                                   closeTimeFilter=closed_time)["count"], 2)
        self.assertEqual(self.count_open()["count"], 1)
        listed = self.swf.list_closed_workflow_executions(domain=self.domain, startTimeFilter=common.recent(),
                                                          closeStatusFilter={"status": "COMPLETED"})
        self.assertEqual([i["execution"] for i in listed["executionInfos"]], [done])
        self.assertEqual(listed["executionInfos"][0]["closeStatus"], "COMPLETED")


class MoreDecisionsTest(SwfTestCase):

    def test_record_marker(self):
        execution = self.setup_workflow()
        self.decide(self.poll_decision(), {"decisionType": "RecordMarker",
                                           "recordMarkerDecisionAttributes": {"markerName": "m", "details": "d"}})
        last = self.history(execution)[-1]
        self.assertEqual(last["eventType"], "MarkerRecorded")
        self.assertEqual(attributes(last), {"markerName": "m", "details": "d", "decisionTaskCompletedEventId": 4})

    def test_request_cancel_external(self):
        self.register_workflow_type()
        requester = self.start()
        target = self.start(task_list=self.task_list + "-target")
        self.decide(self.poll_decision(), {"decisionType": "RequestCancelExternalWorkflowExecution",
                                           "requestCancelExternalWorkflowExecutionDecisionAttributes": {
                                               "workflowId": target["workflowId"], "runId": target["runId"],
                                               "control": "c"}})
        task, requested = self.poll_decision_until("ExternalWorkflowExecutionCancelRequested")
        self.assertEqual(task["workflowExecution"], requester)
        initiated = [e for e in task["events"] if e["eventType"] == "RequestCancelExternalWorkflowExecutionInitiated"]
        self.assertEqual(len(initiated), 1)
        self.assertEqual(attributes(initiated[0]), {"workflowId": target["workflowId"], "runId": target["runId"],
                                                    "control": "c", "decisionTaskCompletedEventId": 4})
        self.assertEqual(attributes(requested), {"workflowExecution": target,
                                                 "initiatedEventId": initiated[0]["eventId"]})
        self.assertTrue(self.describe(target)["executionInfo"].get("cancelRequested"))
        received = self.poll_decision(self.task_list + "-target")
        cancel = [e for e in received["events"] if e["eventType"] == "WorkflowExecutionCancelRequested"]
        self.assertEqual(len(cancel), 1, event_types(received["events"]))
        self.assertEqual(attributes(cancel[0]), {"externalWorkflowExecution": requester,
                                                 "externalInitiatedEventId": initiated[0]["eventId"]})

    def test_activity_defaults_undefined(self):
        # An activity type without defaults: what the decision leaves out has no default.
        self.setup_workflow()
        bare = {"name": "bare", "version": "1"}
        self.swf.register_activity_type(domain=self.domain, **bare)
        timeouts = {"heartbeatTimeout": "NONE", "scheduleToStartTimeout": "60", "scheduleToCloseTimeout": "60",
                    "startToCloseTimeout": "60"}
        no_start = dict(timeouts)
        del no_start["scheduleToStartTimeout"]
        self.decide(self.poll_decision(),
                    {"decisionType": "ScheduleActivityTask", "scheduleActivityTaskDecisionAttributes": dict(
                        activityId="no-list", activityType=bare, **timeouts)},
                    {"decisionType": "ScheduleActivityTask", "scheduleActivityTaskDecisionAttributes": dict(
                        activityId="no-start", activityType=bare, taskList={"name": "x"}, **no_start)})
        task = self.poll_decision()
        causes = {attributes(e)["activityId"]: attributes(e)["cause"] for e in task["events"]
                  if e["eventType"] == "ScheduleActivityTaskFailed"}
        self.assertEqual(causes, {"no-list": "DEFAULT_TASK_LIST_UNDEFINED",
                                  "no-start": "DEFAULT_SCHEDULE_TO_START_TIMEOUT_UNDEFINED"})


class MoreChildWorkflowTest(SwfTestCase):

    def start_child(self, workflow_type, child_id, child_policy="TERMINATE", **extra):
        attrs = {"workflowId": child_id, "workflowType": workflow_type,
                 "taskList": {"name": self.task_list + "-child"}, "childPolicy": child_policy, "control": "ctl"}
        attrs.update(extra)
        return {"decisionType": "StartChildWorkflowExecution", "startChildWorkflowExecutionDecisionAttributes": attrs}

    def started_child(self, child_policy="TERMINATE"):
        workflow_type = self.register_workflow_type()
        parent = self.start()
        self.decide(self.poll_decision(), self.start_child(workflow_type, self.unique("child"), child_policy))
        task, started = self.poll_decision_until("ChildWorkflowExecutionStarted")
        self.decide(task)
        return workflow_type, parent, attributes(started)["workflowExecution"], started

    def test_child_already_running(self):
        # "When the cause is WORKFLOW_ALREADY_RUNNING, initiatedEventId is the ID of the
        # StartChildWorkflowExecutionInitiated event"
        workflow_type = self.register_workflow_type()
        busy = self.start(task_list=self.task_list + "-busy")
        self.start()
        self.decide(self.poll_decision(), self.start_child(workflow_type, busy["workflowId"]))
        task, failed = self.poll_decision_until("StartChildWorkflowExecutionFailed")
        initiated = [e for e in task["events"] if e["eventType"] == "StartChildWorkflowExecutionInitiated"]
        self.assertEqual(len(initiated), 1, event_types(task["events"]))
        self.assertHas(attributes(failed), {"workflowId": busy["workflowId"], "workflowType": workflow_type,
                                            "cause": "WORKFLOW_ALREADY_RUNNING", "control": "ctl",
                                            "initiatedEventId": initiated[0]["eventId"]})

    def test_child_unknown_type(self):
        # "When the cause isn't WORKFLOW_ALREADY_RUNNING, initiatedEventId is set to 0 because the
        # StartChildWorkflowExecutionInitiated event doesn't exist."
        self.setup_workflow()
        unknown = {"name": "nope", "version": "1"}
        self.decide(self.poll_decision(), self.start_child(unknown, "kid"))
        task, failed = self.poll_decision_until("StartChildWorkflowExecutionFailed")
        self.assertNotIn("StartChildWorkflowExecutionInitiated", event_types(task["events"]))
        self.assertHas(attributes(failed), {"workflowId": "kid", "workflowType": unknown,
                                            "cause": "WORKFLOW_TYPE_DOES_NOT_EXIST", "initiatedEventId": 0,
                                            "decisionTaskCompletedEventId": 4})

    def test_child_failed(self):
        workflow_type, parent, child, started = self.started_child()
        child_task = self.poll_decision(self.task_list + "-child")
        self.decide(child_task, {"decisionType": "FailWorkflowExecution",
                                 "failWorkflowExecutionDecisionAttributes": {"reason": "r", "details": "d"}})
        task, failed = self.poll_decision_until("ChildWorkflowExecutionFailed")
        self.assertEqual(attributes(failed), {
            "workflowExecution": child, "workflowType": workflow_type, "reason": "r", "details": "d",
            "initiatedEventId": attributes(started)["initiatedEventId"], "startedEventId": started["eventId"]})

    def test_child_terminated(self):
        workflow_type, parent, child, started = self.started_child()
        self.swf.terminate_workflow_execution(domain=self.domain, workflowId=child["workflowId"])
        task, terminated = self.poll_decision_until("ChildWorkflowExecutionTerminated")
        self.assertEqual(attributes(terminated), {
            "workflowExecution": child, "workflowType": workflow_type,
            "initiatedEventId": attributes(started)["initiatedEventId"], "startedEventId": started["eventId"]})

    def test_child_policy_abandon(self):
        workflow_type, parent, child, started = self.started_child("ABANDON")
        self.swf.terminate_workflow_execution(domain=self.domain, workflowId=parent["workflowId"],
                                              childPolicy="ABANDON")
        time.sleep(0.5)
        self.assertEqual(self.describe(child)["executionInfo"]["executionStatus"], "OPEN")

    def test_child_policy_request_cancel(self):
        workflow_type, parent, child, started = self.started_child("REQUEST_CANCEL")
        self.swf.terminate_workflow_execution(domain=self.domain, workflowId=parent["workflowId"],
                                              childPolicy="REQUEST_CANCEL")
        task, requested = self.poll_decision_until("WorkflowExecutionCancelRequested", self.task_list + "-child")
        self.assertEqual(task["workflowExecution"], child)
        self.assertEqual(attributes(requested).get("cause"), "CHILD_POLICY_APPLIED")
        self.assertEqual(self.describe(child)["executionInfo"]["executionStatus"], "OPEN")
