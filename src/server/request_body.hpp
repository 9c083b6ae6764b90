// A request body that the HTTP front reads against a budget shared by every
// connection, so that what clients can make the server hold is bounded by
// the bytes they actually sent, not by what they announce.
#pragma once

#include <algorithm>
#include <atomic>
#include <boost/asio/buffer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/optional.hpp>
#include <boost/system/error_code.hpp>
#include <cstdint>
#include <string>

namespace simpleflow::server::internal {

// Bytes of request bodies held at once by all connections. Thread-safe.
class ByteBudget {
 public:
  explicit ByteBudget(size_t limit) : limit_(limit) {}

  // Takes `n` bytes; false, taking nothing, when that would pass the limit.
  bool take(size_t n) {
    size_t used = used_.load(std::memory_order_relaxed);
    do {
      if (n > limit_ - used) return false;
    } while (!used_.compare_exchange_weak(used, used + n, std::memory_order_relaxed));
    return true;
  }
  void give_back(size_t n) { used_.fetch_sub(n, std::memory_order_relaxed); }
  size_t used() const { return used_.load(std::memory_order_relaxed); }
  size_t limit() const { return limit_; }

 private:
  std::atomic<size_t> used_{0};
  const size_t limit_;
};

// The error a body read ends with when the budget is spent.
inline boost::system::error_code budget_spent() {
  return boost::system::errc::make_error_code(boost::system::errc::no_buffer_space);
}

// A Beast body kept in a string. Unlike http::string_body, it reserves
// nothing from Content-Length (which a client may announce without sending)
// and charges the memory that the bytes received take, past the first
// kFreeBytes, to a ByteBudget, failing the read with budget_spent() when the
// budget is used up. Small
// bodies (polls, most calls) are never refused: what they hold is bounded by
// the number of connections.
struct BudgetedBody {
  static constexpr size_t kFreeBytes = 16 * 1024;

  class value_type {
   public:
    value_type() = default;
    value_type(const value_type&) = delete;
    value_type& operator=(const value_type&) = delete;
    ~value_type() { release(); }

    // Bytes read are charged to `budget` (which must outlive this body).
    void charge_to(ByteBudget* budget) { budget_ = budget; }
    // The bytes read; the charge ends with release() or the body.
    std::string& text() { return text_; }
    // Frees the bytes (those not moved out of text()) and gives their
    // charge back to the budget.
    void release() {
      std::string().swap(text_);
      if (budget_ && charged_) budget_->give_back(charged_);
      charged_ = 0;
    }

   private:
    friend struct BudgetedBody;
    std::string text_;
    ByteBudget* budget_ = nullptr;
    size_t charged_ = 0;
  };

  class reader {
   public:
    template <bool isRequest, class Fields>
    reader(boost::beast::http::header<isRequest, Fields>&, value_type& body) : body_(body) {}

    void init(const boost::optional<std::uint64_t>&, boost::beast::error_code& ec) { ec = {}; }

    template <class ConstBufferSequence>
    size_t put(const ConstBufferSequence& buffers, boost::beast::error_code& ec) {
      size_t n = boost::asio::buffer_size(buffers);
      std::string& text = body_.text_;
      size_t old = text.size();
      if (old + n > text.capacity()) {
        // The memory is what is charged: the string's capacity, which grows
        // geometrically, past the free bytes.
        size_t capacity = std::max(old + n, 2 * text.capacity());
        size_t charge = chargeable(capacity) - chargeable(text.capacity());
        if (charge && body_.budget_ && !body_.budget_->take(charge)) {
          ec = budget_spent();
          return 0;
        }
        if (body_.budget_) body_.charged_ += charge;
        text.reserve(capacity);
      }
      text.resize(old + n);
      boost::asio::buffer_copy(boost::asio::buffer(text.data() + old, n), buffers);
      ec = {};
      return n;
    }

    void finish(boost::beast::error_code& ec) { ec = {}; }

   private:
    static size_t chargeable(size_t capacity) { return capacity > kFreeBytes ? capacity - kFreeBytes : 0; }
    value_type& body_;
  };
};

}  // namespace simpleflow::server::internal
