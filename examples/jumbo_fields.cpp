// Data larger than SWF's fields (docs/jumbo-fields.md): on SWF, each input,
// result or failure longer than 32,768 characters goes to the jumbo field
// store, S3 or a directory, and a signature travels instead. The code does
// not change; `standalone` on the embedded server stores them under its data
// directory by itself.
//
//   simpleflow standalone examples.jumbo_fields.JumboFieldsWorkflow
//   simpleflow standalone examples.jumbo_fields.TooLargeWorkflow   # 6 MB: more than a jumbo field holds
#include <iostream>
#include <stdexcept>
#include <string>

#include <simpleflow/simpleflow.hpp>

namespace examples::jumbo_fields {

// `text` repeated until it is `size` characters long.
std::string expand(std::string text, int size) {
  if (text.empty()) throw std::invalid_argument("nothing to expand");
  std::string out;
  out.reserve(static_cast<std::size_t>(size));
  while (out.size() < static_cast<std::size_t>(size)) out += text;
  out.resize(static_cast<std::size_t>(size));
  return out;
}

// How many times `c` appears in `text`.
int count(std::string text, std::string c) {
  int n = 0;
  for (char x : text) n += c.size() == 1 && x == c[0];
  return n;
}

// Fails with a message of `size` characters, so its failure's reason and
// details are jumbo fields too.
void fail_at_length(int size) { throw std::runtime_error(std::string(static_cast<std::size_t>(size), '!')); }

class JumboFieldsWorkflow : public simpleflow::Workflow {
 public:
  std::string run(int input_size, int result_size, int workflow_result_size, int failure_size) {
    std::string input = expand("ab", input_size);
    auto expanded = submit(expand, input, result_size);           // a large input and a larger result
    auto a_count = submit(count, expanded, std::string("a"));     // a large result as input
    auto failed = submit(fail_at_length, failure_size);           // large failure details
    const std::size_t length = expanded.result().size();  // read before printing: a replay may stop here
    const int a = a_count.result();
    std::cout << "expand returned " << length << " characters, " << a << " of them 'a'" << std::endl;
    simpleflow::futures::wait(failed);
    try {
      std::rethrow_exception(failed.exception());
    } catch (const simpleflow::TaskFailed& e) {
      std::cout << "fail_at_length failed with details of " << e.details().size() << " characters" << std::endl;
    }
    return expand("result ", workflow_result_size);
  }
};

// Asks for a result larger than a jumbo field's 5 MiB: the activity fails
// with JumboTooLargeError: Message too long (... chars).
class TooLargeWorkflow : public simpleflow::Workflow {
 public:
  void run(int size) {
    auto huge = submit(expand, std::string("x"), size);
    simpleflow::futures::wait(huge);
    try {
      std::rethrow_exception(huge.exception());
    } catch (const simpleflow::TaskFailed& e) {
      std::cout << "expand(" << size << ") failed: " << e.reason() << std::endl;
    }
  }
};

}  // namespace examples::jumbo_fields

SIMPLEFLOW_ACTIVITY(examples::jumbo_fields::expand, {.version = "example", .task_list = "quickstart"});
SIMPLEFLOW_ACTIVITY(examples::jumbo_fields::count, {.version = "example", .task_list = "quickstart"});
SIMPLEFLOW_ACTIVITY(examples::jumbo_fields::fail_at_length, {.version = "example", .task_list = "quickstart"});

SIMPLEFLOW_WORKFLOW(examples::jumbo_fields::JumboFieldsWorkflow,
                    {.name = "jumbo_fields", .version = "example", .task_list = "example",
                     .params = {{"input_size", 200000}, {"result_size", 1000000},
                                {"workflow_result_size", 100000}, {"failure_size", 40000}}});
SIMPLEFLOW_WORKFLOW(examples::jumbo_fields::TooLargeWorkflow,
                    {.name = "too_large", .version = "example", .task_list = "example",
                     .params = {{"size", 6000000}}});
