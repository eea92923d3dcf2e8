package dev.graft.pypm.parser;

import dev.graft.pypm.parser.ast.Keyword;
import dev.graft.pypm.parser.ast.PatternExpr;
import java.util.ArrayList;
import java.util.List;

/**
 * Patterns. Loosest first: {@code |}, then {@code &}, then {@code where} (which
 * guards the one pattern before it; parenthesize to guard more), then {@code as};
 * {@code exists x, ?F: p} extends as far right as it can.
 */
final class PatternParser {
    private final TokenStream in;
    private final ExprParser exprs;

    PatternParser(TokenStream in, ExprParser exprs) {
        this.in = in;
        this.exprs = exprs;
    }

    PatternExpr pattern() {
        PatternExpr left = conjunction();
        while (in.accept(TokenKind.BAR)) {
            PatternExpr right = conjunction();
            left = new PatternExpr.Alt(left, right, left.span().to(right.span()));
        }
        return left;
    }

    private PatternExpr conjunction() {
        PatternExpr left = guarded();
        while (in.accept(TokenKind.AMP)) {
            PatternExpr right = guarded();
            left = new PatternExpr.Both(left, right, left.span().to(right.span()));
        }
        return left;
    }

    private PatternExpr guarded() {
        PatternExpr p = bound();
        while (in.accept(TokenKind.WHERE)) {
            var guard = exprs.expr();
            p = new PatternExpr.Where(p, guard, p.span().to(guard.span()));
        }
        return p;
    }

    private PatternExpr bound() {
        PatternExpr p = primary();
        while (in.accept(TokenKind.AS)) {
            Token name = in.expect(TokenKind.IDENT, "after 'as'");
            p = new PatternExpr.As(p, name.text(), p.span().to(name.span()));
        }
        return p;
    }

    private PatternExpr primary() {
        Token t = in.current();
        switch (in.peek()) {
            case IDENT -> {
                in.advance();
                if (t.text().equals("_")) {
                    return new PatternExpr.Wildcard(t.span());
                }
                if (!in.accept(TokenKind.LPAREN)) {
                    return new PatternExpr.Var(t.text(), t.span());
                }
                Arguments a = arguments(t.text());
                return new PatternExpr.Apply(t.text(), a.patterns, a.keywords, in.spanFrom(t.span()));
            }
            case QUESTION -> {
                in.advance();
                Token name = in.expect(TokenKind.IDENT, "after '?' (a function variable)");
                in.expect(TokenKind.LPAREN, "after function variable ?" + name.text());
                Arguments a = arguments("?" + name.text());
                return new PatternExpr.FunVar(name.text(), a.patterns, a.keywords, in.spanFrom(t.span()));
            }
            case LPAREN -> {
                in.advance();
                PatternExpr inner = pattern();
                in.expect(TokenKind.RPAREN, "to close '('");
                return inner;
            }
            case EXISTS -> {
                in.advance();
                List<PatternExpr.LocalName> names = new ArrayList<>();
                do {
                    Token q = in.current();
                    boolean function = in.accept(TokenKind.QUESTION);
                    Token name = in.expect(TokenKind.IDENT, "(a local variable) after 'exists'");
                    names.add(new PatternExpr.LocalName(name.text(), function, q.span().to(name.span())));
                } while (in.accept(TokenKind.COMMA));
                in.expect(TokenKind.COLON, "after the local variables of 'exists'");
                PatternExpr body = pattern();
                return new PatternExpr.Exists(names, body, t.span().to(body.span()));
            }
            default -> throw in.unexpected("a pattern");
        }
    }

    private record Arguments(List<PatternExpr> patterns, List<Keyword> keywords) {
    }

    /** {@code p, ..., name=expr, ...)} after the opening parenthesis. */
    private Arguments arguments(String owner) {
        List<PatternExpr> patterns = new ArrayList<>();
        List<Keyword> keywords = new ArrayList<>();
        while (!in.at(TokenKind.RPAREN)) {
            if (in.at(TokenKind.IDENT) && in.peekAt(1) == TokenKind.ASSIGN) {
                Token name = in.advance();
                in.advance();
                var value = exprs.expr();
                keywords.add(new Keyword(name.text(), value, name.span().to(value.span())));
            } else if (!keywords.isEmpty()) {
                throw new SourceError(in.current().span(), "a pattern argument of " + owner + " after an attribute test");
            } else {
                patterns.add(pattern());
            }
            if (!in.accept(TokenKind.COMMA)) {
                break;
            }
        }
        in.expect(TokenKind.RPAREN, "to close the arguments of " + owner);
        return new Arguments(patterns, keywords);
    }
}
