package dev.orderflow.platform.kafka;

import dev.orderflow.platform.metrics.StoredCount;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * {@code kafka_consumer_group_lag{group,topic}}: for every consumer group of this service's
 * listeners (a service's main group, and notification-service's retry groups), how many records of
 * each topic it reads are not committed yet, measured through the Admin API every few seconds. A
 * partition the group never committed counts from its earliest offset, as {@code
 * auto.offset.reset=earliest} would read it.
 *
 * <p>Every instance of a service measures its groups, so instances report the same value: take the
 * {@code max} across them. Lag measured from the broker keeps counting while a consumer is stuck or
 * paused, which the consumer's own {@code records-lag} metric does not.
 *
 * <p>One gauge per group and topic, registered once and updated in place: re-registering rows (a
 * {@code MultiGauge} with overwrite) races with a Prometheus scrape, which can then see a row twice
 * and fail the whole scrape ({@code DuplicateLabelsException}, seen with two instances). A value
 * not measured for six intervals (the broker away, a group or topic no longer read) is NaN, not its
 * last value ({@link StoredCount}), and {@code kafka_consumer_group_lag_read_age_seconds} says
 * since when.
 */
public final class ConsumerGroupLag implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ConsumerGroupLag.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final Map<String, Object> adminConfig;
  private final KafkaListenerEndpointRegistry listeners;
  private final Duration interval;
  private final MeterRegistry meters;
  private final Map<Tags, StoredCount> lag = new ConcurrentHashMap<>();
  private @Nullable ScheduledExecutorService schedule;
  private @Nullable Admin admin;

  public ConsumerGroupLag(
      Map<String, Object> adminConfig,
      KafkaListenerEndpointRegistry listeners,
      MeterRegistry meters,
      Duration interval) {
    this.adminConfig = Map.copyOf(adminConfig);
    this.listeners = listeners;
    this.interval = interval;
    this.meters = meters;
  }

  /**
   * Measures every group once and publishes the result; what a failure leaves unmeasured turns NaN
   * once it is six intervals old.
   */
  void measure() {
    var admin = this.admin;
    if (admin == null) {
      return;
    }
    try {
      for (var group : groups().entrySet()) {
        lagOf(admin, group.getKey(), group.getValue())
            .forEach((topic, records) ->
                gauge(Tags.of("group", group.getKey(), "topic", topic)).refresh(() -> records));
      }

    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      log.debug("Could not measure consumer group lag: {}", e.toString());
    }
  }

  private StoredCount gauge(Tags tags) {
    return lag.computeIfAbsent(
        tags,
        t ->
            StoredCount.register(
                "kafka.consumer.group.lag",
                "Records not yet committed by the consumer group, per topic",
                "",
                interval.multipliedBy(6),
                t,
                meters));
  }

  /** The topics each group reads, from the running listener containers. */
  private Map<String, List<String>> groups() {
    var groups = new HashMap<String, List<String>>();
    for (MessageListenerContainer container : listeners.getListenerContainers()) {
      var topics = container.getContainerProperties().getTopics();
      if (container.isRunning() && container.getGroupId() != null && topics != null) {
        groups
            .computeIfAbsent(container.getGroupId(), g -> new ArrayList<>())
            .addAll(List.of(topics));
      }
    }
    return groups;
  }

  private Map<String, Long> lagOf(Admin admin, String group, Collection<String> topics)
      throws Exception {
    var partitions =
        admin
            .describeTopics(topics)
            .allTopicNames()
            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
            .values()
            .stream()
            .flatMap(topic ->
                topic.partitions().stream()
                    .map(partition -> new TopicPartition(topic.name(), partition.partition())))
            .toList();
    var ends = offsets(admin, partitions, OffsetSpec.latest());
    var earliest = offsets(admin, partitions, OffsetSpec.earliest());
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin
            .listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata()
            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    return partitions.stream()
        .collect(
            Collectors.groupingBy(
                TopicPartition::topic,
                Collectors.summingLong(partition -> {
                  var position = committed.get(partition);
                  long from =
                      position != null ? position.offset() : earliest.getOrDefault(partition, 0L);
                  return Math.max(0, ends.getOrDefault(partition, from) - from);
                })));
  }

  private static Map<TopicPartition, Long> offsets(
      Admin admin, List<TopicPartition> partitions, OffsetSpec spec) throws Exception {
    return admin
        .listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(), p -> spec)))
        .all()
        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
        .entrySet()
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
  }

  @Override
  public synchronized void start() {
    admin = Admin.create(adminConfig);
    var started =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("consumer-lag").daemon().factory());
    schedule = started;
    started.scheduleWithFixedDelay(
        this::measure, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    var running = schedule;
    if (running != null) {
      running.shutdownNow();
      schedule = null;
    }
    var client = admin;
    if (client != null) {
      client.close(Duration.ofSeconds(1));
      admin = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return schedule != null;
  }
}
