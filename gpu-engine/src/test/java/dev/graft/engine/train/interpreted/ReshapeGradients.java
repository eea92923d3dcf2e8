package dev.graft.engine.train.interpreted;

import dev.graft.engine.tensor.Tensor;
import java.util.List;

/**
 * Ops that pass the same elements on, only shaped differently (Reshape, Flatten,
 * Squeeze, Unsqueeze) or stored differently (Cast between floating types; a cast
 * to an integer type has no gradient and is never asked for one): the gradient
 * is the output gradient in the input's shape. Shape and axes inputs have none.
 */
public final class ReshapeGradients {

    public List<InterpretedRule> rules() {
        return List.of(new SameElements("Reshape"), new SameElements("Flatten"),
                new SameElements("Squeeze"), new SameElements("Unsqueeze"), new SameElements("Cast"));
    }

    private record SameElements(String op) implements InterpretedRule {
        @Override
        public Tensor[] backward(InterpretedContext ctx) {
            Tensor[] out = ctx.none();
            if (ctx.wants(0)) {
                out[0] = ctx.outputGrad(0).reshape(ctx.input(0).shape());
            }
            return out;
        }
    }
}
