package dev.graft.engine.train.rules;

import dev.graft.engine.graph.Value;
import dev.graft.engine.train.GradientContext;
import dev.graft.engine.train.GradientRule;
import dev.graft.engine.train.GradientRuleFamily;
import java.util.List;

/**
 * Ops that pass the same elements on, only shaped differently (Reshape, Flatten,
 * Squeeze, Unsqueeze) or stored differently (Cast between floating types; a cast
 * to an integer type has no gradient and is never asked for one): the gradient
 * is the output gradient in the input's shape. Shape and axes inputs have none.
 */
public final class ReshapeGradients implements GradientRuleFamily {

    @Override
    public List<GradientRule> rules() {
        return List.of(new SameElements("Reshape"), new SameElements("Flatten"),
                new SameElements("Squeeze"), new SameElements("Unsqueeze"), new SameElements("Cast"));
    }

    private record SameElements(String op) implements GradientRule {
        @Override
        public Value[] backward(GradientContext ctx) {
            Value[] out = ctx.none();
            if (ctx.wants(0)) {
                out[0] = ctx.graph().reshape(ctx.outputGrad(0), ctx.inputShape(0));
            }
            return out;
        }
    }
}
