#include "runtime.h"

#include "shufflenet_acl.h"
#include "status.h"

#include "arm_compute/core/CPP/CPPTypes.h"
#include "arm_compute/core/Version.h"
#include "arm_compute/runtime/NEON/NEScheduler.h"
#include "arm_compute/runtime/Scheduler.h"

#include <mutex>
#include <string>

namespace shufflenet_acl {
namespace {

using arm_compute::Scheduler;

std::mutex g_mutex;      // guards the three fields below
bool g_chosen = false;   // a scheduler has been selected
int g_threads = 1;       // threads the selected scheduler uses
std::string g_info;      // storage behind shufflenet_acl_info()

std::string describe(int threads);

void select_locked(int threads) {
    if (threads <= 1) {
        // Runs each kernel in the calling thread: callers (the Java runtime) split work across their own
        // threads, and distinct handles can then run concurrently without sharing a pool.
        Scheduler::set(Scheduler::Type::ST);
        g_threads = 1;
    } else {
        Scheduler::set(Scheduler::Type::CPP);
        arm_compute::NEScheduler::get().set_num_threads(static_cast<unsigned int>(threads));
        g_threads = threads;
    }
    g_chosen = true;
    g_info = describe(g_threads);
}

// First token of ACL's build information, e.g. "arm_compute_version=v24.11".
std::string acl_version() {
    std::string build = arm_compute::build_information();
    size_t end = build.find_first_of(" \n");
    return end == std::string::npos ? build : build.substr(0, end);
}

std::string cpu_features() {
    const arm_compute::CPUInfo &cpu = arm_compute::NEScheduler::get().cpu_info();
    std::string features = "neon";
    if (cpu.has_fp16()) features += ",fp16";
    if (cpu.has_dotprod()) features += ",dotprod";
    if (cpu.has_sve()) features += ",sve";
    if (cpu.has_sve2()) features += ",sve2";
    if (cpu.has_sme()) features += ",sme";
    return features + " on " + std::to_string(cpu.get_cpu_num()) + " cpus";
}

std::string describe(int threads) {
    std::string head = "shufflenet_acl abi " + std::to_string(SHUFFLENET_ACL_ABI_VERSION);
    try {
        return head + "; " + acl_version() + "; scheduler " +
               (threads == 1 ? std::string("single-threaded") : "cpp x" + std::to_string(threads)) + "; " +
               cpu_features();
    } catch (const std::exception &e) {
        return head + "; ACL could not describe itself: " + e.what();
    }
}

} // namespace

void ensure_scheduler() {
    std::lock_guard<std::mutex> lock(g_mutex);
    if (!g_chosen) select_locked(1);
}

} // namespace shufflenet_acl

using namespace shufflenet_acl;

extern "C" int32_t shufflenet_acl_abi_version(void) { return SHUFFLENET_ACL_ABI_VERSION; }

extern "C" int32_t shufflenet_acl_set_threads(int32_t threads) {
    return guarded("shufflenet_acl_set_threads", [&]() -> int32_t {
        if (threads < 1)
            return fail(SHUFFLENET_ACL_INVALID_ARGUMENT, "shufflenet_acl_set_threads",
                        "threads must be at least 1, found " + std::to_string(threads));
        std::lock_guard<std::mutex> lock(g_mutex);
        select_locked(threads);
        return SHUFFLENET_ACL_OK;
    });
}

extern "C" const char *shufflenet_acl_info(void) {
    try {
        std::lock_guard<std::mutex> lock(g_mutex);
        if (!g_chosen) select_locked(1);
        // The string changes only when the scheduler does, so the pointer stays valid for readers.
        return g_info.c_str();
    } catch (...) {
        return "shufflenet_acl: selecting ACL's scheduler failed";
    }
}
