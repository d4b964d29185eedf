package dev.shufflenet.panama.selftest;

import dev.shufflenet.panama.kernels.KernelRegistry;

/**
 * The child JVM of {@link NarrowSpeciesPass}: runs the vector kernel set's checks at the species this JVM was
 * started with and prints the {@link SetResult} as one JSON line on standard output (everything else goes to
 * standard error). Exit code 0 whether or not cases failed: the parent reads the failures from the record.
 */
public final class SelftestChild {
    private SelftestChild() {}

    public static void main(String[] args) {
        boolean quick = args.length > 0 && args[0].equals("--quick");
        SetResult r = Selftest.checkSet(KernelRegistry.vector(), "child JVM " + NarrowSpeciesPass.FLAG, quick);
        System.out.println(SelftestReport.GSON.toJson(r));
        System.out.flush();
    }
}
