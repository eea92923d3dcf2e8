package dev.graft.pypm.nodes;

/** A pattern node that is a bare variable, so a guard-used parameter can follow it to a slot. */
public interface NamesVariable {
    VariableRef ref();
}
