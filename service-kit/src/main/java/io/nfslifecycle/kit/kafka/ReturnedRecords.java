package io.nfslifecycle.kit.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The consumer interceptor of a channel read from the start ({@code interceptor.classes}): tells its
 * {@link FromStart}, on the polling thread, the last record each poll returned per partition, so that a position
 * past the end counts only once those records are applied. Kafka makes it by its name; it finds its
 * {@code FromStart} by the channel named in the setting {@link #CHANNEL}.
 */
public final class ReturnedRecords implements ConsumerInterceptor<Object, Object> {
    /** The consumer setting naming the channel whose {@link FromStart} is told. */
    public static final String CHANNEL = "nfs-lifecycle.from-start.channel";
    private static final Map<String, FromStart> READS = new ConcurrentHashMap<>();

    private volatile FromStart told;

    static void register(String channel, FromStart fromStart) {
        READS.put(channel, fromStart);
    }

    /**
     * {@code settings} of the channel and what makes its consumer tell {@code fromStart}: this interceptor, after
     * those of the {@code kafka.*} settings (a channel's {@code interceptor.classes} replaces them), and the channel.
     */
    static Map<String, Object> settings(KafkaClients clients, String channel, FromStart fromStart,
            Map<String, Object> settings) {
        register(channel, fromStart);
        Map<String, Object> all = new HashMap<>(settings);
        Object others = clients.consumer(Map.of()).get(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG);
        // read as Kafka reads the setting: a comma-separated string or a list, of names or classes
        List<?> theirs = others == null ? List.of()
                : (List<?>) ConfigDef.parseType(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG, others, ConfigDef.Type.LIST);
        all.put(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG, Stream.concat(
                theirs.stream().map(c -> c instanceof Class<?> type ? type.getName() : String.valueOf(c).trim()),
                Stream.of(ReturnedRecords.class.getName())).collect(Collectors.joining(",")));
        all.put(CHANNEL, channel);
        return all;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        Object channel = configs.get(CHANNEL);
        told = channel == null ? null : READS.get(String.valueOf(channel));
        if (told != null) {
            told.watched();
        }
    }

    @Override
    public ConsumerRecords<Object, Object> onConsume(ConsumerRecords<Object, Object> records) {
        FromStart fromStart = told;
        if (fromStart != null) {
            for (TopicPartition tp : records.partitions()) {
                List<ConsumerRecord<Object, Object>> inPartition = records.records(tp);
                fromStart.returned(tp, inPartition.get(inPartition.size() - 1).offset());
            }
        }
        return records;
    }

    @Override
    public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    }

    @Override
    public void close() {
    }
}
