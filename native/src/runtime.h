// Process-wide ACL settings: which scheduler runs the kernels, and the description returned by
// shufflenet_acl_info().
#ifndef SHUFFLENET_ACL_RUNTIME_H
#define SHUFFLENET_ACL_RUNTIME_H

namespace shufflenet_acl {

// Selects the single-threaded scheduler the first time it is called, unless shufflenet_acl_set_threads()
// chose one before. Every create function calls it, so ACL never starts its thread pool unasked.
void ensure_scheduler();

} // namespace shufflenet_acl

#endif
