// simpleflow's SWF layer in one header: the client (client.hpp, config.hpp)
// and the object layer (models, querysets, actors, history).
#pragma once

#include "simpleflow/decider.hpp"
#include "simpleflow/swf/actors.hpp"
#include "simpleflow/swf/call_error.hpp"
#include "simpleflow/swf/client.hpp"
#include "simpleflow/swf/config.hpp"
#include "simpleflow/swf/decisions.hpp"
#include "simpleflow/swf/exceptions.hpp"
#include "simpleflow/swf/history.hpp"
#include "simpleflow/swf/models.hpp"
#include "simpleflow/swf/querysets.hpp"
#include "simpleflow/swf/shapes.hpp"
#include "simpleflow/worker.hpp"
