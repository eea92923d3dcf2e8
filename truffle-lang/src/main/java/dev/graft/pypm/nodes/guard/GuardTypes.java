package dev.graft.pypm.nodes.guard;

import com.oracle.truffle.api.dsl.TypeSystem;
import dev.graft.pypm.runtime.GuardList;

/** The values a guard computes with: integers, booleans, strings and lists. */
@TypeSystem({long.class, boolean.class, String.class, GuardList.class})
public abstract class GuardTypes {
}
