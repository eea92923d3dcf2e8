package dev.graft.conformance.trace;

import dev.graft.conformance.sx.Sx;
import java.util.List;

/** A checked pattern definition: its parameters and its body in wire form. */
record Definition(String name, List<String> params, Sx body) {
}
