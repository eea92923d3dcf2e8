#!/usr/bin/env python3
"""Writes bench/core-cases.txt, the fixed case file of `graft bench core` (seeded, so the
file is reproducible). A mix of what the rewrite library does in core terms: recursion
over chains, many results, nonlinear equality of large subterms, shape guards on
attention-like subgraphs, local variables and fuel exhaustion."""
import random

rng = random.Random(20261126)
NAT = '((def Nat () (alt (op z) (op s (call Nat)))))'
ANY = '((def Any (x) (alt (op cons (var x) _) (op cons _ (call Any (var x))))))'
LAST = '((def Last (x) (alt (op cons (var x) (op nil)) (op cons _ (call Last (var x))))))'
HEADS = '((def Heads () (alt (op nil) (exists h (op cons (var h) (call Heads))))))'
LOOP = '((def Loop () (alt (op never) (call Loop))))'
CHAIN = ('((def Unary (x) (alt (var x) (existsf F (guard (fvar F (call Unary (var x))) '
         '(or (== (fname F) "Cast") (== (fname F) "Identity")))))))')


def nat(d):
    return '(z ())' if d == 0 else '(s () ' + nat(d - 1) + ')'


def lst(n):
    out = '(nil ())'
    for i in reversed(range(n)):
        out = '(cons () (e ((i %d))) %s)' % (i, out)
    return out


def tree(d):
    if d == 0:
        return '(leaf ((v %d)))' % rng.randint(0, 3)
    return '(node ((k %d)) %s %s)' % (d, tree(d - 1), tree(d - 1))


def tensor(name, shape):
    return '(Input ((name "%s") (shape (list %s)))) ' % (name, ' '.join(map(str, shape)))


def attention(heads, dim, masked, wrap):
    q = tensor('q', [1, heads, 16, dim])
    k = tensor('k', [1, heads, 16, dim])
    v = tensor('v', [1, heads, 16, dim])
    scores = '(Mul () (MatMul () %s (Transpose ((perm (list 0 1 3 2))) %s)) (Constant ((value "0.125"))))' % (q, k)
    if masked:
        scores = '(Add () %s %s)' % (scores, tensor('mask', [1, 1, 16, 16]))
    out = '(MatMul () (Softmax ((axis -1)) %s) %s)' % (scores, v)
    for _ in range(wrap):
        out = '(Cast ((to 1)) %s)' % out
    return out


SDPA = ('(call Unary (and (op MatMul (op Softmax (alt (op Add (var s) (var m)) (var s))) (var v)) '
        '(guard (and (var v) _) (and (== (len (attr v "shape")) 4) (== (index (attr v "shape") -1) 64)))))')
lines = []
for i in range(2000):
    kind = i % 10
    if kind == 0:
        d = rng.randint(10, 200)
        lines.append('(match %s (call Nat) %s %d)' % (NAT, nat(d), d + rng.choice([1, 0, -1])))
    elif kind == 1:
        lines.append('(match %s (call Any (var x)) %s 100)' % (ANY, lst(rng.randint(5, 60))))
    elif kind == 2:
        lines.append('(match %s (call Last (var x)) %s 100)' % (LAST, lst(rng.randint(5, 60))))
    elif kind == 3:
        t = tree(rng.randint(4, 8))
        other = t if rng.random() < 0.7 else tree(rng.randint(4, 8))
        lines.append('(match () (op pair (var x) (var x)) (pair () %s %s) 0)' % (t, other))
    elif kind == 4:
        lines.append('(match %s %s %s 50)' % (CHAIN, SDPA, attention(rng.choice([4, 8]), rng.choice([32, 64]),
                                                                    rng.random() < 0.5, rng.randint(0, 3))))
    elif kind == 5:
        lines.append('(match %s (call Heads) %s 100)' % (HEADS, lst(rng.randint(5, 60))))
    elif kind == 6:
        lines.append('(match %s (call Loop) (a ()) %d)' % (LOOP, rng.randint(50, 400)))
    elif kind == 7:
        k = rng.randint(3, 8)
        p = '_'
        for _ in range(k):
            p = '(and (alt (var x) (var y)) %s)' % p
        lines.append('(match () %s (a ((n %d))) 0)' % (p, k))
    elif kind == 8:
        d = rng.randint(3, 7)
        lines.append('(match () (fvar F (var a) (guard (var b) (and (== (opof b) (fname F)) (>= (attr b "k") %d)))) %s 0)'
                     % (rng.randint(0, d), tree(d)))
    else:
        lines.append('(match () (op f (alt (var x) (var y)) (alt (var z) (var w))) (f () (a ()) (b ())) 0)')
with open('core-cases.txt', 'w') as f:
    f.write('; Fixed case file of `graft bench core`; written by bench/make-core-cases.py.\n')
    f.write('\n'.join(lines) + '\n')
