package dev.shufflenet.panama.cli;

import picocli.CommandLine;

/** The --shape argument: batch, channels, height, width of a raw NCHW float32 file. */
record NchwShape(int n, int c, int h, int w) {

    long floats() { return (long) n * c * h * w; }

    long bytes() { return floats() * Float.BYTES; }

    @Override public String toString() { return n + "," + c + "," + h + "," + w; }

    /** Parses "N,C,H,W": four positive integers separated by commas; anything else is a usage error. */
    static final class Converter implements CommandLine.ITypeConverter<NchwShape> {
        @Override
        public NchwShape convert(String value) {
            String[] parts = value.split(",", -1);
            if (parts.length != 4) throw invalid(value, "found " + parts.length + " numbers");
            int[] d = new int[4];
            for (int i = 0; i < 4; i++) {
                try {
                    d[i] = Integer.parseInt(parts[i].trim());
                } catch (NumberFormatException e) {
                    throw invalid(value, "'" + parts[i] + "' is not an integer");
                }
                if (d[i] <= 0) throw invalid(value, "dimension " + i + " is " + d[i]);
            }
            return new NchwShape(d[0], d[1], d[2], d[3]);
        }

        private static CommandLine.TypeConversionException invalid(String value, String why) {
            return new CommandLine.TypeConversionException("expected N,C,H,W as four positive integers, e.g. 1,3,224,224;"
                    + " found '" + value + "' (" + why + ")");
        }
    }
}
