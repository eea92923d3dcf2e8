package dev.graft.engine.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.engine.cli.UserError;
import dev.graft.engine.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A file of reference runs, as in models/*.expected.json: one case at the top
 * level ({@code inputs}, {@code outputs}) or several under {@code cases}, and a
 * {@code tolerance.max_abs} for every output value.
 */
public record ExpectedFile(List<Case> cases, double maxAbs) {

    /** One run: its inputs and the outputs it should give. */
    public record Case(Map<String, Tensor> inputs, Map<String, Tensor> outputs) {
    }

    public static ExpectedFile read(Path file) {
        JsonNode root = readJson(file);
        JsonNode tolerance = root.path("tolerance").path("max_abs");
        if (!tolerance.isNumber()) {
            throw new UserError(file + ": needs \"tolerance\": {\"max_abs\": <number>}");
        }
        List<Case> cases = new ArrayList<>();
        if (root.has("cases")) {
            JsonNode list = root.get("cases");
            for (int i = 0; i < list.size(); i++) {
                cases.add(readCase(list.get(i), file + ": case " + i));
            }
        } else {
            cases.add(readCase(root, file.toString()));
        }
        if (cases.isEmpty()) {
            throw new UserError(file + ": has no cases");
        }
        return new ExpectedFile(cases, tolerance.asDouble());
    }

    private static Case readCase(JsonNode c, String where) {
        return new Case(TensorJson.readAll(c.get("inputs"), where + ": inputs"),
                TensorJson.readAll(c.get("outputs"), where + ": outputs"));
    }

    /** Reads a JSON file; a missing file or bad JSON is bad input. */
    public static JsonNode readJson(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UserError(file + ": cannot read JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }
}
