package dev.graft.pypm.parser;

import dev.graft.pypm.parser.ast.BinaryOp;
import dev.graft.pypm.parser.ast.Expr;
import java.util.ArrayList;
import java.util.List;

/**
 * Expressions, with Python's precedence: {@code or} < {@code and} < {@code not} <
 * comparisons (one per expression, no chains) < {@code + -} < {@code * / %} <
 * unary minus < {@code .name} and {@code [index]}.
 */
final class ExprParser {
    private final TokenStream in;

    ExprParser(TokenStream in) {
        this.in = in;
    }

    Expr expr() {
        Expr left = and();
        while (in.at(TokenKind.OR)) {
            in.advance();
            Expr right = and();
            left = new Expr.Binary(BinaryOp.OR, left, right, left.span().to(right.span()));
        }
        return left;
    }

    private Expr and() {
        Expr left = not();
        while (in.at(TokenKind.AND)) {
            in.advance();
            Expr right = not();
            left = new Expr.Binary(BinaryOp.AND, left, right, left.span().to(right.span()));
        }
        return left;
    }

    private Expr not() {
        if (in.at(TokenKind.NOT)) {
            Span start = in.advance().span();
            Expr operand = not();
            return new Expr.Not(operand, start.to(operand.span()));
        }
        return comparison();
    }

    private Expr comparison() {
        Expr left = sum();
        BinaryOp op = comparisonOp();
        if (op == null) {
            return left;
        }
        boolean negated = in.at(TokenKind.NOT);
        if (negated) {
            in.advance();
            in.expect(TokenKind.IN, "after 'not' in a comparison");
        } else {
            in.advance();
        }
        Expr right = sum();
        Expr result = new Expr.Binary(op, left, right, left.span().to(right.span()));
        if (comparisonOp() != null) {
            throw new SourceError(in.current().span(), "comparisons do not chain; join them with 'and'");
        }
        return negated ? new Expr.Not(result, result.span()) : result;
    }

    private BinaryOp comparisonOp() {
        return switch (in.peek()) {
            case EQ -> BinaryOp.EQ;
            case NE -> BinaryOp.NE;
            case LT -> BinaryOp.LT;
            case LE -> BinaryOp.LE;
            case GT -> BinaryOp.GT;
            case GE -> BinaryOp.GE;
            case IN -> BinaryOp.IN;
            case NOT -> in.peekAt(1) == TokenKind.IN ? BinaryOp.IN : null;
            default -> null;
        };
    }

    private Expr sum() {
        Expr left = product();
        while (in.at(TokenKind.PLUS) || in.at(TokenKind.MINUS)) {
            BinaryOp op = in.advance().kind() == TokenKind.PLUS ? BinaryOp.ADD : BinaryOp.SUB;
            Expr right = product();
            left = new Expr.Binary(op, left, right, left.span().to(right.span()));
        }
        return left;
    }

    private Expr product() {
        Expr left = unary();
        while (true) {
            BinaryOp op = switch (in.peek()) {
                case STAR -> BinaryOp.MUL;
                case SLASH -> BinaryOp.DIV;
                case PERCENT -> BinaryOp.MOD;
                default -> null;
            };
            if (op == null) {
                return left;
            }
            in.advance();
            Expr right = unary();
            left = new Expr.Binary(op, left, right, left.span().to(right.span()));
        }
    }

    private Expr unary() {
        if (in.at(TokenKind.MINUS)) {
            Span start = in.advance().span();
            Expr operand = unary();
            Span span = start.to(operand.span());
            return switch (operand) {
                case Expr.IntLit i -> new Expr.IntLit(-i.value(), span);
                case Expr.FloatLit f -> new Expr.FloatLit(-f.value(), span);
                default -> new Expr.Negate(operand, span);
            };
        }
        return postfix();
    }

    private Expr postfix() {
        Expr e = atom();
        while (true) {
            if (in.accept(TokenKind.DOT)) {
                Token name = in.expect(TokenKind.IDENT, "after '.'");
                e = new Expr.Field(e, name.text(), e.span().to(name.span()));
            } else if (in.accept(TokenKind.LBRACKET)) {
                Expr index = expr();
                Token close = in.expect(TokenKind.RBRACKET, "to close the index");
                e = new Expr.Index(e, index, e.span().to(close.span()));
            } else {
                return e;
            }
        }
    }

    private Expr atom() {
        Token t = in.current();
        switch (in.peek()) {
            case INT -> {
                in.advance();
                try {
                    return new Expr.IntLit(Long.parseLong(t.text()), t.span());
                } catch (NumberFormatException e) {
                    throw new SourceError(t.span(), "integer " + t.text() + " does not fit in 64 bits");
                }
            }
            case FLOAT -> {
                in.advance();
                return new Expr.FloatLit(Double.parseDouble(t.text()), t.span());
            }
            case STRING -> {
                in.advance();
                return new Expr.StrLit(t.text(), t.span());
            }
            case TRUE, FALSE -> {
                in.advance();
                return new Expr.BoolLit(t.kind() == TokenKind.TRUE, t.span());
            }
            case NONE -> {
                in.advance();
                return new Expr.NoneLit(t.span());
            }
            case LBRACKET -> {
                in.advance();
                List<Expr> elements = new ArrayList<>();
                if (!in.at(TokenKind.RBRACKET)) {
                    do {
                        elements.add(expr());
                    } while (in.accept(TokenKind.COMMA) && !in.at(TokenKind.RBRACKET));
                }
                Token close = in.expect(TokenKind.RBRACKET, "to close the list");
                return new Expr.ListLit(elements, t.span().to(close.span()));
            }
            case LPAREN -> {
                in.advance();
                Expr inner = expr();
                in.expect(TokenKind.RPAREN, "to close '('");
                return inner;
            }
            case QUESTION -> {
                in.advance();
                Token name = in.expect(TokenKind.IDENT, "after '?' (a function variable)");
                return new Expr.FunName(name.text(), t.span().to(name.span()));
            }
            case IDENT -> {
                in.advance();
                if (!in.accept(TokenKind.LPAREN)) {
                    return new Expr.Name(t.text(), t.span());
                }
                List<Expr> args = new ArrayList<>();
                if (!in.at(TokenKind.RPAREN)) {
                    do {
                        args.add(expr());
                    } while (in.accept(TokenKind.COMMA) && !in.at(TokenKind.RPAREN));
                }
                Token close = in.expect(TokenKind.RPAREN, "to close the call of " + t.text());
                return new Expr.Call(t.text(), args, t.span().to(close.span()));
            }
            default -> throw in.unexpected("an expression");
        }
    }
}
