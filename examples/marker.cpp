// Markers (the Python project's examples/marker.py).
//
//   simpleflow workflow.start --local examples.marker.MarkerWorkflow
#include <iostream>

#include <simpleflow/simpleflow.hpp>

namespace examples::marker {

std::ostream& operator<<(std::ostream& out, const std::vector<simpleflow::Marker>& markers) {
  out << "[";
  for (std::size_t i = 0; i < markers.size(); ++i)
    out << (i ? ", " : "") << "Marker(" << markers[i].name << ", " << simpleflow::dumps(markers[i].details) << ")";
  return out << "]";
}

// Records three markers, two with the same name: list_markers() keeps the
// last of each name, list_markers(true) keeps them all.
class MarkerWorkflow : public simpleflow::Workflow {
 public:
  void run() {
    submit(record_marker("marker 1"));
    auto m = submit(record_marker("marker 1", "some details"));
    submit(record_marker("marker 2", "2nd marker's details"));
    simpleflow::futures::wait(m);
    auto markers = list_markers();
    if (markers.size() != 2) fail("expected 2 markers", std::to_string(markers.size()));
    std::cout << "Markers: " << markers << std::endl;
    markers = list_markers(true);
    if (markers.size() != 3) fail("expected 3 markers", std::to_string(markers.size()));
    std::cout << "Markers, all: " << markers << std::endl;
  }
};

// The same markers, recorded one after the other by a Chain.
class MarkerInChainWorkflow : public simpleflow::Workflow {
 public:
  void run() {
    simpleflow::Chain chain;
    chain.append(record_marker("marker 1"))
        .append(record_marker("marker 1", "some details"))
        .append(record_marker("marker 2", "2nd marker's details"));
    simpleflow::futures::wait(submit(chain));
    std::cout << "Markers: " << list_markers() << std::endl;
    std::cout << "Markers, all: " << list_markers(true) << std::endl;
  }
};

}  // namespace examples::marker

SIMPLEFLOW_WORKFLOW(examples::marker::MarkerWorkflow, {.name = "example", .version = "example", .task_list = "example"});
SIMPLEFLOW_WORKFLOW(examples::marker::MarkerInChainWorkflow,
                    {.name = "example", .version = "example", .task_list = "example"});
