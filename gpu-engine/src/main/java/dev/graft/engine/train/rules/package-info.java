/**
 * One gradient rule per op (or a family of alike ops), each checked against
 * finite differences of the op's CPU implementation in the tests.
 */
package dev.graft.engine.train.rules;
