package dev.shufflenet.panama.bindings;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Carries out a {@link NativePlan}: extracts, loads the dependencies and the library, then lets the library's
 * own code ask it who it is. Never throws: every failure becomes a not-loaded status with the reason.
 *
 * <p>Falling back to the next attempt is allowed only while nothing has been loaded. Once a library is in the
 * process, its symbols are what {@code SymbolLookup.loaderLookup()} finds, so a second copy would make it
 * ambiguous which one the binding calls; a library that loads but then proves unusable ends the search.
 */
public final class NativeLoader {
    private NativeLoader() {}

    /** How one library turns the loader's outcomes into its own status type. */
    public interface Outcome<S extends NativeStatus> {
        /** Nothing was tried (see {@link NativePlan.Skipped}, {@link NativePlan.Unavailable}) or everything failed. */
        S notLoaded(NativeSource source, String origin, Path library, String reason);

        /** The attempt's library is in the process: check it is the right one, set its threads, describe it. */
        S inspect(NativePlan.Attempt attempt, int threads);
    }

    public static <S extends NativeStatus> S execute(NativePlan plan, ClassLoader resources, Outcome<S> outcome) {
        return switch (plan) {
            case NativePlan.Skipped s -> outcome.notLoaded(s.source(), null, null, s.reason());
            case NativePlan.Unavailable u -> outcome.notLoaded(NativeSource.NONE, null, null, u.reason());
            case NativePlan.Attempts a -> tryInOrder(a, resources, outcome);
        };
    }

    private static <S extends NativeStatus> S tryInOrder(NativePlan.Attempts plan, ClassLoader resources,
                                                         Outcome<S> outcome) {
        List<String> failures = new ArrayList<>();
        NativePlan.Attempt last = null;
        for (NativePlan.Attempt attempt : plan.attempts()) {
            last = attempt;
            String why = extract(attempt, resources);
            if (why == null) {
                NativeLibraryLoader.Result deps = NativeLibraryLoader.loadAll(attempt.dependencies());
                why = deps.loaded() ? null : deps.reason();
            }
            if (why == null) {
                NativeLibraryLoader.Result lib = NativeLibraryLoader.loadAll(List.of(attempt.library()));
                if (lib.loaded()) return outcome.inspect(attempt, plan.threads());
                why = lib.reason();
            }
            failures.add(attempt.origin() + ": " + why);
        }
        return outcome.notLoaded(last.source(), last.origin(), last.library(), String.join("; ", failures));
    }

    /** Returns null on success, else the reason. */
    private static String extract(NativePlan.Attempt attempt, ClassLoader resources) {
        for (NativePlan.Extraction e : attempt.extractions()) {
            try {
                NativeResourceCache.extract(resources, e.resource(), e.target());
            } catch (IOException | RuntimeException ex) {
                return "extracting " + e.resource() + " to " + e.target() + " failed: " + ex
                        + " (set -D" + NativeLibrarySpec.CACHE_PROPERTY + " to a writable directory)";
            }
        }
        return null;
    }
}
