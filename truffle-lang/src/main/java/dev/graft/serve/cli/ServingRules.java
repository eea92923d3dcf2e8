package dev.graft.serve.cli;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.graph.Graph;
import dev.graft.pypm.parser.ModuleSource;
import dev.graft.pypm.parser.SourceError;
import dev.graft.pypm.parser.SourceText;
import dev.graft.pypm.rules.KnownOps;
import dev.graft.pypm.rules.RewriteReport;
import dev.graft.pypm.rules.Rule;
import dev.graft.pypm.rules.RuleEngine;
import dev.graft.pypm.rules.RuleLoader;
import dev.graft.pypm.rules.RuleSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * The rewrites between an imported decoder and its serving graph, both in the pattern
 * language: first the user's rules (normally {@code std}, which fuse attention into
 * FusedAttention), then the serving rule set shipped here
 * ({@code dev/graft/serve/paged_attention.pypm}), which turns causal FusedAttention into
 * PagedAttention. Two passes, so the serving rule sees attention only once std has
 * finished with it (grouped-query heads taken in, the mask read as causal).
 */
public final class ServingRules {
    static final String RESOURCE = "/dev/graft/serve/paged_attention.pypm";
    private static final Set<String> ATTENTION_MODULES = Set.of("std/attention.pypm", "std/canonical.pypm");

    private ServingRules() {
    }

    /** A rewritten copy of {@code original} and what each pass did. */
    public record Result(Graph graph, String report) {
    }

    public static Result apply(Graph original, String rules) {
        Graph g = original.copy();
        RewriteReport user = new RuleEngine(load(rules)).rewrite(g);
        RewriteReport serving = new RuleEngine(pagedAttention()).rewrite(g);
        return new Result(g, "rules " + rules + ": " + user.format() + "serving rules: " + serving.format());
    }

    /**
     * The unfused baseline's rewrite: only std's attention rules (and the canonical transposes
     * they leave), then the serving rule, so that attention goes on the cache while every
     * other op stays the original graph's (no fused norm, rotary or MLP).
     */
    public static Result attentionOnly(Graph original) {
        RuleSet std = load("std");
        List<Rule> attention = std.rules().stream().filter(r -> ATTENTION_MODULES.contains(r.span().source().name()))
                .toList();
        Graph g = original.copy();
        RewriteReport user = new RuleEngine(new RuleSet(std.definitions(), attention)).rewrite(g);
        RewriteReport serving = new RuleEngine(pagedAttention()).rewrite(g);
        return new Result(g, "std attention rules: " + user.format() + "serving rules: " + serving.format());
    }

    private static RuleSet load(String rules) {
        try {
            return RuleLoader.load(rules, KnownOps.standard());
        } catch (IllegalArgumentException | SourceError e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    static RuleSet pagedAttention() {
        try (InputStream in = ServingRules.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            SourceText text = new SourceText("serve/paged_attention.pypm", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return RuleLoader.load(text, new ModuleSource.Std(), KnownOps.standard());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
    }
}
