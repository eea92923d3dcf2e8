package dev.graft.pipeline.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.cpu.CpuBackend;
import dev.graft.engine.tensor.Tensor;
import dev.graft.engine.train.Adam;
import dev.graft.engine.train.LossAndGradients;
import dev.graft.engine.train.TrainableModel;
import dev.graft.engine.train.Trainer;
import dev.graft.pipeline.models.DecoderConfig;
import dev.graft.pipeline.models.SyntheticBatch;
import dev.graft.pipeline.models.SyntheticDecoder;
import dev.graft.pipeline.runtime.BackendDevices;
import dev.graft.pipeline.runtime.CpuDevices;
import dev.graft.pipeline.runtime.Devices;
import dev.graft.pipeline.runtime.PipelineFailure;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Data parallelism on CPU workers against the single-device step. */
class DataParallelTrainerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final TrainableModel model = SyntheticDecoder.build(new DecoderConfig(2, 8, 2, 5, 11, false), 1, 3);
    private final Map<String, Tensor> batch = SyntheticBatch.tokens(8, 5, 11, 9);

    @Test
    void averagedReplicaGradientsAreTheSingleDeviceGradients() {
        Map<String, Tensor> params = model.initialParameters();
        LossAndGradients reference = new Trainer(model).gradients(params, batch);
        for (int replicas : new int[] {2, 4}) {
            PipelineStep step = new DataParallelTrainer(model, CpuDevices.INSTANCE, replicas, TIMEOUT)
                    .step(params, batch, 4);
            StepComparison c = StepComparison.of(reference, step.result());
            assertTrue(c.error() < 1e-5, replicas + " replicas: " + c);
            assertEquals(replicas, step.timeline().devices());
            assertEquals(2 * 4, step.timeline().spans().size());
        }
    }

    @Test
    void replicasThatRunThroughABackendAgreeToo() {
        Map<String, Tensor> params = model.initialParameters();
        LossAndGradients reference = new Trainer(model).gradients(params, batch);
        PipelineStep step = new DataParallelTrainer(model, new BackendDevices(2, new CpuBackend()), 2, TIMEOUT)
                .step(params, batch, 2);
        assertTrue(StepComparison.of(reference, step.result()).error() < 1e-5);
    }

    @Test
    void replicasUpdatingTheirOwnCopiesTrainAsOneDevice() {
        for (Devices devices : new Devices[] {CpuDevices.INSTANCE, new BackendDevices(2, new CpuBackend())}) {
            Map<String, Tensor> want = ReferenceTraining.after(model, batch, () -> new Adam(0.01f), 3);
            DataParallelTrainer trainer = new DataParallelTrainer(model, devices, 2, TIMEOUT);
            Map<String, Tensor> initial = model.initialParameters();
            Adam adam = new Adam(0.01f);
            trainer.train(initial, batch, 4, adam, false);
            PipelineStep second = trainer.train(initial, batch, 4, adam, false);
            assertTrue(second.parameters().isEmpty() && second.result().gradients().isEmpty(),
                    "nothing comes to the host unless asked");
            PipelineStep third = trainer.train(initial, batch, 4, adam, true);
            double error = StepComparison.parameterError(want, third.parameters());
            assertTrue(error < 1e-5, devices.describe(2) + ": parameters after 3 steps off by " + error);
        }
    }

    @Test
    void microbatchesMustBeSharedEvenly() {
        UserError e = assertThrows(UserError.class, () -> new DataParallelTrainer(model, CpuDevices.INSTANCE, 2,
                TIMEOUT).step(model.initialParameters(), batch, 1));
        assertEquals("1 microbatches cannot be shared by 2 data-parallel replicas: 2 does not divide 1",
                e.getMessage());
    }

    @Test
    void aReplicaThatThrowsStopsTheOthersAndIsNamed() {
        BackendDevices failing = new BackendDevices(2, new CpuBackend(),
                d -> d == 1 ? new ThrowingRunner(new ArithmeticException("boom")) : null);
        PipelineFailure e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(
                PipelineFailure.class, () -> new DataParallelTrainer(model, failing, 2, TIMEOUT)
                        .step(model.initialParameters(), batch, 4)));
        assertEquals("replica 1 (device 1) failed at F(0,2) (microbatch 2): java.lang.ArithmeticException: boom",
                e.getMessage());
    }
}
