package io.nfslifecycle.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The shape the build's Checkstyle rules cannot see: inside a method, blocks nest at most 4 deep (an {@code if} in a
 * {@code for} in a {@code try} in a lambda is 4). Every main source file of the repository is read; a violation
 * names the file and the line.
 */
class BlockNestingTest {
    static final int MAX = 4;

    @Test
    void noMethodNestsBlocksMoreThanFourDeep() throws IOException {
        List<String> deep = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Project.root())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/java/")
                    && !f.toString().contains("/target/")).toList()) {
                deep.addAll(deepest(file, Files.readString(file)));
            }
        }
        assertThat(deep).as("blocks nested more than " + MAX + " deep inside a method").isEmpty();
    }

    @Test
    void theCheckSeesNesting() {
        String five = "class A {\n void m() {\n if (a) {\n for (;;) {\n try {\n while (b) {\n if (c) {\n x();\n }\n }\n"
                + " } finally {\n }\n }\n }\n }\n}\n";
        String four = "class A {\n void m() {\n if (a) {\n for (;;) {\n try {\n while (b) {\n x();\n }\n } finally {\n"
                + " }\n }\n }\n }\n record R() {\n }\n}\n";

        assertThat(deepest(Path.of("A.java"), five)).hasSize(1);
        assertThat(deepest(Path.of("A.java"), four)).isEmpty();
    }

    /** Lines where a block inside a method opens deeper than {@link #MAX}; strings, chars and comments are skipped. */
    static List<String> deepest(Path file, String source) {
        List<String> found = new ArrayList<>();
        Deque<Boolean> typeBodies = new ArrayDeque<>(); // true: a class, record, enum, interface or anonymous body
        StringBuilder since = new StringBuilder();
        int line = 1;
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '\n') {
                line++;
            }
            int skip = skipLiteralOrComment(source, i);
            if (skip > i) {
                for (int k = i; k < skip; k++) {
                    if (source.charAt(k) == '\n') {
                        line++;
                    }
                }
                i = skip - 1;
                continue;
            }
            if (c == '{') {
                String head = since.toString();
                boolean type = head.matches("(?s).*\\b(class|interface|enum|record)\\b[^=]*") || head.matches("(?s).*\\bnew\\b[^;]*\\)\\s*");
                typeBodies.push(type);
                int nesting = blocksSinceType(typeBodies) - 1;
                if (!type && nesting > MAX) {
                    found.add(file + ":" + line + " nests " + nesting + " deep");
                }
                since.setLength(0);
            } else if (c == '}') {
                if (!typeBodies.isEmpty()) {
                    typeBodies.pop();
                }
                since.setLength(0);
            } else if (c == ';') {
                since.setLength(0);
            } else {
                since.append(c);
            }
        }
        return found;
    }

    /** Blocks open above the innermost type body: 1 is a method body, 2 a block in it. */
    private static int blocksSinceType(Deque<Boolean> stack) {
        int n = 0;
        for (boolean type : stack) {
            if (type) {
                break;
            }
            n++;
        }
        return n;
    }

    /** The index after a string, text block, char literal or comment starting at i; i when none starts there. */
    private static int skipLiteralOrComment(String s, int i) {
        if (s.startsWith("//", i)) {
            int end = s.indexOf('\n', i);
            return end < 0 ? s.length() : end;
        }
        if (s.startsWith("/*", i)) {
            int end = s.indexOf("*/", i + 2);
            return end < 0 ? s.length() : end + 2;
        }
        if (s.startsWith("\"\"\"", i)) {
            int end = s.indexOf("\"\"\"", i + 3);
            return end < 0 ? s.length() : end + 3;
        }
        char c = s.charAt(i);
        if (c == '"' || c == '\'') {
            int k = i + 1;
            while (k < s.length() && s.charAt(k) != c) {
                k += s.charAt(k) == '\\' ? 2 : 1;
            }
            return k + 1;
        }
        return i;
    }
}
