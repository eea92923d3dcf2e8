package dev.graft.pypm.parser.ast;

import dev.graft.pypm.parser.SourceText;
import java.util.List;

/** One parsed {@code .pypm} file: its statements in source order. */
public record Module(SourceText source, List<Decl> decls) {
    public Module {
        decls = List.copyOf(decls);
    }

    public List<Decl.Import> imports() {
        return decls.stream().filter(Decl.Import.class::isInstance).map(Decl.Import.class::cast).toList();
    }

    public List<Decl.PatternDef> patterns() {
        return decls.stream().filter(Decl.PatternDef.class::isInstance).map(Decl.PatternDef.class::cast).toList();
    }

    public List<Decl.RuleDef> rules() {
        return decls.stream().filter(Decl.RuleDef.class::isInstance).map(Decl.RuleDef.class::cast).toList();
    }
}
