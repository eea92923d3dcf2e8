package dev.graft.engine.cuda;

import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.Value;
import dev.graft.engine.tensor.Tensor;
import dev.graft.engine.train.NodeGraph;
import dev.graft.engine.train.NodeRunner;
import dev.graft.engine.train.StageValues;
import dev.graft.pipeline.models.DecoderConfig;
import dev.graft.pipeline.models.SyntheticBatch;
import dev.graft.pipeline.models.SyntheticDecoder;
import dev.graft.pipeline.models.SyntheticMlp;
import dev.graft.pipeline.runtime.CpuDevices;
import dev.graft.pipeline.runtime.Devices;
import dev.graft.pipeline.runtime.ForwardingDevices;
import dev.graft.pipeline.runtime.PipelineRuntime;
import dev.graft.pipeline.schedule.Builtins;
import dev.graft.pipeline.schedule.Schedule;
import dev.graft.pipeline.stages.PipelineTrainer;
import dev.graft.pipeline.stages.StageMarkers;
import dev.graft.engine.train.TrainableModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every pass a pipeline step runs (forward, backward halves, on every worker), recorded
 * from a step on CPU workers as the graph a GPU worker would prepare ({@link NodeGraph},
 * as CudaNodeRunner makes it), its inputs and the interpreter's outputs: the material to
 * ask whether a CUDA worker's passes have device ops for every node (in CI, by placement)
 * and give the CPU's values (on the GPU, by running them).
 */
final class RecordedPasses {
    /** One pass: its graph, typed, its inputs by name and the CPU's outputs by name. */
    record Pass(Graph graph, Map<String, Tensor> inputs, Map<String, Tensor> outputs) {
    }

    private RecordedPasses() {
    }

    /** The passes of one ZB-H1 step (split backward) of a 2-layer synth decoder on two workers. */
    static List<Pass> syntheticDecoderStep(boolean fusedAttention) {
        Schedule schedule = Builtins.ZB_H1.build(2, 2, 2);
        TrainableModel model = SyntheticDecoder.build(new DecoderConfig(2, 16, 2, 6, 13, fusedAttention),
                schedule.stages(), 5);
        return step(model, schedule, SyntheticBatch.tokens(4, 6, 13, 8));
    }

    /** The passes of one 1F1B step of a 4-layer synth MLP (Relu, SoftmaxCrossEntropy) on two workers. */
    static List<Pass> syntheticMlpStep() {
        Schedule schedule = Builtins.byName("1f1b").build(2, 2, 2);
        TrainableModel model = SyntheticMlp.build(4, 16, 5, schedule.stages(), 7);
        return step(model, schedule, SyntheticBatch.classification(8, 16, 5, 3));
    }

    private static List<Pass> step(TrainableModel model, Schedule schedule, Map<String, Tensor> batch) {
        List<Pass> passes = Collections.synchronizedList(new ArrayList<>());
        try (Devices devices = new Recording(passes)) {
            new PipelineTrainer(model, StageMarkers.plan(model.graph()), new PipelineRuntime(Duration.ofSeconds(60),
                    devices)).step(schedule, model.initialParameters(), batch);
        }
        return List.copyOf(passes);
    }

    /** CPU workers whose runner also records each pass it runs. */
    private static final class Recording extends ForwardingDevices {
        private final NodeRunner runner;

        Recording(List<Pass> passes) {
            super(CpuDevices.INSTANCE);
            runner = new NodeRunner() {
                @Override
                public StageValues values(StageValues step) {
                    return NodeRunner.INTERPRETER.values(step);
                }

                @Override
                public void run(List<Node> nodes, StageValues values, List<String> outputs) {
                    NodeGraph g = NodeGraph.of(nodes, values, outputs);
                    Map<String, Tensor> inputs = new HashMap<>();
                    for (Value in : g.inputs()) {
                        inputs.put(in.name(), values.get(in.name()));
                    }
                    NodeRunner.INTERPRETER.run(nodes, values, outputs);
                    Map<String, Tensor> results = new HashMap<>();
                    outputs.forEach(name -> results.put(name, values.get(name)));
                    passes.add(new Pass(g.typed(), inputs, results));
                }
            };
        }

        @Override
        public NodeRunner runner(int device) {
            return runner;
        }
    }
}
