package dev.graft.serve.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.engine.cli.UserError;
import dev.graft.serve.GenerationRequest;
import dev.graft.serve.RequestRefusedException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads generation requests: {@code --prompt-ids 1,2,3}, or a batch file holding a JSON
 * array of {@code {"prompt_ids": [..], "max_new_tokens": n}} ({@code max_new_tokens}
 * defaults to the command's {@code --max-new-tokens}).
 */
final class RequestFiles {
    private RequestFiles() {
    }

    static int[] parseIds(String text, String where) {
        String[] parts = text.split(",");
        int[] ids = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                ids[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new UserError(where + ": '" + parts[i].trim() + "' is not an integer token id");
            }
        }
        return ids;
    }

    static List<GenerationRequest> readBatch(Path file, int defaultMaxNew) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UserError(file + ": not readable JSON (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
        if (root == null || !root.isArray()) {
            throw new UserError(file + ": expected a JSON array of {\"prompt_ids\": [...], \"max_new_tokens\": n}");
        }
        List<GenerationRequest> out = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode r = root.get(i);
            String where = file + ": request " + i;
            JsonNode ids = r.get("prompt_ids");
            if (ids == null || !ids.isArray()) {
                throw new UserError(where + ": prompt_ids must be an array of integers");
            }
            int[] prompt = new int[ids.size()];
            for (int t = 0; t < prompt.length; t++) {
                if (!ids.get(t).canConvertToInt()) {
                    throw new UserError(where + ": prompt_ids[" + t + "] = " + ids.get(t) + " is not an integer");
                }
                prompt[t] = ids.get(t).asInt();
            }
            JsonNode n = r.get("max_new_tokens");
            try {
                out.add(new GenerationRequest(i, prompt, n == null ? defaultMaxNew : n.asInt()));
            } catch (RequestRefusedException e) {
                throw new UserError(where + ": " + e.getMessage(), e);
            }
        }
        return out;
    }
}
