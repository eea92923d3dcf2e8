package dev.graft.pipeline.stages;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.tensor.Tensor;
import dev.graft.engine.train.Differentiator;
import dev.graft.engine.train.GradMath;
import dev.graft.engine.train.LossAndGradients;
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

    public PipelineTrainer(TrainableModel model, StagePlan plan, PipelineRuntime runtime) {
        this.model = model;
        this.cut = StageCut.of(model, plan);
        this.runtime = runtime;
        for (StageSpec s : cut.stages()) {
            Set<String> received = new HashSet<>();
            s.receives().values().forEach(received::addAll);
            differentiators.add(new Differentiator(s.nodes(), s.parameters(), received));
        }
    }

    public StageCut cut() {
        return cut;
    }

    public PipelineStep step(Schedule schedule, Map<String, Tensor> parameters, Map<String, Tensor> batch) {
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
            stages.add(new GraphStage(s, device,
                    differentiators.get(s.index()), fixed, microbatches, model.loss(), false));
        }
        Timeline timeline = runtime.step(schedule, cut.stageGraph(), stages);
        Map<String, Tensor> grads = new HashMap<>();
        stages.forEach(s -> s.gradients().forEach((name, g) -> grads.merge(name, g, GradMath::add)));
        double loss = stages.getLast().lossSum() / schedule.microbatches();
        return new PipelineStep(new LossAndGradients(loss, grads), timeline);
    }
}
