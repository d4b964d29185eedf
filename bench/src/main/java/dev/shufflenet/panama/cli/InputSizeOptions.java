package dev.shufflenet.panama.cli;

import dev.shufflenet.panama.CompileOptions;
import dev.shufflenet.panama.graph.Graph;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The one way every command takes the input size: {@code --size HxW} (or {@code --size N} for N x N).
 * {@code --height} and {@code --width}, the older form, are kept as hidden aliases. Without any, the
 * model's own size: what its ONNX file fixes, else 224 x 224.
 */
final class InputSizeOptions {

    @Option(names = "--size", paramLabel = "HxW", converter = SizeConverter.class,
            description = "Input height x width, e.g. 160x160, or one number for a square (default: the model's own,"
                    + " the size its ONNX file fixes, else 224x224).")
    Size size;

    /** A parsed --size (a record: picocli would take an int[] field for a list of numbers). */
    record Size(int height, int width) {}

    @Option(names = "--height", hidden = true, description = "Input height (older form of --size).")
    Integer height;

    @Option(names = "--width", hidden = true, description = "Input width (older form of --size).")
    Integer width;

    /** {height, width} given on the command line, or null for the model's own. */
    int[] given(CommandLine cl) {
        if (size != null && (height != null || width != null))
            throw new CommandLine.ParameterException(cl, "give the input size once: --size HxW, or the older --height"
                    + " and --width, not both");
        if (size != null) return new int[] {size.height(), size.width()};
        if (height == null && width == null) return null;
        int h = height != null ? height : width;
        int w = width != null ? width : height;
        if (h <= 0 || w <= 0)
            throw new CommandLine.ParameterException(cl, "--height and --width must be positive, found " + h + "x" + w);
        return new int[] {h, w};
    }

    /** The size to use for {@code graph}: the one given, else the one its file fixes, else 224 x 224. */
    int[] resolve(CommandLine cl, Graph graph) {
        int[] g = given(cl);
        if (g != null) return g;
        return new int[] {graph.declaredHeight() > 0 ? graph.declaredHeight() : CompileOptions.DEFAULT_SIZE,
                graph.declaredWidth() > 0 ? graph.declaredWidth() : CompileOptions.DEFAULT_SIZE};
    }

    /** "HxW" or "N": positive integers. */
    static final class SizeConverter implements CommandLine.ITypeConverter<Size> {
        @Override
        public Size convert(String value) {
            String[] parts = value.toLowerCase(java.util.Locale.ROOT).split("x", -1);
            if (parts.length > 2) throw invalid(value);
            int[] hw = new int[2];
            for (int i = 0; i < parts.length; i++) {
                try {
                    hw[i] = Integer.parseInt(parts[i].trim());
                } catch (NumberFormatException e) {
                    throw invalid(value);
                }
                if (hw[i] <= 0) throw invalid(value);
            }
            if (parts.length == 1) hw[1] = hw[0];
            return new Size(hw[0], hw[1]);
        }

        private static CommandLine.TypeConversionException invalid(String value) {
            return new CommandLine.TypeConversionException("expected HEIGHTxWIDTH as positive integers (e.g. 224x224)"
                    + " or one positive integer for a square, found '" + value + "'");
        }
    }
}
