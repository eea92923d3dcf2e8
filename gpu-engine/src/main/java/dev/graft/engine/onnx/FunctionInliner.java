package dev.graft.engine.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.FunctionProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import dev.graft.engine.cli.UserError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Expands calls to a model's local functions (FunctionProto) into their bodies,
 * recursively, so the graph holds only ops. Some exporters wrap modules (an
 * RMSNorm, an attention block) in such functions. Values inside a body are
 * renamed under the calling node's name; attributes that refer to the call's
 * attributes ({@code ref_attr_name}) take the caller's value or the function's
 * default.
 */
final class FunctionInliner {
    /** Deeper nesting than this is taken for recursion. */
    private static final int MAX_DEPTH = 64;

    private final Map<String, FunctionProto> functions = new HashMap<>();

    FunctionInliner(ModelProto model) {
        for (FunctionProto f : model.getFunctionsList()) {
            functions.put(key(f.getDomain(), f.getName(), f.getOverload()), f);
        }
    }

    /** The graph's nodes with every function call expanded. */
    List<NodeProto> expand(List<NodeProto> nodes) {
        List<NodeProto> out = new ArrayList<>();
        for (NodeProto n : nodes) {
            expand(n, out, 0);
        }
        return out;
    }

    private void expand(NodeProto call, List<NodeProto> out, int depth) {
        FunctionProto f = functions.get(key(call.getDomain(), call.getOpType(), call.getOverload()));
        if (f == null) {
            out.add(call);
            return;
        }
        if (depth > MAX_DEPTH) {
            throw new UserError("local function '" + f.getName() + "' calls itself too deeply (at node '" + call.getName() + "')");
        }
        String prefix = (call.getName().isEmpty() ? call.getOpType() : call.getName()) + "/";
        Map<String, String> rename = new HashMap<>();
        for (int i = 0; i < f.getInputCount(); i++) {
            rename.put(f.getInput(i), i < call.getInputCount() ? call.getInput(i) : "");
        }
        for (int i = 0; i < f.getOutputCount(); i++) {
            rename.put(f.getOutput(i), i < call.getOutputCount() ? call.getOutput(i) : "");
        }
        Map<String, AttributeProto> given = new HashMap<>();
        f.getAttributeProtoList().forEach(a -> given.put(a.getName(), a));
        call.getAttributeList().forEach(a -> given.put(a.getName(), a));
        for (NodeProto body : f.getNodeList()) {
            NodeProto.Builder b = body.toBuilder().clearInput().clearOutput().clearAttribute()
                    .setName(prefix + (body.getName().isEmpty() ? body.getOpType() : body.getName()));
            for (String in : body.getInputList()) {
                b.addInput(in.isEmpty() ? "" : rename.getOrDefault(in, prefix + in));
            }
            for (String o : body.getOutputList()) {
                b.addOutput(o.isEmpty() ? "" : rename.getOrDefault(o, prefix + o));
            }
            for (AttributeProto a : body.getAttributeList()) {
                if (!a.getRefAttrName().isEmpty()) {
                    AttributeProto value = given.get(a.getRefAttrName());
                    if (value != null) {
                        b.addAttribute(value.toBuilder().setName(a.getName()));
                    }
                } else {
                    b.addAttribute(a);
                }
            }
            expand(b.build(), out, depth + 1);
        }
    }

    private static String key(String domain, String name, String overload) {
        return domain + "::" + name + "::" + overload;
    }
}
