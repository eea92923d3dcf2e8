package dev.graft.engine.ops;

import java.util.List;

/**
 * Several ops that share one implementation with a parameter (the unary math
 * functions, the broadcasting binary ops, the reductions). Listed in
 * {@code META-INF/services/dev.graft.engine.ops.OpFamily}.
 */
public interface OpFamily {
    List<Op> ops();
}
