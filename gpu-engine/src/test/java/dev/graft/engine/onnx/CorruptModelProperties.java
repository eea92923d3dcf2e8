package dev.graft.engine.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import dev.graft.engine.cli.UserError;
import dev.graft.engine.cpu.CpuExecutor;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * A damaged model file (bytes flipped, cut short, ops and wiring mangled) either
 * still imports and runs or is rejected with a {@link UserError}; never with
 * another exception, which the launcher would report as an internal error.
 */
class CorruptModelProperties {
    private static final byte[] MODEL = read("tiny-gpt2.dyn.onnx");
    private static final byte[] LLAMA = read("tiny-llama-gqa.dyn.onnx");

    private static byte[] read(String name) {
        try {
            return Files.readAllBytes(Path.of(System.getProperty("graft.repo", "..")).resolve("models").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Property(tries = 200, seed = "20261126")
    void damagedModelsFailOnlyAsBadInput(@ForAll long seed) {
        Random r = new Random(seed);
        byte[] bytes = MODEL.clone();
        int flips = 1 + r.nextInt(8);
        for (int i = 0; i < flips; i++) {
            // Most of the file is weights; aim half the damage at the graph structure after them.
            int at = r.nextBoolean() ? r.nextInt(bytes.length) : bytes.length - 1 - r.nextInt(Math.min(bytes.length, 60000));
            bytes[at] = (byte) r.nextInt(256);
        }
        if (r.nextInt(4) == 0) {
            bytes = Arrays.copyOf(bytes, r.nextInt(bytes.length));
        }
        try {
            OnnxImporter.fromBytes(bytes, Path.of("damaged.onnx"));
        } catch (UserError expected) {
            // the one acceptable failure
        }
    }

    /** Structural damage the byte flips rarely reach: ops swapped, attributes and wiring changed. */
    @Property(tries = 200, seed = "20261126")
    void mangledGraphsFailOnlyAsBadInput(@ForAll long seed) throws Exception {
        Random r = new Random(seed);
        ModelProto.Builder model = ModelProto.parseFrom(r.nextBoolean() ? MODEL : LLAMA).toBuilder();
        GraphProto.Builder g = model.getGraphBuilder();
        List<String> ops = g.getNodeList().stream().map(NodeProto::getOpType).distinct().toList();
        for (int k = 0; k < 1 + r.nextInt(3); k++) {
            NodeProto.Builder n = g.getNodeBuilder(r.nextInt(g.getNodeCount()));
            switch (r.nextInt(6)) {
                case 4 -> {
                    // An initializer seen under another shape: its data no longer fits, or fits differently.
                    var init = g.getInitializerBuilder(r.nextInt(g.getInitializerCount()));
                    if (init.getDimsCount() > 0) {
                        init.setDims(r.nextInt(init.getDimsCount()), r.nextInt(5));
                    } else {
                        init.addDims(1 + r.nextInt(3));
                    }
                }
                case 5 -> {
                    if (n.getAttributeCount() > 0) {
                        AttributeProto.Builder a = n.getAttributeBuilder(r.nextInt(n.getAttributeCount()));
                        a.setType(AttributeProto.AttributeType.FLOAT).setF((float) r.nextGaussian());
                    }
                }
                case 0 -> n.setOpType(ops.get(r.nextInt(ops.size())));
                case 1 -> {
                    if (n.getAttributeCount() > 0) {
                        AttributeProto.Builder a = n.getAttributeBuilder(r.nextInt(n.getAttributeCount()));
                        a.setI(r.nextInt(9) - 4);
                        for (int i = 0; i < a.getIntsCount(); i++) {
                            a.setInts(i, r.nextInt(9) - 4);
                        }
                    }
                }
                case 2 -> {
                    if (n.getInputCount() > 0) {
                        n.setInput(r.nextInt(n.getInputCount()), g.getNode(r.nextInt(g.getNodeCount())).getOutput(0));
                    }
                }
                default -> {
                    if (n.getInputCount() > 0) {
                        List<String> inputs = new ArrayList<>(n.getInputList());
                        inputs.remove(r.nextInt(inputs.size()));
                        n.clearInput().addAllInput(inputs);
                    }
                }
            }
        }
        try {
            Graph graph = OnnxImporter.fromBytes(model.build().toByteArray(), Path.of("mangled.onnx"));
            long[] ids = {1, 2, 3, 4, 5, 6};
            new CpuExecutor(graph).run(Map.of("input_ids", Tensor.ofLongs(new int[] {2, 3}, ids)));
        } catch (UserError expected) {
            // the one acceptable failure
        }
    }
}
