"""History: GetWorkflowExecutionHistory paging and order, the botocore
paginator, PollForDecisionTask paging and startAtPreviousStartedEvent."""
import time

from common import SwfTestCase, attributes, event_types, setUpModule, tearDownModule  # noqa: F401 (module fixtures)


class HistoryPagingTest(SwfTestCase):

    def setUp(self):
        super().setUp()
        # A closed execution of 8 events: started, decision scheduled, 4 signals, decision started, terminated.
        self.execution = self.setup_workflow()
        for index in range(4):
            self.swf.signal_workflow_execution(domain=self.domain, workflowId=self.execution["workflowId"],
                                               signalName=f"s{index}", input=str(index))
        self.poll_decision()
        self.swf.terminate_workflow_execution(domain=self.domain, workflowId=self.execution["workflowId"])
        self.full = self.history(self.execution)
        self.assertWellFormedHistory(self.full)
        self.assertEqual(event_types(self.full), [
            "WorkflowExecutionStarted", "DecisionTaskScheduled"] + ["WorkflowExecutionSignaled"] * 4 + [
            "DecisionTaskStarted", "WorkflowExecutionTerminated"])

    def test_one_page(self):
        page = self.swf.get_workflow_execution_history(domain=self.domain, execution=self.execution)
        self.assertEqual(page["events"], self.full)
        self.assertNotIn("nextPageToken", page)

    def test_pages_of_two(self):
        events, token, pages = [], None, 0
        while True:
            params = dict(domain=self.domain, execution=self.execution, maximumPageSize=2)
            if token:
                params["nextPageToken"] = token
            page = self.swf.get_workflow_execution_history(**params)
            pages += 1
            self.assertLessEqual(len(page["events"]), 2)
            events.extend(page["events"])
            token = page.get("nextPageToken")
            if not token:
                break
            self.assertLess(pages, 20, "nextPageToken never ends")
        self.assertIn(pages, (4, 5), "8 events at 2 a page")  # a last empty page is tolerated
        self.assertEqual(events, self.full)

    def test_reverse_order(self):
        page = self.swf.get_workflow_execution_history(domain=self.domain, execution=self.execution,
                                                       reverseOrder=True)
        self.assertEqual(page["events"], list(reversed(self.full)))
        first = self.swf.get_workflow_execution_history(domain=self.domain, execution=self.execution,
                                                        reverseOrder=True, maximumPageSize=3)
        self.assertEqual([e["eventId"] for e in first["events"]], [8, 7, 6])
        second = self.swf.get_workflow_execution_history(domain=self.domain, execution=self.execution,
                                                         reverseOrder=True, maximumPageSize=3,
                                                         nextPageToken=first["nextPageToken"])
        self.assertEqual([e["eventId"] for e in second["events"]], [5, 4, 3])

    def test_paginator(self):
        paginator = self.swf.get_paginator("get_workflow_execution_history")
        pages = list(paginator.paginate(domain=self.domain, execution=self.execution,
                                        PaginationConfig={"PageSize": 2}))
        self.assertGreaterEqual(len(pages), 4)
        self.assertEqual([e for page in pages for e in page["events"]], self.full)
        everything = paginator.paginate(domain=self.domain, execution=self.execution,
                                        PaginationConfig={"PageSize": 3}).build_full_result()
        self.assertEqual(everything["events"], self.full)
        reversed_events = paginator.paginate(domain=self.domain, execution=self.execution, reverseOrder=True,
                                             PaginationConfig={"PageSize": 3}).build_full_result()["events"]
        self.assertEqual(reversed_events, list(reversed(self.full)))

    def test_signal_inputs_in_order(self):
        signals = [attributes(e) for e in self.full if e["eventType"] == "WorkflowExecutionSignaled"]
        self.assertEqual(signals, [{"signalName": f"s{i}", "input": str(i)} for i in range(4)])


class DecisionTaskPagingTest(SwfTestCase):

    def test_decision_task_pages(self):
        # "To retrieve subsequent pages, make additional calls to PollForDecisionTask using the
        # nextPageToken returned by the initial call."
        execution = self.setup_workflow()
        for index in range(3):
            self.swf.signal_workflow_execution(domain=self.domain, workflowId=execution["workflowId"],
                                               signalName=f"s{index}", input="i")
        first = self.poll_decision(maximumPageSize=2)
        self.assertEqual(len(first["events"]), 2)
        self.assertTrue(first.get("nextPageToken"), "6 events at 2 a page need a nextPageToken")
        events, page = list(first["events"]), first
        for _ in range(10):
            if not page.get("nextPageToken"):
                break
            page = self.swf.poll_for_decision_task(domain=self.domain, taskList={"name": self.task_list},
                                                   maximumPageSize=2, nextPageToken=page["nextPageToken"])
            self.assertEqual(page.get("taskToken"), first["taskToken"], "later pages are of the same task")
            events.extend(page["events"])
        self.assertEqual(event_types(events), ["WorkflowExecutionStarted", "DecisionTaskScheduled"]
                         + ["WorkflowExecutionSignaled"] * 3 + ["DecisionTaskStarted"])
        self.assertEqual(events[-1]["eventId"], first["startedEventId"])
        paginated = self.swf.get_paginator("poll_for_decision_task")
        self.decide(first)
        self.swf.signal_workflow_execution(domain=self.domain, workflowId=execution["workflowId"],
                                           signalName="again", input="i")
        result = paginated.paginate(domain=self.domain, taskList={"name": self.task_list},
                                    PaginationConfig={"PageSize": 3}).build_full_result()
        self.assertTrue(result.get("taskToken"))
        self.assertEqual([e["eventId"] for e in result["events"]], list(range(1, result["startedEventId"] + 1)))


class PreviousStartedEventTest(SwfTestCase):

    def test_start_at_previous_started_event(self):
        # startAtPreviousStartedEvent: "When set to true, returns the events with eventTimestamp greater
        # than or equal to eventTimestamp of the most recent DecisionTaskStarted event."
        execution = self.setup_workflow()
        time.sleep(0.2)  # distinct timestamps for the events before and after
        first = self.poll_decision()
        self.assertEqual(first.get("previousStartedEventId", 0), 0)
        time.sleep(0.2)
        self.decide(first)
        time.sleep(0.2)
        self.swf.signal_workflow_execution(domain=self.domain, workflowId=execution["workflowId"],
                                           signalName="next", input="x")
        time.sleep(0.2)
        second = self.poll_decision(startAtPreviousStartedEvent=True)
        self.assertEqual(second["previousStartedEventId"], first["startedEventId"])
        ids = [e["eventId"] for e in second["events"]]
        self.assertEqual(ids, list(range(ids[0], second["startedEventId"] + 1)), "events are contiguous to the end")
        self.assertIn(ids[0], (first["startedEventId"], first["startedEventId"] + 1),
                      f"the events start at the previous DecisionTaskStarted: {event_types(second['events'])}")
        self.assertIn("WorkflowExecutionSignaled", event_types(second["events"]))
        self.assertNotIn("WorkflowExecutionStarted", event_types(second["events"]))

        # Without the flag, the same kind of task has the whole history.
        self.decide(second)
        self.swf.signal_workflow_execution(domain=self.domain, workflowId=execution["workflowId"],
                                           signalName="third", input="i")
        third = self.poll_decision()
        self.assertEqual(third["previousStartedEventId"], second["startedEventId"])
        self.assertEqual([e["eventId"] for e in third["events"]], list(range(1, third["startedEventId"] + 1)))
