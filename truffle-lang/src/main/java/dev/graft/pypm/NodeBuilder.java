package dev.graft.pypm;

import com.oracle.truffle.api.TruffleLanguage;
import dev.graft.pypm.core.Definition;
import dev.graft.pypm.core.Guard;
import dev.graft.pypm.core.Pattern;
import dev.graft.pypm.nodes.AlternativeNode;
import dev.graft.pypm.nodes.CallNode;
import dev.graft.pypm.nodes.ConjunctionNode;
import dev.graft.pypm.nodes.DefinitionRoot;
import dev.graft.pypm.nodes.ExistsNode;
import dev.graft.pypm.nodes.FunctionVariableNode;
import dev.graft.pypm.nodes.GuardedNode;
import dev.graft.pypm.nodes.OperatorNode;
import dev.graft.pypm.nodes.ParameterNode;
import dev.graft.pypm.nodes.PatternNode;
import dev.graft.pypm.nodes.VariableNode;
import dev.graft.pypm.nodes.VariableRef;
import dev.graft.pypm.nodes.WildcardNode;
import dev.graft.pypm.nodes.guard.ArithmeticNodeGen;
import dev.graft.pypm.nodes.guard.ArityNode;
import dev.graft.pypm.nodes.guard.AttributeNode;
import dev.graft.pypm.nodes.guard.CompareNodeGen;
import dev.graft.pypm.nodes.guard.ConstantNode;
import dev.graft.pypm.nodes.guard.EqualsNodeGen;
import dev.graft.pypm.nodes.guard.FunctionNameNode;
import dev.graft.pypm.nodes.guard.GuardNode;
import dev.graft.pypm.nodes.guard.IndexNodeGen;
import dev.graft.pypm.nodes.guard.LengthNodeGen;
import dev.graft.pypm.nodes.guard.ListLiteralNode;
import dev.graft.pypm.nodes.guard.LogicalNode;
import dev.graft.pypm.nodes.guard.NotNodeGen;
import dev.graft.pypm.nodes.guard.OpNameNode;
import dev.graft.pypm.runtime.Slot;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns well-formed core patterns into Truffle nodes. Each name is resolved here, once:
 * a parameter to its argument position, an {@code exists} binder to a local of the
 * activation, and a free variable of the query to a slot shared by all its occurrences.
 * Term and function variables are resolved in separate name spaces.
 */
final class NodeBuilder {
    private final Map<String, DefinitionRoot> roots;
    /** The query's free variables, sorted by name as answers list them. */
    final Map<String, Slot> freeTermVariables = new TreeMap<>();
    final Map<String, Slot> freeFunctionVariables = new TreeMap<>();
    /** Exists binders numbered so far in the body being built. */
    private int binders;
    /** Whether unresolved names are free variables (the query) rather than impossible (a body). */
    private boolean inQuery;

    NodeBuilder(TruffleLanguage<?> language, Map<String, Definition> definitions) {
        this.roots = new TreeMap<>();
        for (Definition d : definitions.values()) {
            roots.put(d.name(), new DefinitionRoot(language, d.name()));
        }
        for (Definition d : definitions.values()) {
            binders = 0;
            inQuery = false;
            Scope scope = null;
            for (int i = 0; i < d.params().size(); i++) {
                scope = new Scope(d.params().get(i), new VariableRef.Param(i), scope);
            }
            PatternNode body = pattern(d.body(), scope, null);
            roots.get(d.name()).setBody(body, binders);
        }
    }

    /** Builds the query; {@link #binders} then holds the number of its exists binders. */
    PatternNode query(Pattern query) {
        binders = 0;
        inQuery = true;
        return pattern(query, null, null);
    }

    int binders() {
        return binders;
    }

    private PatternNode pattern(Pattern p, Scope terms, Scope functions) {
        return switch (p) {
            case Pattern.Wildcard w -> new WildcardNode();
            case Pattern.Var v -> {
                VariableRef ref = termRef(v.name(), terms);
                yield ref instanceof VariableRef.Param param
                        ? new ParameterNode(param.index()) : new VariableNode(ref);
            }
            case Pattern.OpPattern o -> new OperatorNode(o.op(), patterns(o.args(), terms, functions));
            case Pattern.FunVar f -> new FunctionVariableNode(functionRef(f.name(), functions),
                    patterns(f.args(), terms, functions));
            case Pattern.Alt a -> new AlternativeNode(pattern(a.left(), terms, functions),
                    pattern(a.right(), terms, functions));
            case Pattern.And a -> new ConjunctionNode(pattern(a.left(), terms, functions),
                    pattern(a.right(), terms, functions));
            case Pattern.Guarded g -> new GuardedNode(pattern(g.pattern(), terms, functions),
                    guard(g.guard(), terms, functions));
            case Pattern.Exists e -> {
                int binder = binders++;
                yield new ExistsNode(e.var(), binder,
                        pattern(e.body(), new Scope(e.var(), new VariableRef.Local(binder), terms), functions));
            }
            case Pattern.ExistsFun e -> {
                int binder = binders++;
                yield new ExistsNode("?" + e.funVar(), binder,
                        pattern(e.body(), terms, new Scope(e.funVar(), new VariableRef.Local(binder), functions)));
            }
            case Pattern.Call c -> new CallNode(roots.get(c.definition()), patterns(c.args(), terms, functions));
        };
    }

    private PatternNode[] patterns(List<Pattern> ps, Scope terms, Scope functions) {
        PatternNode[] out = new PatternNode[ps.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = pattern(ps.get(i), terms, functions);
        }
        return out;
    }

    private GuardNode guard(Guard g, Scope terms, Scope functions) {
        return switch (g) {
            case Guard.Bool b -> new ConstantNode(b.value());
            case Guard.Int i -> new ConstantNode(i.value());
            case Guard.Str s -> new ConstantNode(s.value());
            case Guard.ListOf l -> {
                GuardNode[] elements = new GuardNode[l.elements().size()];
                for (int i = 0; i < elements.length; i++) {
                    elements[i] = guard(l.elements().get(i), terms, functions);
                }
                yield new ListLiteralNode(elements);
            }
            case Guard.OpOf o -> new OpNameNode(termRef(o.var(), terms));
            case Guard.AttrOf a -> new AttributeNode(termRef(a.var(), terms), a.name());
            case Guard.ArityOf a -> new ArityNode(termRef(a.var(), terms));
            case Guard.FunName f -> new FunctionNameNode(functionRef(f.funVar(), functions));
            case Guard.Len l -> LengthNodeGen.create(guard(l.list(), terms, functions));
            case Guard.Index i -> IndexNodeGen.create(guard(i.list(), terms, functions),
                    guard(i.index(), terms, functions));
            case Guard.Binary b -> binary(b, guard(b.left(), terms, functions), guard(b.right(), terms, functions));
            case Guard.And a -> new LogicalNode(true, guard(a.left(), terms, functions),
                    guard(a.right(), terms, functions));
            case Guard.Or o -> new LogicalNode(false, guard(o.left(), terms, functions),
                    guard(o.right(), terms, functions));
            case Guard.Not n -> NotNodeGen.create(guard(n.operand(), terms, functions));
        };
    }

    private static GuardNode binary(Guard.Binary b, GuardNode left, GuardNode right) {
        return switch (b.op()) {
            case ADD, SUB, MUL, DIV, MOD -> ArithmeticNodeGen.create(b.op(), left, right);
            case LT, LE, GT, GE -> CompareNodeGen.create(b.op(), left, right);
            case EQ -> EqualsNodeGen.create(false, left, right);
            case NE -> EqualsNodeGen.create(true, left, right);
        };
    }

    private VariableRef termRef(String name, Scope scope) {
        return resolve(name, scope, freeTermVariables);
    }

    private VariableRef functionRef(String name, Scope scope) {
        return resolve(name, scope, freeFunctionVariables);
    }

    private VariableRef resolve(String name, Scope scope, Map<String, Slot> free) {
        VariableRef ref = Scope.find(scope, name);
        if (ref != null) {
            return ref;
        }
        if (!inQuery) {
            throw new IllegalStateException("unresolved name " + name + " in a body: well-formedness not checked");
        }
        return new VariableRef.Free(free.computeIfAbsent(name, Slot::new));
    }
}
