package dev.orderflow.platform.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.springframework.kafka.listener.BatchInterceptor;

/**
 * Counts the records each poll hands to the service's listeners, per topic: {@code
 * kafka_consumer_records_total{topic}}, one increment per topic and poll. Every listener here takes
 * a poll as a batch, which Spring Kafka does not observe record by record unless asked to, and asks
 * only where spans are exported ({@link KafkaPlatformAutoConfiguration#orderflowContainers}); a
 * timer per record would time nothing (the batch reaches the listener once, outside those
 * observations) and was most of what counting cost (docs/engineering/benchmarks.md). A record
 * polled again after a failure is counted again.
 */
final class ConsumedRecords implements BatchInterceptor<Object, Object> {

  private final MeterRegistry meters;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  ConsumedRecords(MeterRegistry meters) {
    this.meters = meters;
  }

  /** Shows {@code topic} at 0 before its first record: a service's topics at start. */
  void watch(String topic) {
    counter(topic);
  }

  @Override
  public ConsumerRecords<Object, Object> intercept(
      ConsumerRecords<Object, Object> records, Consumer<Object, Object> consumer) {
    for (var partition : records.partitions()) {
      counter(partition.topic()).increment(records.records(partition).size());
    }
    return records;
  }

  private Counter counter(String topic) {
    return counters.computeIfAbsent(
        topic,
        name ->
            Counter.builder("kafka.consumer.records")
                .description(
                    "Records handed to the service's listeners (again after a failure), per topic")
                .tag("topic", name)
                .register(meters));
  }
}
