package dev.shufflenet.panama.bench;

/**
 * How far two engines' logits for the same input are apart: max |ours - reference| divided by
 * max |reference|. Relative to the largest logit because that is the scale at which a difference could
 * change a ranking; per-element relative error would blow up on logits near zero.
 */
public record LogitAgreement(double maxAbsDiff, double maxAbsReference) {

    /** Differences above this are a wrong answer, not float32 reassociation (which stays near 1e-6). */
    public static final double WARN_ABOVE = 1e-3;

    public static LogitAgreement of(float[] ours, float[] reference) {
        if (ours.length != reference.length)
            throw new IllegalArgumentException("logit counts differ: ours " + ours.length + ", reference "
                    + reference.length);
        double maxDiff = 0;
        double maxRef = 0;
        for (int i = 0; i < ours.length; i++) {
            double d = Math.abs((double) ours[i] - reference[i]);
            // NaN must not hide: Math.max propagates it, a comparison would drop it.
            maxDiff = Math.max(maxDiff, d);
            maxRef = Math.max(maxRef, Math.abs(reference[i]));
        }
        return new LogitAgreement(maxDiff, maxRef);
    }

    /** max |diff| / max |reference| (the absolute difference when the reference is all zeros). */
    public double relative() {
        return maxAbsReference == 0 ? maxAbsDiff : maxAbsDiff / maxAbsReference;
    }

    public boolean acceptable() {
        return relative() <= WARN_ABOVE; // false for NaN too
    }
}
