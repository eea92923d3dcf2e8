package dev.graft.conformance.trace;

import java.util.List;

/** A checked pattern definition: its parameters and its body in wire form. */
record Definition(String name, List<String> params, dev.graft.conformance.sx.Sx body) {
}
