package dev.graft.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.graft.engine.tensor.Tensor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GradMathTest {

    @Test
    void aZeroSizeBatchBroadcastsToZeroAsNumpyDoes() {
        Tensor a = GradMath.floats(new int[] {0, 2, 3}, new float[0]);
        Tensor b = GradMath.floats(new int[] {1, 3, 4}, new float[12]);
        assertArrayEquals(new int[] {0, 2, 4}, GradMath.matmul(a, b).shape());
        Tensor one = GradMath.floats(new int[] {1, 2, 3}, new float[6]);
        Tensor none = GradMath.floats(new int[] {0, 3, 4}, new float[0]);
        assertArrayEquals(new int[] {0, 2, 4}, GradMath.matmul(one, none).shape());
    }

    @Test
    void productsRunWhereTheThreadInstalledThem() {
        Tensor a = GradMath.floats(new int[] {2, 2}, new float[] {1, 2, 3, 4});
        Tensor b = GradMath.floats(new int[] {2, 2}, new float[] {5, 6, 7, 8});
        AtomicInteger calls = new AtomicInteger();
        MatrixProducts.install((x, y, count, m, k, n) -> {
            calls.incrementAndGet();
            return MatrixProducts.CPU.multiply(x, y, count, m, k, n);
        });
        try {
            assertArrayEquals(new float[] {19, 22, 43, 50}, GradMath.matmul(a, b).floats());
        } finally {
            MatrixProducts.reset();
        }
        GradMath.matmul(a, b);
        assertEquals(1, calls.get());
    }
}
