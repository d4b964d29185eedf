package dev.shufflenet.panama.cli;

import dev.shufflenet.panama.CompileOptions;

import picocli.CommandLine;

/** A thread count: a positive integer, or "all" for every processor available to this JVM. */
final class ThreadCountConverter implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
        if (value.equalsIgnoreCase("all")) return Runtime.getRuntime().availableProcessors();
        int t;
        try {
            t = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("expected a positive thread count or 'all', found '" + value + "'");
        }
        if (t <= 0 || t > CompileOptions.MAX_THREADS)
            throw new CommandLine.TypeConversionException("thread count must be from 1 to " + CompileOptions.MAX_THREADS
                    + " (or 'all'), found " + t);
        return t;
    }
}
