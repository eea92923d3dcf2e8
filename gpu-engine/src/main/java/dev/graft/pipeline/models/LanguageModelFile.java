package dev.graft.pipeline.models;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.graph.Value;
import dev.graft.engine.ops.TypeInference;
import dev.graft.engine.run.ModelFiles;
import dev.graft.engine.train.SoftmaxCrossEntropy;
import dev.graft.engine.train.TrainableModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Trains a causal language model from a file (ONNX as PyTorch exports it, or
 * Graft's text format): one int64 input of token ids (batch, seq) and one output
 * of logits (batch, seq, vocab). Inference models have no loss, so a
 * {@code labels} input and a softmax cross-entropy node are added; every
 * floating initializer of more than one element becomes a parameter (single
 * numbers are the exporter's constants: GELU's 0.5 and 3, a norm's epsilon). Batches are random tokens with
 * their next tokens as labels. The file has no stage boundaries, so it is cut
 * by the cost model.
 */
public final class LanguageModelFile {
    private LanguageModelFile() {
    }

    public static TrainingTask load(Path file, TrainingTask.Shape s) {
        Graph g = ModelFiles.load(file);
        TypeInference.run(g);
        if (g.inputs().size() != 1 || g.inputs().getFirst().type().dtype().isFloating()
                || g.inputs().getFirst().type().rank() != 2 || g.outputs().size() != 1
                || g.outputs().getFirst().type().rank() != 3) {
            throw new UserError(file + ": graft train takes a language model with one input of token ids (batch, seq)"
                    + " and one output of logits (batch, seq, vocab); this one has inputs " + g.inputs()
                    + " and outputs " + g.outputs());
        }
        Value ids = g.inputs().getFirst();
        Value logits = g.outputs().getFirst();
        int batch = sizeOr(ids.type().shape().dim(0), s.batch());
        int seq = sizeOr(ids.type().shape().dim(1), s.seq());
        Dim vocabDim = logits.type().shape().dim(2);
        if (!vocabDim.isKnown()) {
            throw new UserError(file + ": the vocabulary size (last axis of '" + logits.name() + "') is not known");
        }
        int vocab = (int) vocabDim.size();
        Value labels = g.addInput("labels", new TensorType(ids.type().dtype(), ids.type().shape()));
        Value loss = g.addNode(null, SoftmaxCrossEntropy.DOMAIN, SoftmaxCrossEntropy.NAME, Attributes.NONE,
                List.of(logits, labels), List.of(g.freshValueName("loss"))).output(0);
        g.addOutput(loss);
        Set<String> parameters = g.initializers().stream().filter(v -> v.constant().dtype().isFloating() && v.constant().size() > 1)
                .map(Value::name).collect(Collectors.toSet());
        TrainableModel model = new TrainableModel(g, parameters, loss.name());
        String idsName = ids.name();
        return new TrainingTask(model, k -> SyntheticBatch.tokens(idsName, batch, seq, vocab, k), seq, "tokens");
    }

    /** A static dimension of the file wins; a symbolic one takes the size asked for. */
    private static int sizeOr(Dim d, int asked) {
        return d.isKnown() ? (int) d.size() : asked;
    }
}
