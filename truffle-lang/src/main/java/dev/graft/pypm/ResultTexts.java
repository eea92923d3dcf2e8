package dev.graft.pypm;

import dev.graft.pypm.core.Term;
import dev.graft.pypm.core.WireBuffer;
import dev.graft.pypm.core.WireWriter;
import dev.graft.pypm.runtime.Subst;

/**
 * Writes the results of one answer, each {@code ((x term) ... (?F "name") ...)}. A
 * nondeterministic match often gives the same bindings many times over (one result per
 * path through alternatives that bind alike): a result whose bindings are all the very
 * objects of the result before it is written as a copy of that result's text, from
 * where it lies in the answer.
 */
final class ResultTexts {
    private final SortedVariables termVariables;
    private final SortedVariables functionVariables;
    private final BindingTexts termBindings;
    /** The bindings of the result being written and of the one before it, term variables first; null where unbound. */
    private Object[] current;
    private Object[] previous;
    private boolean hasPrevious;
    /** Where the previous result's text lies in the answer. */
    private int previousStart;
    private int previousEnd;

    ResultTexts(SortedVariables termVariables, SortedVariables functionVariables) {
        this.termVariables = termVariables;
        this.functionVariables = functionVariables;
        this.termBindings = new BindingTexts(termVariables);
        int size = termVariables.size() + functionVariables.size();
        current = new Object[size];
        previous = new Object[size];
    }

    /** Forgets the last answer's results, before writing another answer. */
    void clear() {
        termBindings.clear();
        hasPrevious = false;
    }

    void write(Subst s, WireBuffer out) {
        int terms = termVariables.size();
        boolean same = hasPrevious;
        for (int i = 0; i < current.length; i++) {
            Object bound = s.lookup(i < terms ? termVariables.slot(i) : functionVariables.slot(i - terms));
            current[i] = bound;
            same &= bound == previous[i];
        }
        if (same) {
            out.appendCopy(previousStart, previousEnd);
            return;
        }
        previousStart = out.length();
        writeBindings(out);
        previousEnd = out.length();
        hasPrevious = true;
        Object[] written = current;
        current = previous;
        previous = written;
    }

    private void writeBindings(WireBuffer out) {
        out.append('(');
        boolean first = true;
        int terms = termVariables.size();
        for (int i = 0; i < terms; i++) {
            if (current[i] != null) {
                if (!first) {
                    out.append(' ');
                }
                termBindings.write(i, (Term) current[i], out);
                first = false;
            }
        }
        for (int i = terms; i < current.length; i++) {
            if (current[i] != null) {
                WireWriter.writeFunctionBinding(first, functionVariables.name(i - terms), (String) current[i], out);
                first = false;
            }
        }
        out.append(')');
    }
}
