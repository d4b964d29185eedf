#include "status.h"

namespace shufflenet_acl {
namespace {
// One message per thread, so concurrent callers never read each other's errors.
thread_local std::string t_last_error;
} // namespace

void set_last_error(const std::string &message) noexcept {
    try {
        t_last_error = message;
    } catch (...) {
        // Copying the message itself ran out of memory; keep something that needs no allocation.
        t_last_error.clear();
    }
}

void clear_last_error() noexcept { t_last_error.clear(); }

const char *last_error() noexcept { return t_last_error.c_str(); }

int32_t fail(int32_t status, const char *function, const std::string &message) noexcept {
    try {
        set_last_error(std::string(function) + ": " + message);
    } catch (...) {
        set_last_error(function);
    }
    return status;
}

} // namespace shufflenet_acl

extern "C" const char *shufflenet_acl_last_error(void) { return shufflenet_acl::last_error(); }
