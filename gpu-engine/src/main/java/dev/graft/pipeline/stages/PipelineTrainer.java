package dev.graft.pipeline.stages;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.tensor.Tensor;
import dev.graft.engine.train.Differentiator;
import dev.graft.engine.train.GradMath;
import dev.graft.engine.train.LossAndGradients;
import dev.graft.engine.train.Optimizer;
import dev.graft.engine.train.TrainableModel;
import dev.graft.pipeline.runtime.PipelineRuntime;
import dev.graft.pipeline.schedule.Schedule;
import dev.graft.pipeline.trace.Timeline;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Pipelined training steps of a model cut into stages: splits the batch into the
 * schedule's microbatches, runs one {@link GraphStage} per stage on the MPMD
 * runtime, and sums the gradients of each parameter over the stages that read it
 * (a tied weight read by two stages gets both contributions).
 */
public final class PipelineTrainer {
    private final TrainableModel model;
    private final StageCut cut;
    private final List<Differentiator> differentiators = new ArrayList<>();
    private final PipelineRuntime runtime;
    private final Map<Integer, ResidentValues> residents = new HashMap<>();
    private final DeviceUpdates updates = new DeviceUpdates();
    private final HostUpdates hostUpdates = new HostUpdates();
    private final Set<String> tied = new HashSet<>();

    public PipelineTrainer(TrainableModel model, StagePlan plan, PipelineRuntime runtime) {
        this.model = model;
        this.cut = StageCut.of(model, plan);
        this.runtime = runtime;
        Set<String> seen = new HashSet<>();
        for (StageSpec s : cut.stages()) {
            s.parameters().stream().filter(p -> !seen.add(p)).forEach(tied::add);
            Set<String> received = new HashSet<>();
            s.receives().values().forEach(received::addAll);
            differentiators.add(new Differentiator(s.nodes(), s.parameters(), received));
        }
    }

    public StageCut cut() {
        return cut;
    }

    /** One step's loss and gradients (on the host) at {@code parameters}; nothing is updated. */
    public PipelineStep step(Schedule schedule, Map<String, Tensor> parameters, Map<String, Tensor> batch) {
        return run(schedule, parameters, batch, s -> StepEnd.GRADIENTS);
    }

    /**
     * One training step: gradients at the parameters the devices hold, then {@code
     * optimizer} applied where they are (on GPUs, on the GPUs), so that the next step
     * starts from the updated values without a host round trip. The devices load {@code
     * parameters} where the host hands in other tensors than last time: passing the
     * same map every step trains on. With {@code toHost} the gradients and the updated
     * parameters come to the host. A parameter read by several stages (a tied weight)
     * needs their gradients summed first, so such a model is updated on the host.
     */
    public PipelineStep train(Schedule schedule, Map<String, Tensor> parameters, Map<String, Tensor> batch,
                              Optimizer optimizer, boolean toHost) {
        if (!tied.isEmpty()) {
            return hostUpdates.train(parameters, p -> step(schedule, p, batch), optimizer);
        }
        return run(schedule, parameters, batch, s -> new StepEnd(false, updates.of(s, optimizer), toHost));
    }

    private PipelineStep run(Schedule schedule, Map<String, Tensor> parameters, Map<String, Tensor> batch,
                             IntFunction<StepEnd> endOf) {
        if (schedule.stages() != cut.stages().size()) {
            throw new UserError("schedule '" + schedule.name() + "' has " + schedule.stages()
                    + " stages but the model is cut into " + cut.stages().size());
        }
        model.checkBatch(batch);
        List<Map<String, Tensor>> microbatches = Microbatches.split(batch, schedule.microbatches());
        Map<String, Tensor> fixed = new HashMap<>(model.constants());
        fixed.putAll(parameters);
        List<GraphStage> stages = new ArrayList<>();
        for (StageSpec s : cut.stages()) {
            ResidentValues device = residents.computeIfAbsent(schedule.deviceOf(s.index()),
                    d -> new ResidentValues(runtime.devices().runner(d)));
            stages.add(new GraphStage(s, device, differentiators.get(s.index()), fixed, microbatches, model.loss(),
                    endOf.apply(s.index())));
        }
        Timeline timeline = runtime.step(schedule, cut.stageGraph(), stages);
        Map<String, Tensor> grads = new HashMap<>();
        Map<String, Tensor> updated = new HashMap<>();
        stages.forEach(s -> {
            s.gradients().forEach((name, g) -> grads.merge(name, g, GradMath::add));
            updated.putAll(s.updated());
        });
        double loss = stages.getLast().lossSum() / schedule.microbatches();
        return new PipelineStep(new LossAndGradients(loss, grads), timeline, updated);
    }
}
