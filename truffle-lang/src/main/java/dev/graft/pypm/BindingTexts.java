package dev.graft.pypm;

import dev.graft.pypm.core.Term;
import dev.graft.pypm.core.WireBuffer;
import dev.graft.pypm.core.WireWriter;
import java.util.Arrays;

/**
 * The text {@code (x TERM)} of each term variable's binding, written once per answer and
 * copied when the same term object is bound again: the many results of a
 * nondeterministic match mostly differ in a few bindings, and one copy of a binding
 * costs less than writing it piece by piece. A binding written once is remembered by
 * where it lies in the answer, and copied from there.
 */
final class BindingTexts {
    private final SortedVariables variables;
    /** By variable: the term last written, and where its binding's text lies in the answer. */
    private final Term[] written;
    private final int[] starts;
    private final int[] ends;

    BindingTexts(SortedVariables variables) {
        this.variables = variables;
        int size = variables.size();
        written = new Term[size];
        starts = new int[size];
        ends = new int[size];
    }

    /** Forgets the last answer's bindings, before writing another answer. */
    void clear() {
        Arrays.fill(written, null);
    }

    /** Appends the binding {@code (name term)} of variable i. */
    void write(int i, Term term, WireBuffer out) {
        if (term == written[i]) {
            out.appendCopy(starts[i], ends[i]);
            return;
        }
        starts[i] = out.length();
        WireWriter.writeTermBinding(true, variables.name(i), term, out);
        ends[i] = out.length();
        written[i] = term;
    }
}
