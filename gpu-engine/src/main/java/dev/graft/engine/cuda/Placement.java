package dev.graft.engine.cuda;

import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Where each node of a graph runs on {@code --backend cuda}, decided once from the types.
 * The rule: floating values live on the device, integer and boolean values on the host
 * (they are shapes, indices and masks: they steer the computation, they are not its data).
 * So a node runs
 * <ul>
 * <li>{@link Site#CONSTANT} when it reads only initializers and other constants: computed
 *     once on the host, its floating results uploaded once for the life of the prepared
 *     graph, like the initializers;</li>
 * <li>{@link Site#DEVICE} when it makes a floating value and the device has its op;</li>
 * <li>{@link Site#FALLBACK} when it makes a floating value and the device lacks its op: the
 *     CPU op runs with its device inputs downloaded and its outputs uploaded;</li>
 * <li>{@link Site#HOST} otherwise: integer results from host values (Shape, Gather of a
 *     shape, Concat of shape vectors, Range, Equal, Where over indices...). Shape and Size
 *     read only a device value's shape; any other host node that reads a device value
 *     downloads it, and counts as a fallback.</li>
 * </ul>
 */
public final class Placement {
    /** Where one node runs. */
    public enum Site { CONSTANT, HOST, DEVICE, FALLBACK }

    private static final Set<String> SHAPE_READERS = Set.of("Shape", "Size");
    private static final Set<String> VIEWS = Set.of("Reshape", "Squeeze", "Unsqueeze", "Flatten", "Identity");

    private final List<Node> order;
    private final Site[] sites;
    private final Set<Value> constants = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Value> fromShapes = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<Value, Value> viewRoots = new IdentityHashMap<>();
    private final List<Value> graphInputs;

    private Placement(Graph graph, Predicate<Node> onDevice) {
        order = graph.topologicalOrder();
        graphInputs = graph.inputs();
        sites = new Site[order.size()];
        for (Value init : graph.initializers()) {
            if (!graph.inputs().contains(init)) {
                constants.add(init);
            }
        }
        for (int i = 0; i < order.size(); i++) {
            Node n = order.get(i);
            if (n.inputs().stream().allMatch(in -> in == null || constants.contains(in))) {
                sites[i] = Site.CONSTANT;
                constants.addAll(n.outputs());
            } else if (n.outputs().stream().anyMatch(Placement::isFloating)) {
                sites[i] = onDevice.test(n) ? Site.DEVICE : Site.FALLBACK;
            } else {
                sites[i] = Site.HOST;
                trackHostValues(n);
            }
        }
    }

    /** Which host values depend on shapes only, and which are views of an integer graph input. */
    private void trackHostValues(Node n) {
        boolean shapesOnly = readsShapeOnly(n) || n.inputs().stream()
                .allMatch(in -> in == null || constants.contains(in) || fromShapes.contains(in));
        if (shapesOnly) {
            fromShapes.addAll(n.outputs());
        }
        Value data = n.inputs().isEmpty() ? null : n.input(0);
        if (n.domain().isEmpty() && VIEWS.contains(n.op()) && data != null && n.outputs().size() == 1) {
            Value root = graphInputs.contains(data) ? data : viewRoots.get(data);
            if (root != null) {
                viewRoots.put(n.output(0), root);
            }
        }
    }

    /** The placement of a typed graph whose nodes {@code onDevice} accepts have device ops. */
    public static Placement of(Graph graph, Predicate<Node> onDevice) {
        return new Placement(graph, onDevice);
    }

    /** The nodes in the order they run. */
    public List<Node> order() {
        return order;
    }

    public Site site(int i) {
        return sites[i];
    }

    /** Whether a value is an initializer or computed from initializers only. */
    public boolean isConstant(Value v) {
        return constants.contains(v);
    }

    /**
     * Whether a host value is computed from shapes and constants only (a causal mask, the
     * positions 0..seq-1): the same for every run with the same input shapes, so its
     * device copy is kept per input shapes.
     */
    public boolean dependsOnShapesOnly(Value v) {
        return constants.contains(v) || fromShapes.contains(v);
    }

    /** The integer graph input a host value is a reshaped view of (positions unsqueezed), or null. */
    public Value viewRoot(Value v) {
        return graphInputs.contains(v) ? v : viewRoots.get(v);
    }

    /**
     * Host values that device kernels read and that come from this run's input data by more
     * than a reshape: each is uploaded in the middle of every run, so a run that reads one
     * cannot be captured as a CUDA graph. Empty for the decoder graphs Graft serves.
     */
    public List<String> perRunUploads() {
        List<String> out = new ArrayList<>();
        Set<Value> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < order.size(); i++) {
            if (sites[i] != Site.DEVICE) {
                continue;
            }
            for (Value in : order.get(i).inputs()) {
                if (in != null && !isFloating(in) && !dependsOnShapesOnly(in) && viewRoot(in) == null && seen.add(in)) {
                    out.add("'" + in.name() + "' (read by " + order.get(i).describe() + ")");
                }
            }
        }
        return out;
    }

    /** Whether a non-constant value lives on the device: floating values do. */
    public static boolean isFloating(Value v) {
        return v.type() != null && v.type().dtype().isFloating();
    }

    /** Whether a host node needs only the shape of a device value it reads (Shape, Size). */
    static boolean readsShapeOnly(Node n) {
        return n.domain().isEmpty() && SHAPE_READERS.contains(n.op());
    }

    /**
     * The nodes that will run on the CPU with copies around them, with why: fallbacks, and
     * host nodes that download a device value. Empty for a graph that runs wholly resident.
     */
    public List<String> fallbacks() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            Node n = order.get(i);
            if (sites[i] == Site.FALLBACK) {
                out.add(n.describe() + ": no device op");
            } else if (sites[i] == Site.HOST && !readsShapeOnly(n)
                    && n.inputs().stream().anyMatch(in -> in != null && !constants.contains(in) && isFloating(in))) {
                out.add(n.describe() + ": reads a floating value on the host");
            }
        }
        return out;
    }
}
