package dev.graft.pypm.nodes;

import dev.graft.pypm.runtime.Env;
import dev.graft.pypm.runtime.Slot;

/**
 * Where a variable name in a pattern or guard points, fixed when the nodes are built:
 * a free variable of the query, an {@code exists} binder of the enclosing body, or a
 * parameter (a guard-used one, whose argument is, by well-formedness, a variable).
 */
public sealed interface VariableRef {
    /** The slot the name stands for in activation env. */
    Slot resolve(Env env);

    record Free(Slot slot) implements VariableRef {
        @Override
        public Slot resolve(Env env) {
            return slot;
        }
    }

    record Local(int binder) implements VariableRef {
        @Override
        public Slot resolve(Env env) {
            return env.local(binder);
        }
    }

    /** Follows the argument, which is a variable of the caller (possibly itself a parameter). */
    record Param(int index) implements VariableRef {
        @Override
        public Slot resolve(Env env) {
            var thunk = env.arg(index);
            return ((NamesVariable) thunk.pattern()).ref().resolve(thunk.env());
        }
    }
}
