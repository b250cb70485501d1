package dev.orderflow.projection.intake;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * Offsets on the broker, per partition ({@code orders.events-2}): where each partition ends, and
 * how far the service's consumer group has committed; and which members of the group hold
 * partitions. One admin client for the life of the service; every call has a deadline, so a broker
 * that is away makes a call fail, not hang.
 */
@Component
public class KafkaOffsets implements DisposableBean {

  static final Duration DEADLINE = Duration.ofSeconds(10);

  private final Admin admin;
  private final String group;

  KafkaOffsets(KafkaAdmin kafkaAdmin, @Value("${spring.kafka.consumer.group-id}") String group) {
    this.admin = Admin.create(kafkaAdmin.getConfigurationProperties());
    this.group = group;
  }

  /** The live consumer group's name. */
  public String group() {
    return group;
  }

  /** The next offset to be written, per partition of {@code topics}. */
  public Map<String, Long> ends(Collection<String> topics) {
    var partitions = partitionsOf(topics);
    var request = new HashMap<TopicPartition, OffsetSpec>();
    partitions.forEach(partition -> request.put(partition, OffsetSpec.latest()));
    var ends = new HashMap<String, Long>();
    get(admin.listOffsets(request).all())
        .forEach((partition, info) -> ends.put(key(partition), info.offset()));
    return ends;
  }

  /** The offsets the live consumer group committed, of those of {@code partitions} it committed. */
  public Map<TopicPartition, Long> committedOf(Collection<TopicPartition> partitions) {
    var committed = new HashMap<TopicPartition, Long>();
    if (partitions.isEmpty()) {
      return committed;
    }
    var spec = new ListConsumerGroupOffsetsSpec().topicPartitions(partitions);
    get(admin.listConsumerGroupOffsets(Map.of(group, spec)).partitionsToOffsetAndMetadata(group))
        .forEach((partition, offset) -> {
          if (offset != null) {
            committed.put(partition, offset.offset());
          }
        });
    return committed;
  }

  /**
   * The offsets the live consumer group committed, per partition of {@code topics}; 0 for a
   * partition it never committed.
   */
  public Map<String, Long> committed(Collection<String> topics) {
    var partitions = partitionsOf(topics);
    var committed = new HashMap<String, Long>();
    partitions.forEach(partition -> committed.put(key(partition), 0L));
    var spec = new ListConsumerGroupOffsetsSpec().topicPartitions(partitions);
    get(admin.listConsumerGroupOffsets(Map.of(group, spec)).partitionsToOffsetAndMetadata(group))
        .forEach((partition, offset) -> {
          if (offset != null) {
            committed.put(key(partition), offset.offset());
          }
        });
    return committed;
  }

  /**
   * The members of the live consumer group that hold partitions of {@code topics}, by member id;
   * empty while the group rebalances (who holds what is not settled then).
   */
  public Optional<Set<String>> membersHolding(Collection<String> topics) {
    var description = get(admin.describeConsumerGroups(List.of(group)).all()).get(group);
    if (description == null) {
      return Optional.of(Set.of());
    }
    var state = description.groupState();
    if (state != GroupState.STABLE && state != GroupState.EMPTY) {
      return Optional.empty();
    }
    var holding = new HashSet<String>();
    for (var member : description.members()) {
      if (member.assignment().topicPartitions().stream()
          .anyMatch(partition -> topics.contains(partition.topic()))) {
        holding.add(member.consumerId());
      }
    }
    return Optional.of(holding);
  }

  private List<TopicPartition> partitionsOf(Collection<String> topics) {
    return get(admin.describeTopics(topics).allTopicNames()).values().stream()
        .flatMap(topic ->
            topic.partitions().stream()
                .map(partition -> new TopicPartition(topic.name(), partition.partition())))
        .toList();
  }

  static String key(TopicPartition partition) {
    return partition.topic() + "-" + partition.partition();
  }

  private static <T> T get(KafkaFuture<T> future) {
    try {
      return future.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while asking Kafka for offsets", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Kafka did not tell the offsets: " + e.getMessage(), e);
    }
  }

  @Override
  public void destroy() {
    admin.close(Duration.ofSeconds(5));
  }
}
