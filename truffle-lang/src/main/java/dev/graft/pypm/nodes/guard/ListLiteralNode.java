package dev.graft.pypm.nodes.guard;

import com.oracle.truffle.api.frame.VirtualFrame;
import com.oracle.truffle.api.nodes.ExplodeLoop;
import dev.graft.pypm.runtime.GuardList;

/** {@code [g, ...]}: every element is evaluated, so an error in any makes the guard false. */
public final class ListLiteralNode extends GuardNode {
    @Children private final GuardNode[] elements;

    public ListLiteralNode(GuardNode[] elements) {
        this.elements = elements;
    }

    @Override
    @ExplodeLoop
    public Object execute(VirtualFrame frame) {
        Object[] values = new Object[elements.length];
        for (int i = 0; i < elements.length; i++) {
            values[i] = elements[i].execute(frame);
        }
        return new GuardList(values);
    }
}
