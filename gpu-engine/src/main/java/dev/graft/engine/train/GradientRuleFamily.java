package dev.graft.engine.train;

import java.util.List;

/** Several gradient rules that share one implementation, listed under one service entry. */
public interface GradientRuleFamily {
    List<GradientRule> rules();
}
