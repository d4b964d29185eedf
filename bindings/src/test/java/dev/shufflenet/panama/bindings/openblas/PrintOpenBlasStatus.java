package dev.shufflenet.panama.bindings.openblas;

import java.util.Arrays;

/**
 * Run in a child JVM by {@link OpenBlasSettingsInChildJvmTest}: loads OpenBLAS with whatever settings the
 * child was started with and prints the status as key=value lines, plus the outcome of a known product.
 */
public final class PrintOpenBlasStatus {
    private PrintOpenBlasStatus() {}

    public static void main(String[] args) {
        System.out.println("attemptedBefore=" + OpenBlasLibrary.attempted());
        OpenBlasStatus s = OpenBlasLibrary.status();
        System.out.println("attemptedAfter=" + OpenBlasLibrary.attempted());
        System.out.println("loaded=" + s.loaded());
        System.out.println("source=" + s.source());
        System.out.println("path=" + s.path());
        System.out.println("config=" + s.config());
        System.out.println("core=" + s.coreName());
        System.out.println("threads=" + s.threads());
        System.out.println("reason=" + s.reason());
        // A second call must not load or warn again.
        if (OpenBlasLibrary.status() != s) System.out.println("status=changed");
        OpenBlasLibrary.openBlas().ifPresent(blas -> {
            float[] c = new float[4];
            blas.sgemm(OpenBlas.Transpose.NO, OpenBlas.Transpose.NO, 2, 2, 3, 1f,
                    new float[] {1, 2, 3, 4, 5, 6}, 0, 3, new float[] {7, 8, 9, 10, 11, 12}, 0, 2, 0f, c, 0, 2);
            System.out.println("sgemm=" + (Arrays.equals(c, new float[] {58, 64, 139, 154}) ? "ok" : Arrays.toString(c)));
        });
    }
}
