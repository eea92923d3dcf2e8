package dev.graft.engine.cuda;

import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
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

    private final List<Node> order;
    private final Site[] sites;
    private final Set<Value> constants = Collections.newSetFromMap(new IdentityHashMap<>());

    private Placement(Graph graph, Predicate<Node> onDevice) {
        order = graph.topologicalOrder();
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
