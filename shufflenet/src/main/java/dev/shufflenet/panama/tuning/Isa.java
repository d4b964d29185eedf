package dev.shufflenet.panama.tuning;

/** The instruction-set families the runtime tunes for. */
public enum Isa {
    X86_AVX512("x86-64 AVX-512"),
    X86_AVX2("x86-64 AVX2"),
    X86_SSE("x86-64 SSE"),
    ARM64_SVE("arm64 SVE"),
    ARM64_NEON("arm64 NEON"),
    GENERIC("generic");

    private final String label;

    Isa(String label) { this.label = label; }

    public String label() { return label; }

    public boolean isArm() { return this == ARM64_SVE || this == ARM64_NEON; }

    public boolean isX86() { return this == X86_AVX512 || this == X86_AVX2 || this == X86_SSE; }
}
