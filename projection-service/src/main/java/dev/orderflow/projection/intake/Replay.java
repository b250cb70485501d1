package dev.orderflow.projection.intake;

import dev.orderflow.platform.json.EventJson;
import dev.orderflow.projection.domain.PositionedEvent;
import dev.orderflow.projection.domain.RecordPosition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;

/**
 * Reads topics from their beginning, without a consumer group: every partition assigned to this one
 * consumer, nothing committed. A rebuild's progress lives in the generation it writes, so a rebuild
 * that stops is simply started over. Not thread-safe: one thread reads a replay.
 */
public final class Replay implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final EventJson json;
  private final List<TopicPartition> partitions;
  private final Map<String, Long> beginnings = new HashMap<>();

  Replay(KafkaConsumer<byte[], byte[]> consumer, EventJson json, List<String> topics) {
    this.consumer = consumer;
    this.json = json;
    this.partitions =
        topics.stream()
            .flatMap(topic ->
                consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    consumer.beginningOffsets(partitions).forEach((p, offset) -> beginnings.put(key(p), offset));
  }

  /** Where each partition began when the replay started (retention may have removed some). */
  public Map<String, Long> beginnings() {
    return Map.copyOf(beginnings);
  }

  /** Where each partition ends now: the offset the next record written will get. */
  public Map<String, Long> ends() {
    var ends = new HashMap<String, Long>();
    consumer.endOffsets(partitions).forEach((p, offset) -> ends.put(key(p), offset));
    return ends;
  }

  /** The offset of the next record to read, per partition. */
  public Map<String, Long> positions() {
    var positions = new HashMap<String, Long>();
    partitions.forEach(p -> positions.put(key(p), consumer.position(p)));
    return positions;
  }

  /** The next records, in offset order per partition; none if nothing came within {@code wait}. */
  public List<ReplayedRecord> poll(Duration wait) throws InterruptedException {
    var read = new ArrayList<ReplayedRecord>();
    ConsumerRecords<byte[], byte[]> records;
    try {
      records = consumer.poll(wait);
    } catch (InterruptException e) {
      throw new InterruptedException("Replay interrupted");
    }
    for (var record : records) {
      var position = new RecordPosition(record.topic(), record.partition(), record.offset());
      try {
        var event = json.read(record.value());
        read.add(
            new ReplayedRecord.Readable(
                new PositionedEvent(event, position, RecordTrace.idOf(record.headers()))));
      } catch (RuntimeException e) {
        read.add(new ReplayedRecord.Unreadable(position, String.valueOf(e.getMessage())));
      }
    }
    return read;
  }

  private static String key(TopicPartition partition) {
    return KafkaOffsets.key(partition);
  }

  @Override
  public void close() {
    consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
  }
}
