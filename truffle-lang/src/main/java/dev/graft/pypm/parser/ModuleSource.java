package dev.graft.pypm.parser;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the modules named by imports are read from: a directory on disk, or the
 * standard library on the class path ({@code std/NAME.pypm}, listed in
 * {@code std/index.txt}). {@code import a.b} reads {@code a/b.pypm} under the root;
 * {@code import std.b} reads the standard library's {@code b.pypm} from any root.
 */
public sealed interface ModuleSource {

    /** The source of a module, or null when there is none. */
    SourceText read(List<String> path);

    /** The dotted name of the module at {@code path}, as core definition names are qualified. */
    default String moduleName(List<String> path) {
        return String.join(".", path);
    }

    /** Modules under a directory; messages name files as {@code dir/a/b.pypm} with dir as given. */
    record Directory(Path root) implements ModuleSource {
        @Override
        public SourceText read(List<String> path) {
            Path file = root;
            for (String part : path) {
                file = file.resolve(part);
            }
            file = file.resolveSibling(file.getFileName() + ".pypm");
            if (!Files.isRegularFile(file)) {
                return null;
            }
            try {
                return new SourceText(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** The standard library shipped in truffle-lang's resources. */
    record Std() implements ModuleSource {
        private static final String DIR = "/std/";

        @Override
        public SourceText read(List<String> path) {
            String name = String.join("/", path) + ".pypm";
            try (InputStream in = Std.class.getResourceAsStream(DIR + name)) {
                return in == null ? null : new SourceText("std/" + name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read std/" + name + ": " + e.getMessage(), e);
            }
        }

        @Override
        public String moduleName(List<String> path) {
            return "std." + String.join(".", path);
        }

        /** The standard library's modules, in the order they are listed. */
        public static List<String> modules() {
            try (InputStream in = Std.class.getResourceAsStream(DIR + "index.txt")) {
                if (in == null) {
                    throw new IllegalStateException("std/index.txt is missing from the class path");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                        .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
            } catch (IOException e) {
                throw new IllegalStateException("cannot read std/index.txt: " + e.getMessage(), e);
            }
        }
    }
}
