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
 * The rewrites between an imported decoder and its serving graph, all in the pattern
 * language: first the user's rules (normally {@code std}, which fuse attention into
 * FusedAttention), then the serving rule sets shipped here:
 * {@code dev/graft/serve/paged_attention.pypm}, which turns causal FusedAttention into
 * PagedAttention, and {@code dev/graft/serve/token_major.pypm}, which hands PagedAttention
 * the token-major projections in place of the exporter's transposes. Each pass sees the
 * graph its predecessor finished with (grouped-query heads taken in, the mask read as
 * causal, then PagedAttention in place).
 */
public final class ServingRules {
    private static final String PAGED_ATTENTION = "paged_attention.pypm";
    private static final String TOKEN_MAJOR = "token_major.pypm";
    private static final Set<String> ATTENTION_MODULES = Set.of("std/attention.pypm", "std/canonical.pypm");

    private ServingRules() {
    }

    /** A rewritten copy of {@code original} and what each pass did. */
    public record Result(Graph graph, String report) {
    }

    public static Result apply(Graph original, String rules) {
        Graph g = original.copy();
        RewriteReport user = new RuleEngine(load(rules)).rewrite(g);
        RewriteReport serving = new RuleEngine(shipped(PAGED_ATTENTION)).rewrite(g);
        RewriteReport tokenMajor = new RuleEngine(shipped(TOKEN_MAJOR)).rewrite(g);
        return new Result(g, "rules " + rules + ": " + user.format() + "serving rules: " + serving.format()
                + "token-major attention: " + tokenMajor.format());
    }

    /**
     * The unfused baseline's rewrite: only std's attention rules (and the canonical transposes
     * they leave), then the serving rule, so that attention goes on the cache while every
     * other op stays the original graph's (no fused norm, rotary or MLP, the exporter's
     * transposes around attention included).
     */
    public static Result attentionOnly(Graph original) {
        RuleSet std = load("std");
        List<Rule> attention = std.rules().stream().filter(r -> ATTENTION_MODULES.contains(r.span().source().name()))
                .toList();
        Graph g = original.copy();
        RewriteReport user = new RuleEngine(new RuleSet(std.definitions(), attention)).rewrite(g);
        RewriteReport serving = new RuleEngine(shipped(PAGED_ATTENTION)).rewrite(g);
        return new Result(g, "std attention rules: " + user.format() + "serving rules: " + serving.format());
    }

    private static RuleSet load(String rules) {
        try {
            return RuleLoader.load(rules, KnownOps.standard());
        } catch (IllegalArgumentException | SourceError e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    /** A serving rule set shipped in {@code dev/graft/serve/}. */
    private static RuleSet shipped(String file) {
        String resource = "/dev/graft/serve/" + file;
        try (InputStream in = ServingRules.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the class path");
            }
            SourceText text = new SourceText("serve/" + file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return RuleLoader.load(text, new ModuleSource.Std(), KnownOps.standard());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }
}
