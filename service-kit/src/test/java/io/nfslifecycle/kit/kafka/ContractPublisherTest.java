package io.nfslifecycle.kit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nfslifecycle.events.EventCodec;
import io.nfslifecycle.events.Topics;

class ContractPublisherTest {

    @Test
    void preparesEveryTopicAtStartEvenWhenOneIsNotThereYetAndSendsAsBefore() throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> bothAsked = new CompletableFuture<>();
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer()) {
            @Override
            public synchronized List<PartitionInfo> partitionsFor(String topic) {
                asked.add(topic);
                if (asked.size() == 2) {
                    bothAsked.complete(null);
                }
                if (Topics.EXPORTS.equals(topic)) { // the broker does not know it yet
                    throw new TimeoutException("Topic " + topic + " not present in metadata after 5000 ms.");
                }
                return List.of();
            }
        };
        ContractPublisher publisher = new ContractPublisher(new EventCodec("/test"), producer,
                new SimpleMeterRegistry());
        try {
            publisher.prepare(Topics.EXPORTS, Topics.CAPACITY);
            bothAsked.get(10, TimeUnit.SECONDS);
            assertThat(asked).containsExactly(Topics.EXPORTS, Topics.CAPACITY);

            publisher.send(new ProducerRecord<>(Topics.EXPORTS, "k", "v".getBytes(StandardCharsets.UTF_8)), "test")
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(producer.history()).extracting(ProducerRecord::topic).containsExactly(Topics.EXPORTS);
        } finally {
            publisher.stop();
        }
    }
}
