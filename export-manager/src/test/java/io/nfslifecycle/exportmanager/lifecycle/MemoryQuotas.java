package io.nfslifecycle.exportmanager.lifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import io.nfslifecycle.kit.quota.ProjectQuotas;

/**
 * The quota port's contract kept in memory, for the lifecycle's own rules on a machine whose kernel has no quotas
 * (the real port is proven on a real kernel by the guest test): tags by directory, limits by project, and a use
 * summed from the regular files under the directories tagged with it.
 */
final class MemoryQuotas implements ProjectQuotas {
    final Map<Path, Long> tags = new ConcurrentHashMap<>();
    final Map<Long, Long> limits = new ConcurrentHashMap<>();

    @Override
    public void tag(Path directory, long projectId) {
        tags.put(directory, projectId);
    }

    @Override
    public long projectOf(Path directory) {
        return tags.getOrDefault(directory, 0L);
    }

    @Override
    public void limit(long projectId, long bytes) {
        limits.put(projectId, (bytes + 1023) / 1024 * 1024);
    }

    @Override
    public ProjectUsage usage(long projectId) throws IOException {
        long used = 0;
        for (Map.Entry<Path, Long> tag : tags.entrySet()) {
            if (tag.getValue() == projectId && Files.isDirectory(tag.getKey())) {
                try (Stream<Path> files = Files.walk(tag.getKey())) {
                    used += files.filter(Files::isRegularFile).mapToLong(MemoryQuotas::size).sum();
                }
            }
        }
        return new ProjectUsage(projectId, limits.getOrDefault(projectId, 0L), used, 0);
    }

    @Override
    public List<ProjectUsage> all(long firstId) throws IOException {
        List<ProjectUsage> all = new ArrayList<>();
        for (long id : new TreeMap<>(limits).keySet()) {
            if (id >= firstId) {
                all.add(usage(id));
            }
        }
        return all;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
