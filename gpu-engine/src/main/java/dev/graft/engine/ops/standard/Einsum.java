package dev.graft.engine.ops.standard;

import dev.graft.engine.cpu.Strides;
import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Shape;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ONNX Einsum, general form: labels (with {@code ...} for broadcast axes) name
 * axes; output labels are kept, the others summed. Without {@code ->} the output
 * is the broadcast axes then the labels used once, alphabetically. A plain loop
 * over every label combination: exporters use it for small products (rotary
 * frequency tables), not for the heavy matmuls.
 */
public final class Einsum implements Op {
    /** Labels standing for the axes under an ellipsis, outside the letters an equation can use. */
    private static final char ELLIPSIS_BASE = '\u0100';

    @Override
    public String name() {
        return "Einsum";
    }

    /** A parsed equation for inputs of given ranks: each operand's labels and the output's. */
    private record Plan(List<String> inputs, String output) {
    }

    private static Plan plan(String equation, int[] ranks) {
        String eq = equation.replace(" ", "");
        String[] sides = eq.split("->", -1);
        String[] terms = sides[0].split(",", -1);
        if (terms.length != ranks.length) {
            throw new OpException("equation '" + equation + "' has " + terms.length + " operands, the node " + ranks.length);
        }
        int ellipsis = 0;
        for (int i = 0; i < terms.length; i++) {
            if (terms[i].contains("...")) {
                ellipsis = Math.max(ellipsis, ranks[i] - (terms[i].length() - 3));
            }
        }
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < terms.length; i++) {
            int own = terms[i].contains("...") ? ranks[i] - (terms[i].length() - 3) : 0;
            String labels = expand(terms[i], ellipsis, own);
            if (labels.length() != ranks[i]) {
                throw new OpException("operand " + i + " '" + terms[i] + "' does not fit rank " + ranks[i]);
            }
            inputs.add(labels);
        }
        String output;
        if (sides.length > 1) {
            output = expand(sides[1], ellipsis, ellipsis);
        } else {
            StringBuilder sb = new StringBuilder(expand("...", ellipsis, ellipsis));
            String all = String.join("", inputs);
            all.chars().filter(Character::isLetter).distinct().sorted()
                    .filter(c -> all.indexOf(c) == all.lastIndexOf(c)).forEach(c -> sb.append((char) c));
            output = sb.toString();
        }
        return new Plan(inputs, output);
    }

    /** Replaces "..." by the last {@code own} of {@code total} ellipsis labels. */
    private static String expand(String term, int total, int own) {
        StringBuilder e = new StringBuilder();
        for (int j = total - own; j < total; j++) {
            e.append((char) (ELLIPSIS_BASE + j));
        }
        return term.replace("...", e);
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        String equation = ctx.attributes().getString("equation", null);
        if (equation == null) {
            throw new OpException("Einsum needs an equation");
        }
        int[] ranks = new int[ctx.inputCount()];
        for (int i = 0; i < ranks.length; i++) {
            ranks[i] = ctx.inputType(i).rank();
        }
        Plan plan = plan(equation, ranks);
        Map<Character, Dim> sizes = new LinkedHashMap<>();
        for (int i = 0; i < ranks.length; i++) {
            Shape s = ctx.inputType(i).shape();
            for (int d = 0; d < ranks[i]; d++) {
                char c = plan.inputs().get(i).charAt(d);
                Dim have = sizes.get(c);
                Dim now = s.dim(d);
                if (have == null || have.is(1)) {
                    sizes.put(c, now);
                } else if (have.isKnown() && now.isKnown() && !now.is(1) && have.size() != now.size()) {
                    throw new OpException("label '" + c + "' has sizes " + have + " and " + now);
                }
            }
        }
        List<Dim> out = new ArrayList<>();
        for (char c : plan.output().toCharArray()) {
            out.add(sizes.getOrDefault(c, Dim.UNKNOWN));
        }
        return List.of(new TensorType(ctx.inputType(0).dtype(), new Shape(out)));
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        int n = ctx.inputCount();
        int[] ranks = new int[n];
        for (int i = 0; i < n; i++) {
            ranks[i] = ctx.required(i).rank();
        }
        Plan plan = plan(ctx.attributes().getString("equation", ""), ranks);
        Map<Character, Integer> sizes = new LinkedHashMap<>();
        for (char c : plan.output().toCharArray()) {
            sizes.put(c, 1);
        }
        for (int i = 0; i < n; i++) {
            int[] s = ctx.required(i).shape();
            for (int d = 0; d < s.length; d++) {
                char c = plan.inputs().get(i).charAt(d);
                int have = sizes.getOrDefault(c, 1);
                if (have != 1 && s[d] != 1 && have != s[d]) {
                    throw new OpException("label '" + c + "' has sizes " + have + " and " + s[d]);
                }
                sizes.put(c, Math.max(have, s[d]));
            }
        }
        List<Character> labels = new ArrayList<>(sizes.keySet());
        int[] extent = labels.stream().mapToInt(sizes::get).toArray();
        int[][] strides = new int[n][labels.size()];
        for (int i = 0; i < n; i++) {
            int[] s = ctx.required(i).shape();
            int[] st = Strides.of(s);
            for (int d = 0; d < s.length; d++) {
                int l = labels.indexOf(plan.inputs().get(i).charAt(d));
                strides[i][l] += s[d] == 1 ? 0 : st[d];
            }
        }
        int outRank = plan.output().length();
        int[] outShape = new int[outRank];
        for (int d = 0; d < outRank; d++) {
            outShape[d] = extent[d];
        }
        int outSize = Tensor.sizeOf(outShape);
        int inner = 1;
        for (int l = outRank; l < extent.length; l++) {
            inner *= extent[l];
        }
        double[] acc = new double[outSize];
        int[] index = new int[extent.length];
        for (long flat = 0; flat < (long) outSize * inner; flat++) {
            long rest = flat;
            for (int l = extent.length - 1; l >= 0; l--) {
                index[l] = (int) (rest % extent[l]);
                rest /= extent[l];
            }
            double product = 1;
            for (int i = 0; i < n; i++) {
                int at = 0;
                for (int l = 0; l < extent.length; l++) {
                    at += index[l] * strides[i][l];
                }
                product *= ctx.required(i).getDouble(at);
            }
            acc[(int) (flat / inner)] += product;
        }
        Tensor first = ctx.required(0);
        if (first.dtype().isFloating()) {
            float[] out = new float[outSize];
            for (int i = 0; i < outSize; i++) {
                out[i] = (float) acc[i];
            }
            return List.of(Tensor.ofFloats(first.dtype(), outShape, out));
        }
        long[] out = new long[outSize];
        for (int i = 0; i < outSize; i++) {
            out[i] = (long) acc[i];
        }
        return List.of(Tensor.ofLongs(first.dtype(), outShape, out));
    }
}
