package dev.shufflenet.panama.bindings;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/**
 * One native library of this JVM: looked for on the first {@link #status()} call, loaded at most once, never
 * throwing. Nothing happens before that call, so detecting the machine or running on the Java kernels loads
 * nothing; {@link #attempted()} and {@link #attemptedSoFar()} say whether anything was looked for.
 *
 * <p>When the library cannot be loaded, the status says why and one WARNING is logged (System.Logger named by
 * the spec) that names the settings to fix or silence it; a library switched off or absent on this platform
 * logs only at DEBUG.
 */
public final class NativeLibrary<S extends NativeStatus> {
    private static final List<NativeLibrary<?>> LIBRARIES = new CopyOnWriteArrayList<>();

    private final NativeLibrarySpec spec;
    private final BiFunction<NativeSettings, ClassLoader, NativeBundle> bundle;
    private final NativeLoader.Outcome<S> outcome;
    private volatile S status;

    /**
     * @param bundle what the class path offers for the settings' platform (asked on the first load only)
     */
    public NativeLibrary(NativeLibrarySpec spec, BiFunction<NativeSettings, ClassLoader, NativeBundle> bundle,
                         NativeLoader.Outcome<S> outcome) {
        this.spec = spec;
        this.bundle = bundle;
        this.outcome = outcome;
        LIBRARIES.add(this);
    }

    public NativeLibrarySpec spec() {
        return spec;
    }

    /** What loading did; the first call loads. */
    public S status() {
        S s = status;
        if (s == null) {
            synchronized (this) {
                if (status == null) status = loadOnce();
                s = status;
            }
        }
        return s;
    }

    /** Whether {@link #status()} has run (and so the library was looked for, and loaded if it could be). */
    public boolean attempted() {
        return status != null;
    }

    /** The statuses of the libraries that were looked for so far in this JVM; empty when none was. */
    public static List<NativeStatus> attemptedSoFar() {
        List<NativeStatus> out = new ArrayList<>();
        for (NativeLibrary<?> library : LIBRARIES) if (library.attempted()) out.add(library.status);
        return List.copyOf(out);
    }

    private S loadOnce() {
        S s;
        try {
            ClassLoader loader = NativeLibrary.class.getClassLoader();
            NativeSettings settings = NativeSettings.fromRuntime(spec);
            NativePlan plan = NativePlan.resolve(spec, settings, bundle.apply(settings, loader), Files::isRegularFile);
            s = NativeLoader.execute(plan, loader, outcome);
        } catch (RuntimeException | LinkageError e) {
            // A bug or a broken jar must not stop the application: it runs on the Java kernels instead.
            s = outcome.notLoaded(NativeSource.NONE, null, null, "unexpected failure while loading: " + e);
        }
        System.Logger log = System.getLogger(spec.logger());
        if (s.loaded()) {
            log.log(System.Logger.Level.DEBUG, "Loaded {0}", s.describe());
        } else if (s.quiet()) {
            log.log(System.Logger.Level.DEBUG, s.describe());
        } else {
            log.log(System.Logger.Level.WARNING, spec.name() + " is not available, so " + spec.fallback()
                    + ". Reason: " + s.reason() + ". Set -D" + spec.pathProperty() + "=/path/to/"
                    + spec.fileNames().getFirst() + " to use another build, -D" + spec.property()
                    + "=off to silence this warning, or -D" + NativeLibrarySpec.NATIVES_PROPERTY
                    + "=off to load no native library at all.");
        }
        return s;
    }
}
