package dev.graft.pypm.cli;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.GraphTextWriter;
import dev.graft.engine.onnx.OnnxExporter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The formats {@code graft rewrite --out} writes, chosen by the file's extension. */
enum ModelFormat {
    /** An ONNX model; Graft's fused ops in its own domain. */
    ONNX {
        @Override
        void write(Graph g, Path file) {
            OnnxExporter.write(g, file);
        }
    },
    /** Graft's text format. */
    TEXT {
        @Override
        void write(Graph g, Path file) {
            try {
                Files.writeString(file, GraphTextWriter.write(g), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UserError(file + ": cannot write: " + e.getMessage(), e);
            }
        }
    };

    abstract void write(Graph g, Path file);

    /** The format a file name asks for; any extension but .onnx and .graft is bad input, caught before any work. */
    static ModelFormat of(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(".onnx")) {
            return ONNX;
        }
        if (name.endsWith(".graft")) {
            return TEXT;
        }
        throw new UserError("--out " + file + ": unknown extension; name the file X.onnx (ONNX) or X.graft "
                + "(Graft's text format)");
    }
}
