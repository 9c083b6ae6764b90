"""Task lists in real time: long polls, timers, heartbeats and the timeouts
of activity tasks, decision tasks and executions. Each waits 1-3 s at most."""
import threading
import time

import common
from common import (  # noqa: F401 (setUpModule, tearDownModule: a fresh server per module)
    SwfTestCase, attributes, event_types, schedule_activity, start_timer, setUpModule, tearDownModule)


class LongPollTest(SwfTestCase):

    def timed_poll(self, operation):
        began = time.monotonic()
        response = operation(domain=self.domain, taskList={"name": self.unique("empty")}, identity="idle")
        return response, time.monotonic() - began

    def assertEmptyPoll(self, response, elapsed):
        # "An empty result, in this context, means that a DecisionTask is returned, but that the value of
        # taskToken is an empty string."
        self.assertEqual(response.get("taskToken", ""), "", f"a task on an empty task list: {common.short(response)}")
        long_poll = common.LONG_POLL_SECONDS
        if long_poll:
            self.assertGreaterEqual(elapsed, long_poll * 0.75,
                                    f"the long poll ({long_poll} s) returned after {elapsed:.2f} s")
            self.assertLess(elapsed, long_poll + 5, f"the long poll ({long_poll} s) took {elapsed:.2f} s")

    def test_empty_decision_poll(self):
        self.assertEmptyPoll(*self.timed_poll(self.swf.poll_for_decision_task))

    def test_empty_activity_poll(self):
        self.assertEmptyPoll(*self.timed_poll(self.swf.poll_for_activity_task))

    def test_poll_wakes_on_new_task(self):
        # A poller that waits gets the task as soon as one is scheduled, not at the end of its long poll.
        self.register_workflow_type()
        results = []
        poller = threading.Thread(target=lambda: results.append(self.swf.poll_for_decision_task(
            domain=self.domain, taskList={"name": self.task_list}, identity="waiting")))
        began = time.monotonic()
        poller.start()
        time.sleep(0.5)
        execution = self.start()
        poller.join(common.read_timeout())
        elapsed = time.monotonic() - began
        self.assertTrue(results, "the poll did not return")
        self.assertTrue(results[0].get("taskToken"), f"the waiting poll got no task: {common.short(results[0])}")
        self.assertEqual(results[0]["workflowExecution"], execution)
        if common.LONG_POLL_SECONDS:
            self.assertLess(elapsed, 0.5 + common.LONG_POLL_SECONDS * 0.75,
                            f"the poll returned after {elapsed:.2f} s: it did not wake when the task came")

    def test_one_task_one_poller(self):
        # Two pollers, one task: exactly one of them gets it.
        self.setup_workflow()
        results = []
        pollers = [threading.Thread(target=lambda: results.append(self.swf.poll_for_decision_task(
            domain=self.domain, taskList={"name": self.task_list}))) for _ in range(2)]
        for poller in pollers:
            poller.start()
        for poller in pollers:
            poller.join(common.read_timeout())
        self.assertEqual(len(results), 2)
        self.assertEqual(sorted(bool(r.get("taskToken")) for r in results), [False, True])

    def test_task_list_isolation(self):
        self.setup_workflow()
        self.assertEqual(self.swf.count_pending_decision_tasks(
            domain=self.domain, taskList={"name": self.task_list + "-other"})["count"], 0)
        self.assertEqual(self.swf.count_pending_decision_tasks(
            domain=self.domain, taskList={"name": self.task_list})["count"], 1)


class TimerTest(SwfTestCase):

    def test_timer_fires(self):
        execution = self.setup_workflow()
        self.decide(self.poll_decision(), start_timer("t1", 1, control="timer-control"))
        self.assertEqual(self.describe(execution)["openCounts"]["openTimers"], 1)
        began = time.monotonic()
        task, fired = self.poll_decision_until("TimerFired")
        waited = time.monotonic() - began
        self.assertEqual(event_types(task["events"])[4:], [
            "TimerStarted", "TimerFired", "DecisionTaskScheduled", "DecisionTaskStarted"])
        started = task["events"][4]
        self.assertEqual(attributes(started), {"timerId": "t1", "startToFireTimeout": "1",
                                               "control": "timer-control", "decisionTaskCompletedEventId": 4})
        self.assertEqual(attributes(fired), {"timerId": "t1", "startedEventId": started["eventId"]})
        self.assertGreaterEqual((fired["eventTimestamp"] - started["eventTimestamp"]).total_seconds(), 0.9,
                                "the timer fired before its startToFireTimeout")
        self.assertLess(waited, 6, "the timer took far longer than 1 s to fire")
        self.assertEqual(self.describe(execution)["openCounts"]["openTimers"], 0)

    def test_zero_timer(self):
        self.setup_workflow()
        self.decide(self.poll_decision(), start_timer("now", 0))
        task, fired = self.poll_decision_until("TimerFired")
        self.assertEqual(attributes(fired)["timerId"], "now")

    def test_cancel_timer(self):
        execution = self.setup_workflow()
        self.decide(self.poll_decision(), start_timer("long", 60))
        self.swf.signal_workflow_execution(domain=self.domain, workflowId=execution["workflowId"], signalName="go", input="i")
        task = self.poll_decision()
        self.decide(task, {"decisionType": "CancelTimer", "cancelTimerDecisionAttributes": {"timerId": "long"}})
        events = self.history(execution)
        self.assertEqual(events[-1]["eventType"], "TimerCanceled")
        self.assertHas(attributes(events[-1]), {"timerId": "long", "startedEventId": 5})
        self.assertEqual(self.describe(execution)["openCounts"]["openTimers"], 0)

    def test_timer_decision_failures(self):
        execution = self.setup_workflow()
        self.decide(self.poll_decision(), start_timer("t", 60), start_timer("t", 60),
                    {"decisionType": "CancelTimer", "cancelTimerDecisionAttributes": {"timerId": "nope"}})
        events = self.history(execution)
        start_failed = [attributes(e) for e in events if e["eventType"] == "StartTimerFailed"]
        cancel_failed = [attributes(e) for e in events if e["eventType"] == "CancelTimerFailed"]
        self.assertEqual(len(start_failed), 1, event_types(events))
        self.assertHas(start_failed[0], {"timerId": "t", "cause": "TIMER_ID_ALREADY_IN_USE",
                                         "decisionTaskCompletedEventId": 4})
        self.assertEqual(len(cancel_failed), 1, event_types(events))
        self.assertHas(cancel_failed[0], {"timerId": "nope", "cause": "TIMER_ID_UNKNOWN",
                                          "decisionTaskCompletedEventId": 4})


class ActivityTimeoutTest(SwfTestCase):

    def setUp(self):
        super().setUp()
        self.execution = self.setup_workflow()
        self.activity_type = self.register_activity_type()
        self.act_tl = self.task_list + "-act"

    def test_heartbeat_timeout(self):
        self.decide(self.poll_decision(), schedule_activity("hb", self.activity_type, self.act_tl, heartbeat="1"))
        activity = self.poll_activity()
        beat = self.swf.record_activity_task_heartbeat(taskToken=activity["taskToken"], details="progress-50")
        self.assertEqual(beat["cancelRequested"], False)
        # No more heartbeats: after ~1 s the task times out.
        task, timed_out = self.poll_decision_until("ActivityTaskTimedOut")
        self.assertEqual(attributes(timed_out), {"timeoutType": "HEARTBEAT", "details": "progress-50",
                                                 "scheduledEventId": 5, "startedEventId": 6})
        self.assertFault("UnknownResourceFault", self.swf.record_activity_task_heartbeat,
                         taskToken=activity["taskToken"])
        self.assertFault("UnknownResourceFault", self.swf.respond_activity_task_completed,
                         taskToken=activity["taskToken"], result="too late")

    def test_heartbeats_keep_task_alive(self):
        self.decide(self.poll_decision(), schedule_activity("hb", self.activity_type, self.act_tl, heartbeat="1"))
        activity = self.poll_activity()
        for index in range(8):  # 2.4 s of heartbeats every 0.3 s
            self.swf.record_activity_task_heartbeat(taskToken=activity["taskToken"], details=str(index))
            time.sleep(0.3)
        self.swf.respond_activity_task_completed(taskToken=activity["taskToken"], result="alive")
        task, completed = self.poll_decision_until("ActivityTaskCompleted")
        self.assertNotIn("ActivityTaskTimedOut", event_types(task["events"]))
        self.assertEqual(attributes(completed)["result"], "alive")

    def test_schedule_to_start_timeout(self):
        self.decide(self.poll_decision(), schedule_activity("never", self.activity_type, self.act_tl,
                                                            schedule_to_start="1"))
        task, timed_out = self.poll_decision_until("ActivityTaskTimedOut")
        self.assertHas(attributes(timed_out), {"timeoutType": "SCHEDULE_TO_START", "scheduledEventId": 5})
        self.assertNotIn("ActivityTaskStarted", event_types(task["events"]))

    def test_schedule_to_close_timeout(self):
        self.decide(self.poll_decision(), schedule_activity("never", self.activity_type, self.act_tl,
                                                            schedule_to_start="60", schedule_to_close="1"))
        task, timed_out = self.poll_decision_until("ActivityTaskTimedOut")
        self.assertHas(attributes(timed_out), {"timeoutType": "SCHEDULE_TO_CLOSE", "scheduledEventId": 5,
                                               "startedEventId": 0})

    def test_start_to_close_timeout(self):
        self.decide(self.poll_decision(), schedule_activity("slow", self.activity_type, self.act_tl,
                                                            start_to_close="1"))
        self.poll_activity()
        task, timed_out = self.poll_decision_until("ActivityTaskTimedOut")
        self.assertHas(attributes(timed_out), {"timeoutType": "START_TO_CLOSE", "scheduledEventId": 5,
                                               "startedEventId": 6})

    def test_cancel_requested_activity(self):
        self.decide(self.poll_decision(), schedule_activity("c", self.activity_type, self.act_tl))
        activity = self.poll_activity()
        self.swf.signal_workflow_execution(domain=self.domain, workflowId=self.execution["workflowId"],
                                           signalName="stop", input="i")
        self.decide(self.poll_decision(), {"decisionType": "RequestCancelActivityTask",
                                           "requestCancelActivityTaskDecisionAttributes": {"activityId": "c"}})
        self.assertEqual(self.swf.record_activity_task_heartbeat(taskToken=activity["taskToken"])["cancelRequested"],
                         True)
        self.swf.respond_activity_task_canceled(taskToken=activity["taskToken"], details="stopped")
        task, canceled = self.poll_decision_until("ActivityTaskCanceled")
        requested = [e for e in task["events"] if e["eventType"] == "ActivityTaskCancelRequested"]
        self.assertEqual(len(requested), 1)
        self.assertHas(attributes(requested[0]), {"activityId": "c"})
        self.assertHas(attributes(canceled), {"details": "stopped", "scheduledEventId": 5, "startedEventId": 6,
                                              "latestCancelRequestedEventId": requested[0]["eventId"]})


class DecisionAndExecutionTimeoutTest(SwfTestCase):

    def test_decision_task_timeout(self):
        self.register_workflow_type()
        execution = self.start(taskStartToCloseTimeout="1")
        stale = self.poll_decision()
        # Don't answer: after ~1 s the decision task times out and a new one is scheduled.
        task, timed_out = self.poll_decision_until("DecisionTaskTimedOut")
        self.assertEqual(attributes(timed_out), {"timeoutType": "START_TO_CLOSE", "scheduledEventId": 2,
                                                 "startedEventId": 3})
        self.assertEqual(event_types(task["events"])[3:], ["DecisionTaskTimedOut", "DecisionTaskScheduled",
                                                           "DecisionTaskStarted"])
        self.assertFault("UnknownResourceFault", self.decide, stale)
        self.assertEqual(self.describe(execution)["executionInfo"]["executionStatus"], "OPEN")

    def test_execution_timeout(self):
        self.register_workflow_type()
        execution = self.start(executionStartToCloseTimeout="1")
        info = self.wait_closed(execution)
        self.assertEqual(info["executionStatus"], "CLOSED", info)
        self.assertEqual(info.get("closeStatus"), "TIMED_OUT", info)
        last = self.history(execution)[-1]
        self.assertEqual(last["eventType"], "WorkflowExecutionTimedOut")
        self.assertEqual(attributes(last), {"timeoutType": "START_TO_CLOSE", "childPolicy": "TERMINATE"})
