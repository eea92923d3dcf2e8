package dev.graft.conformance.trace;

/**
 * The semantic clauses of CORE-SPEC that a conformance run must reach: one per
 * line of section 5, the ways fuel exhaustion propagates, the guard results and
 * each way a guard fails (section 4), the ways a request is rejected (sections 2
 * and 8), and the shapes of definitions and answers that section 9 warns about.
 * A run that leaves one at zero has not tested it.
 */
public enum Clause {
    WILDCARD("pattern", "_ matches any term"),
    VAR_UNBOUND("pattern", "x unbound: binds it"),
    VAR_BOUND_EQUAL("pattern", "x bound to an equal term"),
    VAR_BOUND_OTHER("pattern", "x bound to another term: no result"),
    OP_NAME_DIFFERS("pattern", "f(..) on another op name"),
    OP_ARITY_DIFFERS("pattern", "f(..) on another arity"),
    OP_NULLARY("pattern", "f() on a leaf"),
    OP_CHILDREN("pattern", "f(p1..pn) threads substitutions through children"),
    OP_LATER_CHILD_SKIPPED("pattern", "a child after one with no result is never matched"),
    FVAR_ARITY_DIFFERS("pattern", "?F(..) on another arity"),
    FVAR_BOUND_OTHER("pattern", "?F bound to another name"),
    FVAR_BOUND_SAME("pattern", "?F bound to the same name"),
    FVAR_UNBOUND("pattern", "?F unbound: binds it"),
    ALT("pattern", "p1 | p2 concatenates"),
    AND_LEFT_EMPTY("pattern", "p1 & p2 with no result on the left: right never matched"),
    AND_RIGHT_MATCHED("pattern", "p1 & p2 matches the right under each left result"),
    EXISTS_UNBOUND("pattern", "exists x over an unbound name"),
    EXISTS_RESTORES_BOUND("pattern", "exists x restoring a bound name"),
    EXISTSF_UNBOUND("pattern", "exists ?F over an unbound name"),
    EXISTSF_RESTORES_BOUND("pattern", "exists ?F restoring a bound name"),
    CALL_FUEL_ZERO("call", "call with fuel 0: Exhausted"),
    CALL_UNFOLDS("call", "call unfolds its body with one less fuel"),
    CALL_RENAMES_APART("call", "call renames a body local that an argument would capture"),
    CALL_ARGUMENT_UNUSED("call", "argument whose parameter the body never uses"),
    CALL_ARGUMENT_TWICE("call", "argument used twice in the body"),
    CALL_IN_ARGUMENT("call", "call inside an argument, charged where it lands"),
    EXHAUSTED_ALT_LEFT("exhausted", "Exhausted from the left of |"),
    EXHAUSTED_ALT_RIGHT("exhausted", "Exhausted from the right of | after the left matched"),
    EXHAUSTED_LATER_CHILD("exhausted", "Exhausted propagated from a later child"),
    EXHAUSTED_AND_RIGHT("exhausted", "Exhausted from the right of &"),
    EXHAUSTED_UNDER_GUARD("exhausted", "Exhausted under a guard"),
    EXHAUSTED_UNDER_EXISTS("exhausted", "Exhausted under exists"),
    GUARD_TRUE("guard", "guard true: keeps the substitution"),
    GUARD_FALSE("guard", "guard false: drops it"),
    GUARD_NOT_BOOLEAN("guard", "guard evaluates to a non-boolean: drops it"),
    GUARD_UNBOUND("guard error", "unbound variable"),
    GUARD_MISSING_ATTRIBUTE("guard error", "missing attribute"),
    GUARD_LEN_TYPE("guard error", "len of a non-list"),
    GUARD_INDEX_TYPE("guard error", "index into a non-list or by a non-integer"),
    GUARD_INDEX_RANGE("guard error", "index out of range"),
    GUARD_ORDER_TYPE("guard error", "order comparison of non-integers"),
    GUARD_ARITHMETIC_TYPE("guard error", "arithmetic on non-integers"),
    GUARD_DIVISION_BY_ZERO("guard error", "division or remainder by zero"),
    GUARD_BOOLEAN_TYPE("guard error", "and/or/not on a non-boolean"),
    GUARD_ERROR_UNDER_NOT("guard error", "error under not is still false"),
    GUARD_NEGATIVE_INDEX("guard", "negative index counts from the end"),
    GUARD_SHORT_CIRCUIT("guard", "and/or skips its right operand"),
    GUARD_EQUALITY_ACROSS_TYPES("guard", "== on values of different types"),
    GUARD_LIST_EQUALITY("guard", "== on lists"),
    GUARD_SEES_FUNCTION_VARIABLE("guard", "guard reads a function variable bound by an enclosing ?F"),
    DEFS_RECURSIVE_GUARDED("definitions", "recursive definition, guarded"),
    DEFS_RECURSIVE_UNGUARDED("definitions", "recursive definition, unguarded"),
    TERM_ATTRIBUTES_UNSORTED("request", "attributes arriving out of order"),
    TERM_LIST_ATTRIBUTE("request", "term with a list attribute (a shape)"),
    FUEL_ZERO("request", "request with fuel 0"),
    MALFORMED_SYNTAX("rejected", "not an S-expression"),
    MALFORMED_FORM("rejected", "a form of the wrong shape"),
    MALFORMED_DUPLICATE_ATTRIBUTE("rejected", "duplicate attribute"),
    ILL_FORMED_FREE_VARIABLE("rejected", "free variable in a body"),
    ILL_FORMED_UNKNOWN_DEFINITION("rejected", "unknown definition"),
    ILL_FORMED_ARGUMENT_COUNT("rejected", "wrong number of arguments"),
    ILL_FORMED_DUPLICATE_DEFINITION("rejected", "duplicate definition name"),
    ILL_FORMED_DUPLICATE_PARAMETER("rejected", "duplicate parameter name"),
    ILL_FORMED_GUARD_USED_NOT_VARIABLE("rejected", "non-variable for a guard-used parameter"),
    ANSWER_NO_MATCH("answer", "(ok ())"),
    ANSWER_ONE("answer", "one substitution"),
    ANSWER_MANY("answer", "several substitutions"),
    ANSWER_DUPLICATES("answer", "duplicate substitutions"),
    ANSWER_EXHAUSTED("answer", "(exhausted)");

    private final String group;
    private final String description;

    Clause(String group, String description) {
        this.group = group;
        this.description = description;
    }

    public String group() {
        return group;
    }

    public String description() {
        return description;
    }
}
