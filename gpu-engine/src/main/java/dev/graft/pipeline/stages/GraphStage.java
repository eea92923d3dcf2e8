package dev.graft.pipeline.stages;

import dev.graft.engine.tensor.Tensor;
import dev.graft.engine.train.Differentiator;
import dev.graft.engine.train.NodeRunner;
import dev.graft.engine.train.StageValues;
import dev.graft.engine.train.SumPass;
import dev.graft.pipeline.runtime.GradientReducer;
import dev.graft.pipeline.runtime.StageProgram;
import dev.graft.pipeline.runtime.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;

/**
 * One stage of a graph during one training step, every pass on its device's {@link
 * NodeRunner} and every value kept where the runner keeps it ({@link StageValues}: on a
 * GPU, on the GPU): F runs the stage's nodes on a microbatch and keeps what the
 * backward pass will read (the first F of a step keeps everything, then asks); B runs the backward graph back to the values it received and keeps the
 * output gradients of its parameter-reading nodes; W runs the graph that adds their
 * parameter gradients to the step's sums. The step's values read through to what its
 * device keeps across steps ({@link ResidentValues}: parameters and constants, uploaded
 * only when they change). Only messages, the loss (summed where the values are, read once
 * per step) and, after the last W, the gradient sums come to the host. The loss stage seeds its backward pass with
 * 1/M, so the sums are the gradients of the mean loss over the batch.
 */
final class GraphStage implements StageProgram {
    private final StageSpec spec;
    private final ResidentValues device;
    private final NodeRunner runner;
    private final Differentiator differentiator;
    private final Map<String, Tensor> fixed;
    private final List<Map<String, Tensor>> microbatches;
    private final String loss;
    private final StepEnd end;
    private final Map<Integer, StageValues> values = new HashMap<>();
    private final Map<Integer, Differentiator.Pending> pending = new HashMap<>();
    private final List<String> computed;
    private List<String> kept;
    private StageValues step;
    private Map<String, Tensor> gradients = Map.of();
    private final Map<String, Tensor> updated = new HashMap<>();
    private int weightsDone;
    private double lossSum;

    GraphStage(StageSpec spec, ResidentValues device, Differentiator differentiator, Map<String, Tensor> fixed,
               List<Map<String, Tensor>> microbatches, String loss, StepEnd end) {
        this.spec = spec;
        this.device = device;
        this.runner = device.runner();
        this.differentiator = differentiator;
        this.fixed = fixed;
        this.microbatches = microbatches;
        this.loss = loss;
        this.end = end;
        this.computed = NodeRunner.computed(spec.nodes());
    }

    @Override
    public Map<Integer, Object> forward(int microbatch, Map<Integer, Object> fromProducers) {
        if (step == null) {
            device.load(fixed);
            step = runner.values(device.values());
        }
        StageValues env = runner.values(step);
        Map<String, Tensor> batch = microbatches.get(microbatch);
        spec.batchInputs().forEach(name -> env.put(name, batch.get(name)));
        fromProducers.values().forEach(message -> carried(message).forEach(env::take));
        runner.run(spec.nodes(), env, kept != null ? kept : computed);
        if (kept == null) {
            kept = kept(env);
        }
        values.put(microbatch, env);
        if (spec.computesLoss()) {
            LossSum.of(loss).add(runner, env, step);
        }
        Map<Integer, Object> out = new HashMap<>();
        spec.sends().forEach((to, names) -> out.put(to, select(env, names)));
        return out;
    }

    /**
     * Takes the gradients flowing in where the runner keeps values (a gradient that
     * arrives from several consumers is summed there, {@link SumPass}), runs the first half of the
     * backward pass and sends each producer the gradients of what it sent, as they lie
     * (a value this stage only passes on gets back the gradient that came in for it).
     */
    @Override
    public Map<Integer, Object> backwardInput(int microbatch, Map<Integer, Object> fromConsumers) {
        StageValues env = values.get(microbatch);
        Map<String, List<Object>> arrived = new HashMap<>();
        fromConsumers.values().forEach(message -> carried(message).forEach((n, g) ->
                arrived.computeIfAbsent(n, k -> new ArrayList<>()).add(g)));
        arrived.forEach((n, gs) -> {
            if (gs.size() == 1) {
                env.take(Differentiator.seedName(n), gs.getFirst());
            } else {
                SumPass.of(gs.size()).run(runner, env, Differentiator.seedName(n), gs);
            }
        });
        Set<String> seeded = new HashSet<>(arrived.keySet());
        if (spec.computesLoss()) {
            env.put(Differentiator.seedName(loss), Tensor.scalar(1f / microbatches.size()));
            seeded.add(loss);
        }
        Differentiator.Pending p = differentiator.backwardInputs(runner, env, seeded);
        pending.put(microbatch, p);
        Map<Integer, Object> out = new HashMap<>();
        spec.receives().forEach((from, names) -> {
            Map<String, Object> grads = new HashMap<>();
            for (String n : names) {
                String holder = p.inputGradients().containsKey(n) ? p.inputGradients().get(n)
                        : arrived.containsKey(n) ? Differentiator.seedName(n) : null;
                if (holder != null) {
                    grads.put(n, env.carry(holder));
                }
            }
            out.put(from, grads);
        });
        return out;
    }

    /**
     * What later forward passes keep of what they compute: what the backward pass reads
     * (for gradients flowing into every floating value sent, and the loss, which is no
     * less than what it reads for those that do flow), what is sent, and the loss.
     */
    private List<String> kept(StageValues env) {
        Map<String, int[]> seeds = new HashMap<>();
        spec.sends().values().forEach(names -> names.stream().filter(n -> env.has(n) && env.dtype(n).isFloating())
                .forEach(n -> seeds.put(n, env.shape(n))));
        if (spec.computesLoss()) {
            seeds.put(loss, new int[0]);
        }
        Set<String> keep = new HashSet<>(differentiator.forwardReads(env, seeds));
        spec.sends().values().forEach(keep::addAll);
        keep.add(loss);
        return computed.stream().filter(keep::contains).toList();
    }

    /**
     * Adds the microbatch's weight gradients to the sums; after the last one, ends the
     * step ({@link StepEnd}), unless the stage is a data-parallel replica, whose sums wait
     * where they are for {@link #averageAndFinish}.
     */
    @Override
    public void backwardWeight(int microbatch) {
        try (StageValues env = values.remove(microbatch)) {
            differentiator.backwardWeights(runner, env, pending.remove(microbatch), step);
        }
        if (++weightsDone == microbatches.size() && !end.replicated()) {
            finish();
        }
    }

    /**
     * A replica's end of the step, after its last W: replaces its gradient sums by their
     * mean over the replicas where they lie (on a GPU, on the GPU), then ends the step.
     */
    void averageAndFinish(GradientReducer reducer, int replica, Duration timeout)
            throws TimeoutException, Transport.Aborted, InterruptedException {
        if (!end.replicated() || weightsDone != microbatches.size()) {
            throw new IllegalStateException("stage " + spec.index() + " is not a replica that finished its W tasks");
        }
        reducer.allReduceMean(replica, step, new TreeSet<>(differentiator.sums(step).values()), timeout);
        finish();
    }

    /**
     * Applies the update where the parameters are, brings to the host what is asked for
     * and the loss (the one wait for the device in a training step without {@code
     * toHost}, after everything is enqueued), frees the step.
     */
    private void finish() {
        SortedMap<String, String> sums = differentiator.sums(step);
        if (end.update() != null) {
            end.update().apply(runner, device.values(), step, sums);
        }
        if (end.toHost()) {
            gradients = differentiator.gradients(step);
            if (end.update() != null) {
                sums.keySet().forEach(p -> updated.put(p, device.values().get(p)));
            }
        }
        if (spec.computesLoss()) {
            lossSum = LossSum.of(loss).read(step);
        }
        step.close();
    }

    /** The parameters this stage updated, on the host, when its {@link StepEnd} asked for them. */
    Map<String, Tensor> updated() {
        return updated;
    }

    /** The step's gradient sums, once every microbatch's W has run. */
    Map<String, Tensor> gradients() {
        return gradients;
    }

    double lossSum() {
        return lossSum;
    }

    private static Map<String, Object> select(StageValues from, List<String> names) {
        Map<String, Object> out = new HashMap<>();
        names.stream().filter(from::has).forEach(n -> out.put(n, from.carry(n)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> carried(Object message) {
        return (Map<String, Object>) message;
    }
}
