// Error reporting across the C ABI: a per-thread last-error message, and a guard that turns every C++
// exception escaping ACL into a status code, because an exception must never unwind through a C caller
// (for a JVM that is an immediate crash).
#ifndef SHUFFLENET_ACL_STATUS_H
#define SHUFFLENET_ACL_STATUS_H

#include "shufflenet_acl.h"

#include <cstdint>
#include <exception>
#include <new>
#include <string>

namespace shufflenet_acl {

// Replaces the calling thread's last-error message. Never throws (falls back to a fixed message).
void set_last_error(const std::string &message) noexcept;
void clear_last_error() noexcept;
const char *last_error() noexcept;

// Records "function: message" and returns status, so that checks read `return fail(...)`.
int32_t fail(int32_t status, const char *function, const std::string &message) noexcept;

// Runs body (which returns a status) with the last error cleared, catching everything it throws.
template <typename Body>
int32_t guarded(const char *function, Body &&body) noexcept {
    try {
        clear_last_error();
        return body();
    } catch (const std::bad_alloc &) {
        return fail(SHUFFLENET_ACL_OUT_OF_MEMORY, function, "out of memory");
    } catch (const std::exception &e) {
        return fail(SHUFFLENET_ACL_INTERNAL, function, std::string("ACL threw: ") + e.what());
    } catch (...) {
        return fail(SHUFFLENET_ACL_INTERNAL, function, "ACL threw an exception that is not a std::exception");
    }
}

} // namespace shufflenet_acl

#endif
