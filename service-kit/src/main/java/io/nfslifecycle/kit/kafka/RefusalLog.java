package io.nfslifecycle.kit.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.nfslifecycle.events.OneLine;
import io.nfslifecycle.kit.threads.Daemons;

/**
 * Refusals as an operator can read them, and a flood cannot drown: the first few of each minute are logged one line
 * each, the rest are counted by field and summed up in one line when the minute is over. The dead-letter topic and
 * the {@code nfs.lifecycle.events.refused} counter stay exact; only the log is summarised.
 */
@ApplicationScoped
public class RefusalLog {
    private static final Logger LOG = Logger.getLogger(RefusalLog.class);

    private final int perWindow;
    private final Duration window;
    private final Map<String, Long> suppressed = new TreeMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Daemons.named("refusal-log"));
    private int logged;
    private long total;
    private boolean scheduled;

    @Inject
    public RefusalLog(KafkaSettings settings) {
        this(settings.refusalsLoggedPerMinute(), Duration.ofMinutes(1));
    }

    RefusalLog(int perWindow, Duration window) {
        this.perWindow = perWindow;
        this.window = window;
    }

    /**
     * One record refused.
     *
     * @param where      {@code topic-partition@offset}
     * @param field      the offending field (a metric tag: bounded)
     * @param reason     why, one line
     * @param deadLetter where the record went
     */
    public synchronized void refused(String where, String key, String field, String reason, String deadLetter) {
        total++;
        if (!scheduled) {
            scheduled = true;
            timer.schedule(this::summarise, window.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (logged < perWindow) {
            logged++;
            LOG.warnf("refused record %s (key %s): %s; it went to %s", where, OneLine.of(key, 80), reason, deadLetter);
            return;
        }
        suppressed.merge(field, 1L, Long::sum);
    }

    /** A refused record that could not even be dead-lettered: always logged, these are what an operator must see. */
    public void unsent(String where, String deadLetter, String why) {
        LOG.errorf("refused record %s could not be written to %s either (%s); it is skipped, counted in "
                + "nfs_lifecycle_dead_letters_unsent_total", where, deadLetter, OneLine.of(why));
    }

    synchronized void summarise() {
        scheduled = false;
        long quiet = suppressed.values().stream().mapToLong(Long::longValue).sum();
        if (quiet > 0) {
            LOG.warnf("refused %d records in the last %d s (%d logged one by one): %d more by field: %s; every one is "
                    + "on the dead-letter topic", total, window.toSeconds(), logged, quiet,
                    suppressed.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                            .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")));
        }
        suppressed.clear();
        logged = 0;
        total = 0;
    }

    @PreDestroy
    void stop() {
        summarise();
        timer.shutdownNow();
    }
}
