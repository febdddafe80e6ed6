package io.nfslifecycle.quotaauditor.scan;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** GNU {@code du}, run from a test, as the reference the scan must agree with. */
public final class Du {
    private Du() {
    }

    /** {@code du -s -c -B1 [options] dirs}: the total line's figure (hard links counted once across the dirs). */
    public static long total(List<Path> dirs, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("du", "-s", "-c", "-B1"));
        command.addAll(List.of(options));
        dirs.forEach(d -> command.add(d.toString()));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("du did not finish: " + command);
        }
        String[] lines = out.strip().split("\n");
        return Long.parseLong(lines[lines.length - 1].split("\\s+")[0]);
    }
}
