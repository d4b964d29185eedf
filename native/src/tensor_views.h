// ACL tensor descriptions of caller-owned strided float32 views, and the checks that keep ACL inside them.
#ifndef SHUFFLENET_ACL_TENSOR_VIEWS_H
#define SHUFFLENET_ACL_TENSOR_VIEWS_H

#include "arm_compute/core/TensorInfo.h"
#include "arm_compute/core/TensorShape.h"
#include "arm_compute/core/Types.h"
#include "arm_compute/runtime/Tensor.h"

#include <cstddef>
#include <initializer_list>
#include <string>

namespace shufflenet_acl {

// A float32 tensor of `shape` (innermost dimension first, as ACL lists them) whose dimension i advances by
// strides_in_floats[i] floats. Its total size is the extent the view really covers, ending at its last
// element (not a full last row), so ACL never believes it may touch memory past the view.
arm_compute::TensorInfo strided_info(const arm_compute::TensorShape &shape,
                                     std::initializer_list<size_t> strides_in_floats,
                                     arm_compute::DataLayout layout = arm_compute::DataLayout::NCHW);

// Empty when `tensor` still has exactly the strides and padding of `expected`; otherwise a description of
// what configure() changed. Functions may ask for padding on resizable tensors, which would move elements
// away from where the caller's memory holds them; such a configuration has to be refused.
std::string layout_change(const char *name, const arm_compute::Tensor &tensor,
                          const arm_compute::TensorInfo &expected);

// Points `tensor` at caller memory (no copy). Throws std::runtime_error with ACL's reason on failure.
void import(arm_compute::Tensor &tensor, const void *memory, const char *name);

} // namespace shufflenet_acl

#endif
