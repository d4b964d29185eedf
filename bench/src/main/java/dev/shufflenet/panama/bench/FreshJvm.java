package dev.shufflenet.panama.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command that starts a fresh JVM like this one: the same java, the same JVM options (the Vector API
 * module, native access, an AOT cache the launcher gave, SHUFFLENET_JAVA_OPTS) and the same class path,
 * running {@code mainClass}. An option that would make the child write an AOT cache (a training run's) is
 * left out: a child measures, it does not train.
 */
public final class FreshJvm {
    private FreshJvm() {}

    public static List<String> command(String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments())
            if (!writesAotCache(option)) cmd.add(option);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    static boolean writesAotCache(String option) {
        return option.startsWith("-XX:AOTCacheOutput") || option.startsWith("-XX:AOTConfiguration")
                || option.equals("-XX:AOTMode=record") || option.equals("-XX:AOTMode=create");
    }
}
