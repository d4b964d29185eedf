package dev.shufflenet.panama.onnx;

import com.google.protobuf.ByteString;
import dev.shufflenet.panama.onnx.proto.OnnxProto.AttributeProto;
import dev.shufflenet.panama.onnx.proto.OnnxProto.AttributeProto.AttributeType;
import dev.shufflenet.panama.onnx.proto.OnnxProto.GraphProto;
import dev.shufflenet.panama.onnx.proto.OnnxProto.ModelProto;
import dev.shufflenet.panama.onnx.proto.OnnxProto.NodeProto;
import dev.shufflenet.panama.onnx.proto.OnnxProto.OperatorSetIdProto;
import dev.shufflenet.panama.onnx.proto.OnnxProto.TensorProto;
import dev.shufflenet.panama.onnx.proto.OnnxProto.TensorShapeProto;
import dev.shufflenet.panama.onnx.proto.OnnxProto.TypeProto;
import dev.shufflenet.panama.onnx.proto.OnnxProto.ValueInfoProto;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Builds small ONNX models by hand for tests, the way an exporter would write them. */
final class OnnxTestModels {
    private OnnxTestModels() {}

    static Builder model(int opset) { return new Builder(opset); }

    static final class Builder {
        private final int opset;
        private final GraphProto.Builder graph = GraphProto.newBuilder().setName("test");
        private long irVersion = 8;

        Builder(int opset) {
            this.opset = opset;
            if (opset < 8) irVersion = 3; // what exporters of that time wrote; ORT accepts both
        }

        /** A float32 input; a negative dimension is written as a symbolic dim_param. */
        Builder input(String name, long... dims) {
            graph.addInput(valueInfo(name, dims));
            return this;
        }

        Builder output(String name) {
            graph.addOutput(ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                    .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE))));
            return this;
        }

        Builder floats(String name, long[] dims, float[] data) {
            graph.addInitializer(OnnxTensors.encodeFloats(name, dims, data));
            return this;
        }

        /** A float32 initializer written with float_data instead of raw_data (as Caffe2 exports do). */
        Builder floatsAsFloatData(String name, long[] dims, float[] data) {
            TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                    .addAllDims(Arrays.stream(dims).boxed().toList());
            for (float f : data) t.addFloatData(f);
            graph.addInitializer(t);
            return this;
        }

        /** A rank-1 int64 initializer, written with int64_data. */
        Builder ints(String name, long... values) {
            graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                    .addDims(values.length).addAllInt64Data(Arrays.stream(values).boxed().toList()));
            return this;
        }

        Builder initializer(TensorProto t) {
            graph.addInitializer(t);
            return this;
        }

        Builder node(String opType, String name, List<String> inputs, List<String> outputs, AttributeProto... attrs) {
            graph.addNode(NodeProto.newBuilder().setOpType(opType).setName(name).addAllInput(inputs)
                    .addAllOutput(outputs).addAllAttribute(Arrays.asList(attrs)));
            return this;
        }

        /** Single-output node whose output is named after the node. */
        Builder node(String opType, String name, List<String> inputs, AttributeProto... attrs) {
            return node(opType, name, inputs, List.of(name), attrs);
        }

        ModelProto build() {
            return ModelProto.newBuilder().setIrVersion(irVersion).setProducerName("test")
                    .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                    .setGraph(graph).build();
        }

        byte[] bytes() { return build().toByteArray(); }
    }

    static AttributeProto attr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(value).build();
    }

    static AttributeProto attr(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOAT).setF(value).build();
    }

    static AttributeProto attr(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    static AttributeProto attrInts(String name, long... values) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS)
                .addAllInts(Arrays.stream(values).boxed().toList()).build();
    }

    static AttributeProto attrTensor(String name, TensorProto value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.TENSOR).setT(value).build();
    }

    static ValueInfoProto valueInfo(String name, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (int i = 0; i < dims.length; i++) {
            shape.addDim(dims[i] < 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam("d" + i)
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(dims[i]));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }

    /** Uniform values in [-scale, scale). */
    static float[] random(Random rnd, int n, double scale) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) ((rnd.nextDouble() * 2 - 1) * scale);
        return out;
    }

    /** Positive values in [lo, hi), for batch-norm variances and scales. */
    static float[] positive(Random rnd, int n, double lo, double hi) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) (lo + rnd.nextDouble() * (hi - lo));
        return out;
    }
}
