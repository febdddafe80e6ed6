package io.nfslifecycle.kit.kafka;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.nfslifecycle.events.InvalidEventException;
import io.nfslifecycle.events.OneLine;
import io.nfslifecycle.events.Topics;
import io.nfslifecycle.kit.threads.Daemons;

/**
 * Refuses a record: counts it, logs it (summarised in a flood), and writes its dead-letter copy to
 * {@code nfs-lifecycle.<service>.dlq} within the producer's limits. Whatever happens to that write, the returned stage
 * completes normally, so the caller can always let the record go and its partition goes on: once the broker has
 * the copy, or after {@code nfs-lifecycle.kafka.dead-letter-ack-wait} while the broker is away (the copy is still sent
 * when it is back), or when the copy could not be written even in its smallest form (retried with backoff first,
 * then counted in {@code nfs.lifecycle.dead.letters.unsent} and logged).
 */
@ApplicationScoped
public class DeadLetters {
    private static final int ATTEMPTS = 4;

    private final ContractPublisher publisher;
    private final RefusalLog log;
    private final MeterRegistry registry;
    private final String topic;
    private final int maxBytes;
    private final Duration ackWait;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(Daemons.named("dead-letter-retry"));

    @Inject
    public DeadLetters(ContractPublisher publisher, RefusalLog log, MeterRegistry registry,
            @ConfigProperty(name = "quarkus.application.name") String service, KafkaSettings settings) {
        this.publisher = publisher;
        this.log = log;
        this.registry = registry;
        this.topic = Topics.deadLetter(service);
        this.maxBytes = settings.deadLetterMaxBytes();
        this.ackWait = settings.deadLetterAckWait();
        Counter.builder("nfs.lifecycle.dead.letters.unsent")
                .description("refused records whose dead-letter copy could not be written; they were skipped")
                .register(registry);
    }

    /**
     * Runs {@code handler} on the record. One that breaks the contract ({@link InvalidEventException}), or whose
     * handling throws, is refused here, with the reason: the next record is read either way.
     */
    public void handleOrRefuse(ConsumerRecord<String, byte[]> record, Consumer<ConsumerRecord<String, byte[]>> handler) {
        try {
            handler.accept(record);
        } catch (InvalidEventException e) {
            refuse(Received.of(record), e);
        } catch (RuntimeException | StackOverflowError e) {
            refuse(Received.of(record), "handler", "could not be handled (" + OneLine.of(e.toString(), 300)
                    + "); the operator must look at the service's log", e);
        }
    }

    /** The dead-letter topic of this service. */
    public String topic() {
        return topic;
    }

    public CompletionStage<Void> refuse(Received received, InvalidEventException e) {
        return refuse(received, e.field(), e.getMessage(), e);
    }

    /**
     * @param field  the offending field, header, {@code value}, or {@code handler} for a failure while handling
     * @param reason one line: what is wrong and what to fix
     */
    public CompletionStage<Void> refuse(Received received, String field, String reason, Throwable failure) {
        Counter.builder("nfs.lifecycle.events.refused").tag("field", KnownValues.field(field))
                .description("records refused to the dead-letter topic, by offending field")
                .register(registry).increment();
        log.refused(received.where(), received.key(), KnownValues.field(field), reason, topic);
        CompletableFuture<Void> done = new CompletableFuture<>();
        attempt(received, reason, failure, 1, done);
        return done.completeOnTimeout(null, ackWait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void attempt(Received received, String reason, Throwable failure, int attempt, CompletableFuture<Void> done) {
        boolean minimal = attempt == ATTEMPTS;
        ProducerRecord<String, byte[]> copy = DeadLetterRecord.of(received, topic, reason, failure, maxBytes, minimal);
        publisher.send(copy, "dead-letter").whenComplete((ok, sendFailure) -> {
            if (sendFailure == null) {
                done.complete(null);
            } else if (attempt >= ATTEMPTS) {
                registry.counter("nfs.lifecycle.dead.letters.unsent").increment();
                log.unsent(received.where(), topic, sendFailure.toString());
                done.complete(null);
            } else {
                // too large: the smallest copy at once; anything else: the same copy again a little later
                int next = sendFailure instanceof RecordTooLargeException ? ATTEMPTS : attempt + 1;
                long delay = next == ATTEMPTS && sendFailure instanceof RecordTooLargeException ? 0
                        : 500L << attempt;
                retries.schedule(() -> attempt(received, reason, failure, next, done), delay, TimeUnit.MILLISECONDS);
            }
        });
    }

    @PreDestroy
    void stop() {
        retries.shutdownNow();
    }
}
