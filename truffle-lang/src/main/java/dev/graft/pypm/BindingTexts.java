package dev.graft.pypm;

import dev.graft.pypm.core.Term;
import dev.graft.pypm.core.WireWriter;
import java.util.Arrays;

/**
 * The text {@code (x TERM)} of each term variable's binding, written once per answer and
 * copied when the same term object is bound again: the many results of a
 * nondeterministic match mostly differ in a few bindings, and one copy of a binding
 * costs less than writing it piece by piece. A binding written once is only remembered
 * by where it lies in the answer; its text is copied out on its first repetition.
 */
final class BindingTexts {
    private final SortedVariables variables;
    /** By variable: the term last written, and where its binding's text lies in the answer. */
    private final Term[] written;
    private final int[] starts;
    private final int[] ends;
    /** By variable: the term whose binding's text is kept, and that text. */
    private final Term[] kept;
    private final char[][] texts;
    private final int[] lengths;

    BindingTexts(SortedVariables variables) {
        this.variables = variables;
        int size = variables.size();
        written = new Term[size];
        starts = new int[size];
        ends = new int[size];
        kept = new Term[size];
        texts = new char[size][];
        lengths = new int[size];
    }

    /** Forgets the last answer's bindings, before writing another answer. */
    void clear() {
        Arrays.fill(written, null);
        Arrays.fill(kept, null);
    }

    /** Appends the binding {@code (name term)} of variable i. */
    void write(int i, Term term, StringBuilder out) {
        if (term == kept[i]) {
            out.append(texts[i], 0, lengths[i]);
            return;
        }
        if (term == written[i]) {
            keep(i, term, out);
            out.append(texts[i], 0, lengths[i]);
            return;
        }
        starts[i] = out.length();
        WireWriter.writeTermBinding(true, variables.name(i), term, out);
        ends[i] = out.length();
        written[i] = term;
    }

    private void keep(int i, Term term, StringBuilder out) {
        int length = ends[i] - starts[i];
        if (texts[i] == null || texts[i].length < length) {
            texts[i] = new char[Math.max(length, 64)];
        }
        out.getChars(starts[i], ends[i], texts[i], 0);
        lengths[i] = length;
        kept[i] = term;
    }
}
