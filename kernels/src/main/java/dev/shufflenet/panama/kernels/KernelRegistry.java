package dev.shufflenet.panama.kernels;

import dev.shufflenet.panama.kernels.config.TargetConfig;
import dev.shufflenet.panama.kernels.config.TargetConfigs;
import dev.shufflenet.panama.kernels.conv.ScalarDirectConv;
import dev.shufflenet.panama.kernels.dwconv.ScalarDepthwiseConv3x3;
import dev.shufflenet.panama.kernels.elementwise.ScalarElementwise;
import dev.shufflenet.panama.kernels.gemm.ScalarGemmEpilogue;
import dev.shufflenet.panama.kernels.gemm.ScalarPointwiseConv;
import dev.shufflenet.panama.kernels.layout.ScalarLayout;
import dev.shufflenet.panama.kernels.pool.ScalarPool;
import dev.shufflenet.panama.kernels.shuffle.ScalarChannelShuffle;
import dev.shufflenet.panama.kernels.stem.ScalarStemConvPool;

import java.util.List;

/**
 * The kernel sets this library has, and the one to use, chosen once at start-up (as Lucene does for its
 * vectorised code): the Vector API set when the JVM was started with the incubator module
 * {@value #VECTOR_MODULE}, else the scalar set with one warning.
 *
 * <p>Tests and benchmarks iterate {@link #all()}: registering a new implementation here is what gets it
 * tested against the others and benchmarked.
 *
 * <p>No class that touches the Vector API is loaded unless {@link #vector()} or {@link #best()} picks
 * it: this class names only scalar kernels, and the vector set is built by {@link VectorKernels}, a
 * separate class initialised on first use. The scalar kernels never reference jdk.incubator.vector, so
 * they load and run on a JVM without it.
 */
public final class KernelRegistry {
    /** The module the Vector API lives in (incubating since JDK 16). */
    public static final String VECTOR_MODULE = "jdk.incubator.vector";

    private static final boolean VECTOR_API_PRESENT = ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();

    private KernelRegistry() {}

    /** Whether the JVM was started with {@value #VECTOR_MODULE} (for example {@code --add-modules=jdk.incubator.vector}). */
    public static boolean vectorApiAvailable() {
        return VECTOR_API_PRESENT;
    }

    /**
     * The per-target configuration the kernels read (tiles, thresholds, GEMM backends, calibration
     * policy): {@link TargetConfigs#current()}, chosen once; printable by {@code info}.
     */
    public static TargetConfig target() {
        return TargetConfigs.current();
    }

    /** The plain-Java reference kernels; always available. */
    public static KernelSet scalar() {
        return ScalarHolder.SET;
    }

    /**
     * The Vector API kernels, for {@link VectorConfig#SPECIES}.
     *
     * @throws IllegalStateException when the JVM lacks {@value #VECTOR_MODULE}
     */
    public static KernelSet vector() {
        if (!VECTOR_API_PRESENT)
            throw new IllegalStateException("The Vector API kernels need the module " + VECTOR_MODULE
                    + ", which this JVM did not load; start it with --add-modules=" + VECTOR_MODULE);
        return VectorKernels.SET;
    }

    /** The set to run models with: {@link #vector()} when possible, else {@link #scalar()} (warned about once). */
    public static KernelSet best() {
        return BestHolder.SET;
    }

    /** Every set this JVM can run, scalar first. */
    public static List<KernelSet> all() {
        return VECTOR_API_PRESENT ? List.of(scalar(), vector()) : List.of(scalar());
    }

    static String missingModuleMessage() {
        String flag = "--add-modules=" + VECTOR_MODULE;
        return "The Vector API module " + VECTOR_MODULE + " is not in this JVM, so shufflenet-panama runs its scalar"
                + " kernels, which are several times slower (OpenBLAS is still used where found). To use the Vector"
                + " API, give the JVM " + flag + ":"
                + " on the command line, java " + flag + " --enable-native-access=ALL-UNNAMED ...;"
                + " for every JVM of a shell, export JDK_JAVA_OPTIONS=\"" + flag + "\";"
                + " Maven Surefire/Failsafe, <argLine>" + flag + "</argLine> in the plugin's configuration;"
                + " Maven exec:exec, an <argument>" + flag + "</argument> before the class path;"
                + " Maven exec:java (runs inside Maven's JVM), " + flag + " in .mvn/jvm.config or MAVEN_OPTS;"
                + " Gradle, tasks.withType(JavaExec) { jvmArgs '" + flag + "' } and"
                + " tasks.withType(Test) { jvmArgs '" + flag + "' } (application { applicationDefaultJvmArgs = ['"
                + flag + "'] } for the start scripts)."
                + " A jar's manifest cannot do it: the JVM honours Add-Opens, Add-Exports and Enable-Native-Access"
                + " there (for java -jar only), but no Add-Modules.";
    }

    private static final class ScalarHolder {
        static final KernelSet SET = new KernelSet("scalar", new ScalarPointwiseConv(), new ScalarDepthwiseConv3x3(),
                new ScalarDirectConv(), new ScalarStemConvPool(), new ScalarPool(), new ScalarChannelShuffle(), new ScalarElementwise(),
                new ScalarLayout(), new ScalarGemmEpilogue());
    }

    private static final class BestHolder {
        static final KernelSet SET = choose();

        private static KernelSet choose() {
            if (VECTOR_API_PRESENT) return VectorKernels.SET;
            System.getLogger(KernelRegistry.class.getName()).log(System.Logger.Level.WARNING, missingModuleMessage());
            return ScalarHolder.SET;
        }
    }
}
