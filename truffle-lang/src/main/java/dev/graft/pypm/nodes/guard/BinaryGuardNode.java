package dev.graft.pypm.nodes.guard;

import com.oracle.truffle.api.dsl.NodeChild;

/** A strict binary guard operator: both operands are evaluated, left first. */
@NodeChild("left")
@NodeChild("right")
public abstract class BinaryGuardNode extends GuardNode {
}
