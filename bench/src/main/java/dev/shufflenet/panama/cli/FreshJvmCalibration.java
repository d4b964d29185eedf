package dev.shufflenet.panama.cli;

import dev.shufflenet.panama.bench.FreshJvm;
import dev.shufflenet.panama.tuning.CalibrationProfile;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The auto backend's calibration for the models a measuring command ({@code bench}, {@code profile}, {@code paper})
 * is about to compile, run first in a fresh JVM, so that the measuring JVM only reads the profile that JVM wrote:
 * {@code shufflenet calibrate} for bench's and profile's models, {@code shufflenet paper --calibrate-only} with the
 * same tables for paper, whose cells include graphs that are not built-ins.
 *
 * <p>Why: on the Xeon VM a JVM that calibrated and then compiled v2-1.0 ran it 8-15% slower (every kernel's step 20-29%
 * slower, the concat + shuffle pass too, which the calibration never runs) in 11 of 13 JVMs, against none of 13 that
 * read a profile another JVM had written; a full GC after the calibration changed nothing, and the cause was not
 * found (docs/measurements.md, session 16). So a first {@code bench} on a new machine under-stated this runtime.
 *
 * <p>Where the fresh JVM fails, the measuring JVM calibrates as before, and says so. Nothing is done where no profile
 * persists ({@code -Dshufflenet.profile=off}, no writable directory) or with
 * {@code -Dshufflenet.calibrate.freshJvm=false}.
 */
final class FreshJvmCalibration {
    /** {@code false} keeps the calibration in the measuring JVM. */
    static final String PROPERTY = "shufflenet.calibrate.freshJvm";

    private FreshJvmCalibration() {}

    /**
     * Calibrates {@code models} (names or ONNX files, as given) in a fresh JVM at the input {@code size} (height,
     * width) the command compiles them for, up to {@code maxBatch}, the largest batch it will run. Prints to {@code err} how
     * many shapes it calibrated (nothing where every shape was in the profile already) or why it could not.
     */
    static void run(String command, List<String> models, int[] size, int maxBatch, boolean lenient, PrintWriter err) {
        List<String> args = new ArrayList<>(List.of("calibrate", "--model", String.join(",", models),
                "--batch", Integer.toString(maxBatch), "--size", size[0] + "x" + size[1]));
        if (lenient) args.add("--lenient");
        run(command, args, err);
    }

    /**
     * Runs this CLI in a fresh JVM with {@code childArgs}, a command that calibrates (and measures nothing), and says
     * on {@code err} how many shapes it added to the profile, or why it could not run.
     */
    static void run(String command, List<String> childArgs, PrintWriter err) {
        if ("false".equals(System.getProperty(PROPERTY)) || CalibrationProfile.directory().isEmpty()) return;
        List<String> cmd = new ArrayList<>(FreshJvm.command(ShuffleNetCli.class.getName(), childArgs));
        // The directory as this JVM sees it now: a test or an embedding program may have set it after start-up.
        String dir = System.getProperty("shufflenet.profile.dir");
        if (dir != null) cmd.add(cmd.indexOf("-cp"), "-Dshufflenet.profile.dir=" + dir);
        int before = CalibrationProfile.forThisMachine().entries().size();
        long start = System.nanoTime();
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = p.waitFor();
            if (rc != 0) {
                fellBack(command, err, "it exited with " + rc + ": " + out.strip());
                return;
            }
            // What the child added, read from the profile it wrote (not from its printed text).
            int added = CalibrationProfile.forThisMachine().entries().size() - before;
            if (added > 0)
                err.printf(java.util.Locale.ROOT, "shufflenet %s: calibrated %d new layer shape%s in a fresh JVM first"
                        + " (%.1f s), so that this one only reads the profile%n", command, added, added == 1 ? "" : "s",
                        (System.nanoTime() - start) / 1e9);
        } catch (IOException e) {
            fellBack(command, err, "it could not start: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fellBack(command, err, "interrupted");
        }
        err.flush();
    }

    private static void fellBack(String command, PrintWriter err, String why) {
        err.println("shufflenet " + command + ": WARNING: calibrating in a fresh JVM failed (" + why + "); calibrating in"
                + " this one instead, where its timings may come out about 10% slower (docs/measurements.md, session 16)");
        err.flush();
    }
}
