package dev.graft.engine.ops.standard;

/** The error function, which java.lang.Math lacks. */
final class Erf {
    /** Beyond this, erf rounds to ±1 in float32 (erfc(4) is 1.5e-8, under half an ulp of 1). */
    private static final double SATURATION = 4.0;
    private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);

    private Erf() {
    }

    /**
     * The Maclaurin series erf(x) = 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1)).
     * Below {@link #SATURATION} its largest term is about e^16, so double
     * precision still leaves about 1e-9 absolute error, far below float32's.
     */
    static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        if (Math.abs(x) >= SATURATION) {
            return Math.signum(x);
        }
        double x2 = x * x;
        double term = x;
        double sum = x;
        for (int n = 1; n < 200; n++) {
            term *= -x2 / n;
            double add = term / (2 * n + 1);
            sum += add;
            if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
                break;
            }
        }
        return TWO_OVER_SQRT_PI * sum;
    }
}
