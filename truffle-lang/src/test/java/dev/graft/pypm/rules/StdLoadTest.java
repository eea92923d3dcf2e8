package dev.graft.pypm.rules;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StdLoadTest {
    @Test
    void stdLoads() {
        RuleSet std = RuleLoader.load("std", KnownOps.standard());
        std.rules().forEach(r -> System.out.println(r.name() + " " + r.priority() + " " + r.rootOps()));
        assertTrue(std.rules().size() > 5);
    }
}
