package dev.graft.pypm.rules;

import dev.graft.pypm.core.Definition;
import dev.graft.pypm.core.IllFormedException;
import dev.graft.pypm.core.Pattern;
import dev.graft.pypm.core.WellFormedness;
import dev.graft.pypm.parser.DefinitionRef;
import dev.graft.pypm.parser.Lowering;
import dev.graft.pypm.parser.ModuleSource;
import dev.graft.pypm.parser.Parser;
import dev.graft.pypm.parser.SourceError;
import dev.graft.pypm.parser.SourceText;
import dev.graft.pypm.parser.Span;
import dev.graft.pypm.parser.ast.Decl;
import dev.graft.pypm.parser.ast.Module;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Loads rule sets: parses the named files and the modules they import, lowers every
 * definition and rule to the core, and checks it all (names, arities, scopes, the
 * core's well-formedness) before anything is matched. The rules of a set are those
 * of the files named (a file, every {@code .pypm} file of a directory in name order,
 * or {@code std}); imports bring definitions only. A definition's core name is
 * qualified by its module ({@code std.attention.Scores}).
 */
public final class RuleLoader {
    private final Predicate<String> knownOp;
    private final Map<String, Loaded> modules = new HashMap<>();
    private final Map<String, Span> definitionSpans = new HashMap<>();
    private final List<Definition> definitions = new ArrayList<>();
    private final List<Loaded> ruleModules = new ArrayList<>();

    private record Loaded(String name, Module ast, ModuleSource source, Map<String, DefinitionRef> own,
                          Map<String, DefinitionRef> visible) {
    }

    private RuleLoader(Predicate<String> knownOp) {
        this.knownOp = knownOp;
    }

    /**
     * Loads {@code std}, one {@code .pypm} file, or every {@code .pypm} file of a directory.
     *
     * @throws SourceError for the first problem in the sources
     * @throws IllegalArgumentException when the path names nothing loadable
     */
    public static RuleSet load(String spec, Predicate<String> knownOp) {
        RuleLoader loader = new RuleLoader(knownOp);
        if (spec.equals("std")) {
            ModuleSource std = new ModuleSource.Std();
            for (String m : ModuleSource.Std.modules()) {
                loader.ruleModules.add(loader.module(std, List.of(m), null));
            }
            return loader.finish();
        }
        Path path = Path.of(spec);
        if (Files.isDirectory(path)) {
            ModuleSource dir = new ModuleSource.Directory(path);
            for (String m : pypmFiles(path)) {
                loader.ruleModules.add(loader.module(dir, List.of(m), null));
            }
        } else if (Files.isRegularFile(path) && spec.endsWith(".pypm")) {
            Path parent = path.getParent() == null ? Path.of(".") : path.getParent();
            String base = path.getFileName().toString();
            ModuleSource dir = new ModuleSource.Directory(parent);
            loader.ruleModules.add(loader.module(dir, List.of(base.substring(0, base.length() - 5)), null));
        } else {
            throw new IllegalArgumentException("rules '" + spec + "': not 'std', a .pypm file or a directory");
        }
        return loader.finish();
    }

    /** Loads one source text (imports resolve under {@code importsFrom}), e.g. a rule set given to the polyglot API. */
    public static RuleSet load(SourceText text, ModuleSource importsFrom, Predicate<String> knownOp) {
        RuleLoader loader = new RuleLoader(knownOp);
        String base = Path.of(text.name()).getFileName().toString().replaceFirst("\\.pypm$", "");
        loader.ruleModules.add(loader.register(base.replaceAll("\\W", "_"), Parser.parse(text), importsFrom));
        return loader.finish();
    }

    private static List<String> pypmFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".pypm"))
                    .sorted().map(n -> n.substring(0, n.length() - 5)).toList();
            if (names.isEmpty()) {
                throw new IllegalArgumentException("rules directory '" + dir + "' has no .pypm file");
            }
            return names;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list rules directory '" + dir + "': " + e.getMessage(), e);
        }
    }

    private Loaded module(ModuleSource source, List<String> path, Span importedAt) {
        String name = source.moduleName(path);
        Loaded done = modules.get(name);
        if (done != null) {
            return done;
        }
        SourceText text = source.read(path);
        if (text == null) {
            String what = "no module " + String.join(".", path);
            if (importedAt == null) {
                throw new IllegalArgumentException(what);
            }
            throw new SourceError(importedAt, what + (source instanceof ModuleSource.Std ? " in the standard library"
                    : " (looked for " + String.join("/", path) + ".pypm beside the importing file)"));
        }
        return register(name, Parser.parse(text), source);
    }

    private Loaded register(String name, Module ast, ModuleSource source) {
        Map<String, DefinitionRef> own = new LinkedHashMap<>();
        for (Decl.PatternDef d : ast.patterns()) {
            DefinitionRef ref = new DefinitionRef(name + "." + d.name(), d.params().size(), d.span());
            DefinitionRef before = own.putIfAbsent(d.name(), ref);
            if (before != null) {
                throw new SourceError(d.span(), "pattern " + d.name() + " is defined twice (first at "
                        + before.span().where() + ")");
            }
            definitionSpans.put(ref.coreName(), d.span());
        }
        Map<String, DefinitionRef> visible = new LinkedHashMap<>(own);
        Loaded loaded = new Loaded(name, ast, source, own, visible);
        modules.put(name, loaded);
        for (Decl.Import imp : ast.imports()) {
            importInto(loaded, imp);
        }
        Lowering lowering = new Lowering(visible, knownOp);
        for (Decl.PatternDef d : ast.patterns()) {
            definitions.add(lowering.definition(d, own.get(d.name()).coreName()));
        }
        return loaded;
    }

    private void importInto(Loaded into, Decl.Import imp) {
        List<String> path = imp.module();
        boolean std = path.getFirst().equals("std") && path.size() > 1;
        ModuleSource source = std ? new ModuleSource.Std() : into.source();
        Loaded from = module(source, std ? path.subList(1, path.size()) : path, imp.span());
        if (imp.names() == null) {
            from.own().forEach((n, ref) -> bring(into, n, ref, imp.span()));
            return;
        }
        for (Decl.Param n : imp.names()) {
            DefinitionRef ref = from.own().get(n.name());
            if (ref == null) {
                throw new SourceError(n.span(), "module " + String.join(".", path) + " has no pattern " + n.name());
            }
            bring(into, n.name(), ref, n.span());
        }
    }

    private static void bring(Loaded into, String name, DefinitionRef ref, Span at) {
        DefinitionRef before = into.visible().putIfAbsent(name, ref);
        if (before != null && !before.equals(ref)) {
            throw new SourceError(at, "import brings pattern " + name + ", which is already defined at "
                    + before.span().where());
        }
    }

    private RuleSet finish() {
        List<RuleDraft> drafts = new ArrayList<>();
        Map<String, Span> ruleNames = new HashMap<>();
        for (Loaded m : ruleModules) {
            Lowering lowering = new Lowering(m.visible(), knownOp);
            for (Decl.RuleDef r : m.ast().rules()) {
                Span before = ruleNames.putIfAbsent(r.name(), r.span());
                if (before != null) {
                    throw new SourceError(r.span(), "rule " + r.name() + " is defined twice (first at " + before.where() + ")");
                }
                drafts.add(new RuleDraft(r, lowering.query(r.pattern(), r.name())));
            }
        }
        Map<String, Definition> byName = checkWellFormed(drafts);
        List<Rule> rules = new ArrayList<>();
        for (RuleDraft d : drafts) {
            RuleChecks.check(d.rule(), d.query(), knownOp);
            rules.add(new Rule(d.rule().name(), d.rule().priority(), d.query().pattern(), d.query().termVariables(),
                    d.query().functionVariables(), d.rule().condition(), d.rule().replacement(),
                    RootOps.of(d.query().pattern(), byName), d.rule().span()));
        }
        return new RuleSet(definitions, rules);
    }

    private record RuleDraft(Decl.RuleDef rule, Lowering.Query query) {
    }

    /** The core's own check, on every definition and every rule's query; its verdict is mapped back to the source. */
    private Map<String, Definition> checkWellFormed(List<RuleDraft> drafts) {
        Map<String, Definition> byName = wellFormed(new Pattern.Wildcard(), null);
        for (RuleDraft d : drafts) {
            wellFormed(d.query().pattern(), d.rule().span());
        }
        return byName;
    }

    private Map<String, Definition> wellFormed(Pattern query, Span ruleSpan) {
        try {
            return WellFormedness.check(definitions, query);
        } catch (IllFormedException e) {
            Span at = e.definition() == null ? ruleSpan : definitionSpans.get(e.definition());
            if (at == null) {
                throw e;
            }
            throw new SourceError(at, "ill-formed: " + e.getMessage());
        }
    }
}
