package io.nfslifecycle.exportmanager.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.nfslifecycle.events.Event;
import io.nfslifecycle.events.EventCodec;
import io.nfslifecycle.events.ExportEvent;
import io.nfslifecycle.events.ExportRecord;
import io.nfslifecycle.events.InvalidEventException;
import io.nfslifecycle.events.Topics;
import io.nfslifecycle.exportmanager.lifecycle.ExportLifecycle;
import io.nfslifecycle.exportmanager.store.StoredExport;
import io.nfslifecycle.kit.kafka.KafkaClients;
import io.nfslifecycle.kit.kafka.TopicSnapshot;

/**
 * After a start, makes {@code nfs-lifecycle.exports} hold what the records hold: it reads the compacted topic to its
 * end (waiting for Kafka as long as it takes, on a thread of its own) and publishes again the state of every claim
 * whose latest record there is not the durable one, e.g. a result that was still in the producer when the process
 * was killed. Claims keep being served meanwhile; a state published twice is the same state.
 */
@ApplicationScoped
public class StateRepublisher {
    private static final Logger LOG = Logger.getLogger(StateRepublisher.class);

    private final ExportLifecycle lifecycle;
    private final ClaimWork work;
    private final KafkaClients clients;
    private final Thread thread;
    private volatile boolean done;

    @Inject
    public StateRepublisher(ExportLifecycle lifecycle, ClaimWork work, KafkaClients clients) {
        this.lifecycle = lifecycle;
        this.work = work;
        this.clients = clients;
        this.thread = new Thread(this::run, "exports-republisher");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** True once the topic was compared with the records. */
    public boolean done() {
        return done;
    }

    private void run() {
        String server = lifecycle.settings().serverId();
        Map<String, ExportRecord> published = new HashMap<>();
        while (!Thread.currentThread().isInterrupted()) {
            published.clear();
            if (TopicSnapshot.read(clients, Topics.EXPORTS, Duration.ofSeconds(30), record -> {
                ExportRecord export = recordOf(record.key(), record.value(), EventCodec.headers(record.headers()));
                if (export != null && server.equals(export.serverId())) {
                    published.put(export.claimUid(), export);
                } else if (record.value() == null && record.key() != null) {
                    published.remove(record.key());
                }
            })) {
                break;
            }
            LOG.debugf("%s could not be read to its end yet; trying again", Topics.EXPORTS);
        }
        int republished = 0;
        for (StoredExport stored : lifecycle.store().all()) {
            if (lifecycle.stateOf(stored).isPresent() && !stored.export().equals(published.get(stored.claimUid()))) {
                work.republish(stored.claimUid());
                republished++;
            }
        }
        done = true;
        if (republished > 0) {
            LOG.infof("published the state of %d claim(s) again: %s did not hold it (results cut short by a stop)",
                    republished, Topics.EXPORTS);
        }
    }

    private static ExportRecord recordOf(String key, byte[] value, Map<String, String> headers) {
        if (value == null) {
            return null;
        }
        try {
            Event event = EventCodec.decode(key, headers, value);
            return event instanceof ExportEvent export ? export.export() : null;
        } catch (InvalidEventException e) {
            return null;
        }
    }

    @PreDestroy
    void stop() {
        thread.interrupt();
    }
}
