package dev.shufflenet.panama.tuning;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The calibration's answers for one machine: which GEMM implementation won for each layer shape.
 * Stored as a Java properties file (a format the JDK reads and writes itself) under
 * {@code ~/.cache/shufflenet-panama/profiles/}, named by the machine's key so that another CPU, another
 * Vector API width or another OpenBLAS build calibrates afresh. {@code -Dshufflenet.profile.dir}
 * moves the directory; {@code -Dshufflenet.profile=off} keeps profiles in memory only. When the directory
 * cannot be created or written (a read-only or missing home), profiles go to
 * {@code <java.io.tmpdir>/shufflenet-panama-<user>/profiles/} instead, with one warning per JVM.
 */
public final class CalibrationProfile {
    private static final System.Logger LOG = System.getLogger("dev.shufflenet.panama.calibration");
    /**
     * Bump when the kernels change enough that old timings mean nothing, or when a key's candidates change: 3, grouped
     * layers weigh the half-width GEMM (an old profile's grouped answers were made without it); 4, it is weighed on
     * groups of 17 to 24 channels too, one pass of 6 x 3 tiles (format 3 answered those without it).
     */
    static final String FORMAT = "4";

    private final Path file;
    private final Map<String, GemmCandidate> entries = new ConcurrentHashMap<>();

    private CalibrationProfile(Path file) {
        this.file = file;
    }

    /** A profile held in memory only. */
    public static CalibrationProfile inMemory() {
        return new CalibrationProfile(null);
    }

    private static final AtomicBoolean DIRECTORY_WARNED = new AtomicBoolean();
    private static final AtomicBoolean SAVE_WARNED = new AtomicBoolean();

    /** The profile of this machine, loaded from its file if one exists. */
    public static CalibrationProfile forTarget(Target target) {
        Optional<Path> dir = directory();
        return dir.isEmpty() ? inMemory() : load(dir.get().resolve(machineKey(target) + ".properties"));
    }

    /** The profile of the machine this JVM runs on (what {@code Backend.AUTO} uses). */
    public static CalibrationProfile forThisMachine() {
        return forTarget(Target.detect());
    }

    /**
     * Where profiles are kept: {@code -Dshufflenet.profile.dir}, else {@code ~/.cache/shufflenet-panama/profiles},
     * else (that one not writable) the temporary directory's {@code shufflenet-panama-<user>/profiles}; empty
     * with {@code -Dshufflenet.profile=off} or when no directory is writable.
     */
    public static Optional<Path> directory() {
        if ("off".equals(System.getProperty("shufflenet.profile"))) return Optional.empty();
        String dir = System.getProperty("shufflenet.profile.dir");
        Path preferred = dir != null ? Path.of(dir)
                : Path.of(System.getProperty("user.home"), ".cache", "shufflenet-panama", "profiles");
        String problem = unwritable(preferred);
        if (problem == null) return Optional.of(preferred);
        Path fallback = Path.of(System.getProperty("java.io.tmpdir"),
                "shufflenet-panama-" + System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]+", "_"),
                "profiles");
        String fallbackProblem = unwritable(fallback);
        if (DIRECTORY_WARNED.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "cannot keep calibration profiles in " + preferred + " (" + problem
                    + "); " + (fallbackProblem == null ? "using " + fallback + " instead"
                    : "nor in " + fallback + " (" + fallbackProblem + "); keeping them in memory, so every JVM calibrates again")
                    + ". Choose a writable directory with -Dshufflenet.profile.dir=DIR.");
        }
        return fallbackProblem == null ? Optional.of(fallback) : Optional.empty();
    }

    /** Null when {@code dir} exists (or can be made) and is writable, else why not. */
    private static String unwritable(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException | SecurityException e) {
            return e instanceof java.nio.file.FileAlreadyExistsException ? "a file is in the way: " + e.getMessage()
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return Files.isWritable(dir) ? null : "not writable";
    }

    /** For tests: let the next unwritable directory or failed save warn again. */
    static void resetWarnings() {
        DIRECTORY_WARNED.set(false);
        SAVE_WARNED.set(false);
    }

    /** Loads a profile file; a missing file is an empty profile, a broken one is reported and ignored. */
    public static CalibrationProfile load(Path file) {
        CalibrationProfile p = new CalibrationProfile(file);
        if (file != null && Files.isRegularFile(file)) {
            Properties props = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                props.load(in);
                if (!FORMAT.equals(props.getProperty("format")))
                    throw new IOException("format " + props.getProperty("format") + ", expected " + FORMAT);
                for (String key : props.stringPropertyNames()) {
                    if (key.startsWith("gemm.") || key.startsWith("gemv.")) p.entries.put(key, GemmCandidate.parse(props.getProperty(key)));
                }
            } catch (IOException | IllegalArgumentException e) {
                LOG.log(System.Logger.Level.WARNING, "ignoring calibration profile " + file + ": " + e.getMessage()
                        + "; it will be measured again and rewritten");
                p.entries.clear();
            }
        }
        return p;
    }

    /** A file name safe key for a machine: CPU model, ISA, vector width, backends and Java version. */
    static String machineKey(Target t) {
        String raw = t.cpuModel() + "|" + t.isa() + "|" + t.vectorBits() + "|" + t.openBlas() + "|" + t.acl() + "|"
                + Runtime.version().feature();
        String readable = (t.isa() + "-" + t.vectorBits() + "-" + t.cpuModel()).replaceAll("[^A-Za-z0-9._-]+", "_");
        if (readable.length() > 60) readable = readable.substring(0, 60);
        return readable + "-" + Integer.toHexString(raw.hashCode());
    }

    static String gemmKey(int m, int k, int pixels) {
        return gemmKey(m, k, pixels, 1);
    }

    /** A grouped layer's key (M and K per group) has its group count: its timing differs from one dense group. */
    static String gemmKey(int m, int k, int pixels, int groups) {
        return "gemm." + m + "x" + k + "x" + pixels + (groups == 1 ? "" : ".g" + groups);
    }

    /**
     * The key of a one-pixel layer (the FC layer at batch 1), whose candidates include the GEMV: apart from
     * {@link #gemmKey}'s, so that answers saved before the GEMV existed do not hide it.
     */
    static String gemvKey(int m, int k) {
        return "gemv." + m + "x" + k;
    }

    public Optional<GemmCandidate> get(String key) { return Optional.ofNullable(entries.get(key)); }

    void put(String key, GemmCandidate c) { entries.put(key, c); }

    public Map<String, GemmCandidate> entries() { return new TreeMap<>(entries); }

    public Optional<Path> file() { return Optional.ofNullable(file); }

    /**
     * Forgets every answer and deletes the file, so that the next {@code Backend.AUTO} compile measures
     * again; returns whether a file was deleted.
     */
    public synchronized boolean clear() throws IOException {
        entries.clear();
        return file != null && Files.deleteIfExists(file);
    }

    /** Writes the file atomically (temp file, then rename); failure to write is reported (once per JVM), not thrown. */
    public synchronized void save() {
        if (file == null) return;
        Properties props = new Properties();
        props.setProperty("format", FORMAT);
        entries.forEach((k, v) -> props.setProperty(k, v.id()));
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                props.store(out, "shufflenet-panama GEMM calibration: layer shape MxKxPixels (.gG: G groups of M x K) -> fastest implementation");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UnsupportedOperationException e) {
            if (SAVE_WARNED.compareAndSet(false, true))
                LOG.log(System.Logger.Level.WARNING, "could not save calibration profile " + file + ": " + e
                        + "; the choices stay in memory (further failures are not reported)");
        }
    }
}
