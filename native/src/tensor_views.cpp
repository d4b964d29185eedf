#include "tensor_views.h"

#include <stdexcept>

namespace shufflenet_acl {

using namespace arm_compute;

TensorInfo strided_info(const TensorShape &shape, std::initializer_list<size_t> strides_in_floats,
                        DataLayout layout) {
    Strides strides;
    size_t last_element = 0; // offset in floats of the view's last element
    size_t dim = 0;
    for (size_t stride : strides_in_floats) {
        strides.set(dim, stride * sizeof(float));
        last_element += (shape[dim] - 1) * stride;
        ++dim;
    }
    TensorInfo info;
    info.init(shape, 1, DataType::F32, strides, 0, (last_element + 1) * sizeof(float));
    info.set_data_layout(layout);
    return info;
}

std::string layout_change(const char *name, const Tensor &tensor, const TensorInfo &expected) {
    const ITensorInfo &actual = *tensor.info();
    if (actual.padding() != expected.padding())
        return std::string(name) + " tensor was given padding by ACL";
    for (size_t d = 0; d < actual.num_dimensions(); ++d) {
        if (actual.strides_in_bytes()[d] != expected.strides_in_bytes()[d])
            return std::string(name) + " tensor stride " + std::to_string(d) + " changed from " +
                   std::to_string(expected.strides_in_bytes()[d]) + " to " +
                   std::to_string(actual.strides_in_bytes()[d]) + " bytes";
    }
    return std::string();
}

void import(Tensor &tensor, const void *memory, const char *name) {
    // import_memory only records the pointer; ACL reads through it (and writes the output) during run().
    Status status = tensor.allocator()->import_memory(const_cast<void *>(memory));
    if (!bool(status))
        throw std::runtime_error(std::string("importing the ") + name + " buffer failed: " +
                                 status.error_description());
}

} // namespace shufflenet_acl
