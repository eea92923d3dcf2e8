/**
 * The graph model every part of Graft works on.
 *
 * <p>A {@link dev.graft.engine.graph.Graph} is a typed DAG. {@link dev.graft.engine.graph.Node}s
 * carry an op type (plus domain, empty for standard ONNX), {@link dev.graft.engine.graph.Attributes}
 * and ordered input and output {@link dev.graft.engine.graph.Value}s. A value is a named edge:
 * a graph input, an initializer (a constant {@link dev.graft.engine.tensor.Tensor}) or a node
 * output; its {@link dev.graft.engine.graph.TensorType} pairs a
 * {@link dev.graft.engine.tensor.DType} with a {@link dev.graft.engine.graph.Shape} whose
 * {@link dev.graft.engine.graph.Dim}s are known sizes, named symbols ({@code batch},
 * {@code seq}: one name, one size, bound from the inputs at run time) or unknown.
 *
 * <p>Rewrites use {@link dev.graft.engine.graph.Graph#addNode}, {@link dev.graft.engine.graph.Graph#setInput},
 * {@link dev.graft.engine.graph.Graph#replaceAllUses}, {@link dev.graft.engine.graph.Graph#consumers}
 * and {@link dev.graft.engine.graph.Graph#removeDeadNodes}; {@link dev.graft.engine.graph.Graph#topologicalOrder}
 * gives a deterministic execution order whatever order nodes were added in. Types of new
 * values are filled by {@link dev.graft.engine.ops.TypeInference}.
 *
 * <p>The text format ({@link dev.graft.engine.graph.GraphTextWriter} documents it,
 * {@link dev.graft.engine.graph.GraphTextReader} parses it) round-trips: reading what was
 * written gives an {@code equals} graph, floats included bit for bit.
 */
package dev.graft.engine.graph;
