package dev.shufflenet.panama.onnx;

import com.google.protobuf.ByteString;
import dev.shufflenet.panama.onnx.proto.OnnxProto.StringStringEntryProto;
import dev.shufflenet.panama.onnx.proto.OnnxProto.TensorProto;
import dev.shufflenet.panama.onnx.proto.OnnxProto.TensorProto.DataLocation;
import dev.shufflenet.panama.onnx.proto.OnnxProto.TensorProto.DataType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Conversion between ONNX TensorProto and Java arrays. ONNX stores raw_data little endian whatever the
 * machine; typed fields (float_data, int64_data, ...) are the alternative every reader must accept.
 */
final class OnnxTensors {
    /** bfloat16 is not in our proto subset's enum, but files may carry its number (ONNX spec value 16). */
    private static final int BFLOAT16 = 16;

    private OnnxTensors() {}

    /**
     * Decodes t; {@code where} (file and node), when not empty, prefixes every error message.
     */
    static ConstTensor decode(TensorProto t, String where) {
        String prefix = where.isEmpty() ? "" : where + ": ";
        if (t.getDataLocation() == DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
            String location = t.getExternalDataList().stream().filter(e -> e.getKey().equals("location"))
                    .map(StringStringEntryProto::getValue).findFirst().orElse("?");
            throw new OnnxImportException(prefix + "tensor '" + t.getName() + "' keeps its data in an external file ('"
                    + location + "'); only self-contained models are supported: save the model with its weights"
                    + " inside the .onnx file (external data is meant for models over 2 GB)");
        }
        long[] dims = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        int n;
        try {
            n = ConstTensor.elementCount(dims);
        } catch (IllegalArgumentException e) {
            throw new OnnxImportException(prefix + "tensor '" + t.getName() + "': " + e.getMessage());
        }
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        boolean hasRaw = !t.getRawData().isEmpty();
        int type = t.getDataType();
        try {
            return switch (type) {
                case DataType.FLOAT_VALUE -> ConstTensor.ofFloats(dims, hasRaw ? rawFloats(raw, n, 4, type) : floatData(t));
                case DataType.DOUBLE_VALUE -> ConstTensor.ofFloats(dims, hasRaw ? rawFloats(raw, n, 8, type) : doubleData(t));
                case DataType.FLOAT16_VALUE, BFLOAT16 ->
                        ConstTensor.ofFloats(dims, halfFloats(hasRaw ? rawInts(raw, n, 2, false) : int32Data(t), type));
                case DataType.INT64_VALUE -> ConstTensor.ofInts(dims, hasRaw ? rawInts(raw, n, 8, true) : int64Data(t));
                case DataType.INT32_VALUE -> ConstTensor.ofInts(dims, hasRaw ? rawInts(raw, n, 4, true) : int32Data(t));
                case DataType.INT16_VALUE -> ConstTensor.ofInts(dims, hasRaw ? rawInts(raw, n, 2, true) : int32Data(t));
                case DataType.UINT16_VALUE -> ConstTensor.ofInts(dims, hasRaw ? rawInts(raw, n, 2, false) : int32Data(t));
                case DataType.INT8_VALUE -> ConstTensor.ofInts(dims, hasRaw ? rawInts(raw, n, 1, true) : int32Data(t));
                case DataType.UINT8_VALUE, DataType.BOOL_VALUE ->
                        ConstTensor.ofInts(dims, hasRaw ? rawInts(raw, n, 1, false) : int32Data(t));
                case DataType.UINT32_VALUE -> ConstTensor.ofInts(dims, hasRaw ? rawInts(raw, n, 4, false) : uint64Data(t));
                case DataType.UINT64_VALUE -> ConstTensor.ofInts(dims, hasRaw ? rawInts(raw, n, 8, true) : uint64Data(t));
                default -> throw new IllegalArgumentException("data type " + typeName(type)
                        + " is not supported; expected a float or integer type");
            };
        } catch (IllegalArgumentException e) {
            if (e instanceof OnnxImportException) throw e;
            throw new OnnxImportException(prefix + "tensor '" + t.getName() + "' (" + typeName(type) + " "
                    + Arrays.toString(dims) + "): " + e.getMessage());
        }
    }

    static String typeName(int type) {
        if (type == BFLOAT16) return "BFLOAT16";
        DataType dt = DataType.forNumber(type);
        return dt == null ? "type #" + type : dt.name();
    }

    /** A float32 tensor with raw_data, the form every ONNX producer writes for weights. */
    static TensorProto encodeFloats(String name, long[] dims, float[] data) {
        ByteBuffer buf = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(data);
        return TensorProto.newBuilder().setName(name).setDataType(DataType.FLOAT_VALUE)
                .addAllDims(Arrays.stream(dims).boxed().toList()).setRawData(ByteString.copyFrom(buf.array())).build();
    }

    static TensorProto encodeInt64s(String name, long[] dims, long[] data) {
        ByteBuffer buf = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        buf.asLongBuffer().put(data);
        return TensorProto.newBuilder().setName(name).setDataType(DataType.INT64_VALUE)
                .addAllDims(Arrays.stream(dims).boxed().toList()).setRawData(ByteString.copyFrom(buf.array())).build();
    }

    private static float[] rawFloats(ByteBuffer raw, int n, int width, int type) {
        checkRawLength(raw, n, width);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = width == 4 ? raw.getFloat(i * 4) : (float) raw.getDouble(i * 8);
        return out;
    }

    private static long[] rawInts(ByteBuffer raw, int n, int width, boolean signed) {
        checkRawLength(raw, n, width);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = switch (width) {
                case 1 -> signed ? raw.get(i) : Byte.toUnsignedLong(raw.get(i));
                case 2 -> signed ? raw.getShort(i * 2) : Short.toUnsignedLong(raw.getShort(i * 2));
                case 4 -> signed ? raw.getInt(i * 4) : Integer.toUnsignedLong(raw.getInt(i * 4));
                default -> raw.getLong(i * 8);
            };
        }
        return out;
    }

    private static void checkRawLength(ByteBuffer raw, int n, int width) {
        if ((long) raw.remaining() != (long) n * width)
            throw new IllegalArgumentException("raw_data has " + raw.remaining() + " bytes, expected " + n + " x "
                    + width + " = " + (long) n * width);
    }

    private static float[] floatData(TensorProto t) {
        float[] out = new float[t.getFloatDataCount()];
        for (int i = 0; i < out.length; i++) out[i] = t.getFloatData(i);
        return out;
    }

    private static float[] doubleData(TensorProto t) {
        float[] out = new float[t.getDoubleDataCount()];
        for (int i = 0; i < out.length; i++) out[i] = (float) t.getDoubleData(i);
        return out;
    }

    private static long[] int32Data(TensorProto t) {
        return t.getInt32DataList().stream().mapToLong(Integer::longValue).toArray();
    }

    private static long[] int64Data(TensorProto t) {
        return t.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
    }

    private static long[] uint64Data(TensorProto t) {
        return t.getUint64DataList().stream().mapToLong(Long::longValue).toArray();
    }

    /** float16 and bfloat16 bit patterns (low 16 bits) to float32. */
    private static float[] halfFloats(long[] bits, int type) {
        float[] out = new float[bits.length];
        for (int i = 0; i < bits.length; i++) {
            short b = (short) bits[i];
            out[i] = type == BFLOAT16 ? Float.intBitsToFloat((b & 0xFFFF) << 16) : Float.float16ToFloat(b);
        }
        return out;
    }
}
