// simpleflow: dataflow programming on Amazon SWF, in C++.
// The one header that workflow and activity code includes.
#pragma once

#include "simpleflow/activity.hpp"
#include "simpleflow/canvas.hpp"
#include "simpleflow/clock.hpp"
#include "simpleflow/errors.hpp"
#include "simpleflow/execute.hpp"
#include "simpleflow/future.hpp"
#include "simpleflow/history.hpp"
#include "simpleflow/json.hpp"
#include "simpleflow/local_executor.hpp"
#include "simpleflow/params.hpp"
#include "simpleflow/registry.hpp"
#include "simpleflow/replay.hpp"
#include "simpleflow/status.hpp"
#include "simpleflow/task_failure.hpp"
#include "simpleflow/tasks.hpp"
#include "simpleflow/version.hpp"
#include "simpleflow/workflow.hpp"
