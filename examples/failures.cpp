#include <simpleflow/simpleflow.hpp>
