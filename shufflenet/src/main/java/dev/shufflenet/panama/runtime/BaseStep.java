package dev.shufflenet.panama.runtime;

import java.util.ArrayList;
import java.util.List;

/** Holds what every step reports: its node name, kernel name and the buffers it reads and writes. */
abstract class BaseStep implements Step {
    private final String name;
    private final String kernel;
    private final List<Buffer> reads = new ArrayList<>();
    private final List<Buffer> writes = new ArrayList<>();

    BaseStep(String name, String kernel, List<TensorView> in, List<TensorView> out) {
        this.name = name;
        this.kernel = kernel;
        for (TensorView v : in) if (v != null) reads.add(v.buffer());
        for (TensorView v : out) if (v != null) writes.add(v.buffer());
    }

    @Override public String name() { return name; }
    @Override public String kernel() { return kernel; }
    @Override public List<Buffer> reads() { return reads; }
    @Override public List<Buffer> writes() { return writes; }
    @Override public String toString() { return name + " [" + kernel + "]"; }
}
