package dev.shufflenet.panama;

import dev.shufflenet.panama.bindings.NativeLibrary;
import dev.shufflenet.panama.bindings.NativeStatus;
import dev.shufflenet.panama.tuning.Target;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Run in a child JVM by {@link NativeLoadingTest}: detects the machine, compiles and runs a small model on the
 * backend named by the first argument, then prints what the loader looked for and which native libraries the
 * process has mapped (from /proc/self/maps, independently of the loader's own bookkeeping).
 */
public final class PrintNativeLoads {
    private PrintNativeLoads() {}

    public static void main(String[] args) throws IOException {
        Backend backend = Backend.valueOf(args[0].toUpperCase(Locale.ROOT));
        Target target = Target.detect();
        System.out.println("detected=" + target.summary());
        System.out.println("afterDetect=" + attempted());
        CompileOptions options = CompileOptions.defaults().withInputSize(32, 32).withBackend(backend);
        try (CompiledModel model = CompiledModel.compile(ShuffleNet.builtIn("v2-0.5"), options)) {
            float[] logits = model.run(new float[3 * 32 * 32], 1);
            System.out.println("logits=" + logits.length);
        }
        System.out.println("afterRun=" + attempted());
        Path maps = Path.of("/proc/self/maps");
        if (Files.isReadable(maps)) {
            String mapped = Files.readAllLines(maps).stream()
                    .filter(l -> l.contains("libopenblas") || l.contains("libshufflenet_acl") || l.contains("libgfortran"))
                    .map(l -> l.substring(l.lastIndexOf('/') + 1)).distinct().sorted().collect(Collectors.joining(","));
            System.out.println("mapped=" + mapped);
        }
    }

    private static String attempted() {
        return NativeLibrary.attemptedSoFar().stream().map(NativeStatus::describe).collect(Collectors.joining(" | "));
    }
}
