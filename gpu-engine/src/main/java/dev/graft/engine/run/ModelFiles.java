package dev.graft.engine.run;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.GraphTextReader;
import dev.graft.engine.onnx.OnnxImporter;
import dev.graft.engine.ops.TypeInference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads a model given on the command line: an ONNX file ({@code .onnx}) or Graft's text format (anything else). */
public final class ModelFiles {
    private ModelFiles() {
    }

    public static Graph load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserError(file + ": no such file");
        }
        if (file.getFileName().toString().endsWith(".onnx")) {
            return OnnxImporter.load(file);
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserError(file + ": cannot read as text (" + e.getClass().getSimpleName()
                    + "); ONNX models must end in .onnx", e);
        }
        Graph g = GraphTextReader.read(text, file.toString());
        TypeInference.run(g);
        return g;
    }
}
