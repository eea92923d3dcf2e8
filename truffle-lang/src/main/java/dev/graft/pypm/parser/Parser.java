package dev.graft.pypm.parser;

import dev.graft.pypm.parser.ast.Decl;
import dev.graft.pypm.parser.ast.Expr;
import dev.graft.pypm.parser.ast.Keyword;
import dev.graft.pypm.parser.ast.Module;
import dev.graft.pypm.parser.ast.PatternExpr;
import dev.graft.pypm.parser.ast.Replacement;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses one {@code .pypm} file into its surface statements. A statement starts at
 * column 1 with {@code import}, {@code from}, {@code pattern} or {@code rule} and
 * continues on indented lines:
 *
 * <pre>
 * from common import Commuted
 * pattern Silu(x) = Mul(x, Sigmoid(x)) | Mul(Sigmoid(x), x)
 * rule swiglu priority 5:
 *     match Commuted(Silu(g), u) ...
 *     if g.dtype == "f32"
 *     =&gt; FusedSwiGLU(g, u)
 * </pre>
 *
 * The first error ends parsing with a {@link SourceError}.
 */
public final class Parser {
    private final TokenStream in;
    private final ExprParser exprs;
    private final PatternParser patterns;
    private final SourceText source;

    private Parser(SourceText source) {
        this.source = source;
        this.in = new TokenStream(Lexer.tokenize(source));
        this.exprs = new ExprParser(in);
        this.patterns = new PatternParser(in, exprs);
    }

    public static Module parse(SourceText source) {
        return new Parser(source).module();
    }

    private Module module() {
        List<Decl> decls = new ArrayList<>();
        while (!in.atEnd()) {
            Token first = in.current();
            if (!first.startsLine()) {
                throw new SourceError(first.span(), "a statement must start at column 1");
            }
            in.beginStatement();
            decls.add(switch (first.kind()) {
                case IMPORT -> importAll();
                case FROM -> importNames();
                case PATTERN -> patternDef();
                case RULE -> ruleDef();
                default -> throw new SourceError(first.span(),
                        "expected 'pattern', 'rule', 'import' or 'from', found " + first.describe());
            });
            in.endStatement();
        }
        return new Module(source, decls);
    }

    private Decl.Import importAll() {
        Span start = in.advance().span();
        List<String> module = modulePath();
        return new Decl.Import(module, null, in.spanFrom(start));
    }

    private Decl.Import importNames() {
        Span start = in.advance().span();
        List<String> module = modulePath();
        in.expect(TokenKind.IMPORT, "after the module name");
        List<Decl.Param> names = new ArrayList<>();
        do {
            Token name = in.expect(TokenKind.IDENT, "(a pattern name) in the import list");
            names.add(new Decl.Param(name.text(), name.span()));
        } while (in.accept(TokenKind.COMMA));
        return new Decl.Import(module, names, in.spanFrom(start));
    }

    private List<String> modulePath() {
        List<String> path = new ArrayList<>();
        do {
            path.add(in.expect(TokenKind.IDENT, "(a module name)").text());
        } while (in.accept(TokenKind.DOT));
        return path;
    }

    private Decl.PatternDef patternDef() {
        Span start = in.advance().span();
        Token name = in.expect(TokenKind.IDENT, "(the pattern's name) after 'pattern'");
        in.expect(TokenKind.LPAREN, "after the pattern's name");
        List<Decl.Param> params = new ArrayList<>();
        if (!in.at(TokenKind.RPAREN)) {
            do {
                Token p = in.expect(TokenKind.IDENT, "(a parameter)");
                params.add(new Decl.Param(p.text(), p.span()));
            } while (in.accept(TokenKind.COMMA));
        }
        in.expect(TokenKind.RPAREN, "to close the parameters");
        in.expect(TokenKind.ASSIGN, "before the pattern's body");
        PatternExpr body = patterns.pattern();
        return new Decl.PatternDef(name.text(), params, body, in.spanFrom(start));
    }

    private Decl.RuleDef ruleDef() {
        Span start = in.advance().span();
        Token name = in.expect(TokenKind.IDENT, "(the rule's name) after 'rule'");
        int priority = 0;
        if (in.accept(TokenKind.PRIORITY)) {
            boolean negative = in.accept(TokenKind.MINUS);
            Token p = in.expect(TokenKind.INT, "after 'priority'");
            try {
                priority = Integer.parseInt(p.text()) * (negative ? -1 : 1);
            } catch (NumberFormatException e) {
                throw new SourceError(p.span(), "priority " + p.text() + " is too large");
            }
        }
        in.expect(TokenKind.COLON, "after the rule's name");
        in.expect(TokenKind.MATCH, "to begin the rule's pattern");
        PatternExpr pattern = patterns.pattern();
        Expr condition = null;
        if (in.accept(TokenKind.IF)) {
            condition = exprs.expr();
        }
        in.expect(TokenKind.ARROW, "before the rule's replacement");
        Replacement replacement = replacement();
        return new Decl.RuleDef(name.text(), priority, pattern, condition, replacement, in.spanFrom(start));
    }

    private Replacement replacement() {
        Token t = in.current();
        if (in.accept(TokenKind.NONE)) {
            return new Replacement.NoInput(t.span());
        }
        in.expect(TokenKind.IDENT, "(an op or a variable) in the replacement");
        if (!in.accept(TokenKind.LPAREN)) {
            return new Replacement.Input(t.text(), t.span());
        }
        List<Replacement> inputs = new ArrayList<>();
        List<Keyword> attributes = new ArrayList<>();
        while (!in.at(TokenKind.RPAREN)) {
            if (in.at(TokenKind.IDENT) && in.peekAt(1) == TokenKind.ASSIGN) {
                Token attr = in.advance();
                in.advance();
                Expr value = exprs.expr();
                attributes.add(new Keyword(attr.text(), value, attr.span().to(value.span())));
            } else if (!attributes.isEmpty()) {
                throw new SourceError(in.current().span(), "an input of " + t.text() + " after an attribute");
            } else {
                inputs.add(replacement());
            }
            if (!in.accept(TokenKind.COMMA)) {
                break;
            }
        }
        in.expect(TokenKind.RPAREN, "to close the inputs of " + t.text());
        return new Replacement.NewNode(t.text(), inputs, attributes, in.spanFrom(t.span()));
    }
}
