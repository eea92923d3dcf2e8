/**
 * Running graphs from the command line: {@code graft run} ({@link dev.graft.engine.run.RunCommand})
 * and {@code graft show} ({@link dev.graft.engine.run.ShowCommand}), model loading
 * ({@link dev.graft.engine.run.ModelFiles}: .onnx or the text format), input checking and
 * symbol binding ({@link dev.graft.engine.run.InputBinding}), tensors in JSON
 * ({@link dev.graft.engine.run.TensorJson}), reference files
 * ({@link dev.graft.engine.run.ExpectedFile}) and the {@link dev.graft.engine.run.Backend}
 * service other backends register under {@code META-INF/services/dev.graft.engine.run.Backend}.
 */
package dev.graft.engine.run;
