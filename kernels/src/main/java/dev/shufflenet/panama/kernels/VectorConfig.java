package dev.shufflenet.panama.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one float species every Vector API kernel uses, chosen once when this class initialises.
 *
 * <p>Default: {@link FloatVector#SPECIES_PREFERRED} (512-bit on AVX-512, 256-bit on AVX2, 128-bit on
 * NEON, the SVE vector length on SVE). The system property {@code shufflenet.vectorBits} (64, 128, 256,
 * 512) forces a narrower one, which is how the test suite checks every kernel at 128 bits on a wide
 * machine. A width above the preferred one is refused: the JDK would emulate it about 90x slower.
 *
 * <p>Why a static constant and not a constructor argument: C2 intrinsifies Vector API calls only when
 * the species is a compile-time constant; a species read from an instance field makes kernels fall back
 * to Java code, 100x slower. Kernels copy {@link #SPECIES} into their own {@code static final} field.
 */
public final class VectorConfig {
    public static final String PROPERTY = "shufflenet.vectorBits";

    public static final VectorSpecies<Float> SPECIES = choose();

    /** Lanes of {@link #SPECIES}: floats per vector. */
    public static final int LANES = SPECIES.length();

    /** Bits of {@link #SPECIES}. */
    public static final int BITS = SPECIES.vectorBitSize();

    /** Bits of the CPU's preferred float species (what {@code -XX:UseAVX} or the SVE length sets). */
    public static final int PREFERRED_BITS = FloatVector.SPECIES_PREFERRED.vectorBitSize();

    /**
     * Half of {@link #BITS}, the width of the half-width GEMM ({@code VectorPointwiseConvHalf}); {@link #BITS}
     * itself where there is no half: at 128 bits and below (C2 does not compile 64-bit float vectors to vector
     * instructions on x86: the kernel there allocated 40 KB a call in the no-allocation check) and at SVE lengths
     * that are not a power of two. Why a second width: where a 512-bit FMA costs two 256-bit ones (AMD Zen 4), a
     * layer of 40 output channels idles fewer lanes in 8-lane vectors than in 16-lane ones at the same FLOP rate.
     */
    public static final int HALF_BITS = BITS >= 256 && Integer.bitCount(BITS) == 1 ? BITS / 2 : BITS;

    /** The float species of {@link #HALF_BITS}. */
    public static final VectorSpecies<Float> HALF_SPECIES = HALF_BITS == BITS ? SPECIES
            : SPECIES.withShape(VectorShape.forBitSize(HALF_BITS));

    /** Lanes of {@link #HALF_SPECIES}. */
    public static final int HALF_LANES = HALF_SPECIES.length();

    /** Whether {@link #HALF_SPECIES} is narrower than {@link #SPECIES} (otherwise there is no half-width GEMM). */
    public static final boolean HAS_HALF_WIDTH = HALF_BITS < BITS;

    private VectorConfig() {}

    private static VectorSpecies<Float> choose() {
        VectorSpecies<Float> preferred = FloatVector.SPECIES_PREFERRED;
        String forced = System.getProperty(PROPERTY);
        if (forced == null || forced.isBlank()) return preferred;
        int bits;
        try {
            bits = Integer.parseInt(forced.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PROPERTY + " must be one of 64, 128, 256, 512; found '" + forced + "'");
        }
        if (bits > preferred.vectorBitSize())
            throw new IllegalArgumentException(PROPERTY + "=" + bits + " is wider than this CPU's preferred "
                    + preferred.vectorBitSize() + "-bit vectors; the JDK would emulate it very slowly");
        return FloatVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(bits));
    }

    /**
     * The vector kernel set's name, e.g. "vector512": one literal per width, so that a printed name is
     * found by grep (kernel names carry the same suffix, each as its own literals).
     */
    public static String setName() {
        return widthName(BITS);
    }

    /** The half-width GEMM's suffix, e.g. "vector256" on a 512-bit set (the half-width kernels' names carry it). */
    public static String halfSetName() {
        return widthName(HALF_BITS);
    }

    private static String widthName(int bits) {
        return switch (bits) {
            case 64 -> "vector64";
            case 128 -> "vector128";
            case 256 -> "vector256";
            case 512 -> "vector512";
            default -> "vector" + bits; // SVE lengths that are not a power of two; no such machine is a target
        };
    }
}
