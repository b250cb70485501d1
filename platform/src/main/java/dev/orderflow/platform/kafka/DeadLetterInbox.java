package dev.orderflow.platform.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.orderflow.events.Topic;
import dev.orderflow.platform.mongo.InsertIfAbsent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * The dead letters of this service — records its own consumer group gave up on, in the dead-letter
 * topics of the topics it consumes — and sending them back once the cause is fixed.
 *
 * <p>Sending back means publishing the original key, value and headers to the original topic again.
 * Every consumer group of that topic sees the record again; they are all idempotent, so only the
 * one that failed does anything with it. Which dead letters were sent back is kept in MongoDB
 * ({@code dead_letter_redrives}), since a topic cannot forget a record.
 */
public final class DeadLetterInbox {

  static final String REDRIVEN_FROM = "orderflow_redriven_from";

  /** The consumer group a record was sent back for. */
  public static final String REDRIVEN_FOR = "orderflow_redriven_for";

  private static final String RETRY_TOPIC = "retry_topic-";
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration FETCH_WAIT = Duration.ofMillis(10);

  private final Map<String, Object> consumerConfig;
  private final String group;
  private final Supplier<Collection<String>> consumedTopics;
  private final KafkaOperations<String, byte[]> producer;
  private final MongoCollection<Document> redrives;
  private final Clock clock;

  public DeadLetterInbox(
      String bootstrapServers,
      String group,
      Supplier<Collection<String>> consumedTopics,
      KafkaOperations<String, byte[]> producer,
      MongoCollection<Document> redrives,
      Clock clock) {
    this.consumerConfig =
        Map.of(
            "bootstrap.servers",
            bootstrapServers,
            "enable.auto.commit",
            "false",
            // The read stops at the end offsets taken first: a fetch waiting for newer records
            // would only hold up close() (by the default 500 ms on every listing).
            "fetch.max.wait.ms",
            String.valueOf(FETCH_WAIT.toMillis()));
    this.group = group;
    this.consumedTopics = consumedTopics;
    this.producer = producer;
    this.redrives = redrives;
    this.clock = clock;
  }

  /** Every dead letter of this service, oldest first per partition. */
  public List<DeadLetter> list() {
    var redriven = redrivenAt();
    var letters = new ArrayList<DeadLetter>();
    for (var record : records()) {
      letters.add(deadLetter(record, redriven.get(id(record))));
    }
    return letters;
  }

  /** Sends one dead letter back to its topic; sending the same one twice is refused. */
  public DeadLetter redrive(String deadLetterTopic, int partition, long offset) {
    var id = DeadLetter.id(deadLetterTopic, partition, offset);
    var record =
        records().stream()
            .filter(candidate -> id(candidate).equals(id))
            .findFirst()
            .orElseThrow(() -> new UnknownDeadLetterException(id));
    if (redrivenAt().containsKey(id)) {
      throw new AlreadyRedrivenException(id);
    }
    if (truncated(record)) {
      throw new TruncatedDeadLetterException(id);
    }
    return sendBack(record);
  }

  /** Sends back every dead letter not sent back yet, but for truncated ones. */
  public List<DeadLetter> redriveAll() {
    var redriven = redrivenAt();
    return records().stream()
        .filter(record -> !redriven.containsKey(id(record)) && !truncated(record))
        .map(this::sendBack)
        .toList();
  }

  /**
   * Whether {@code record} is a dead letter sent back for a consumer group other than {@code
   * group}: a copy of a record {@code group} has dealt with already.
   */
  static boolean sentBackForAnotherGroup(ConsumerRecord<?, ?> record, @Nullable String group) {
    var sentBackFor = header(record.headers(), REDRIVEN_FOR);
    return sentBackFor != null && group != null && !sentBackFor.equals(group);
  }

  private static boolean truncated(ConsumerRecord<String, byte[]> record) {
    return record.headers().lastHeader(DeadLetters.TRUNCATED_HEADER) != null;
  }

  private DeadLetter sendBack(ConsumerRecord<String, byte[]> record) {
    var letter = deadLetter(record, null);
    var resend = new ProducerRecord<>(letter.topic(), null, record.key(), record.value());
    for (var header : record.headers()) {
      // The original headers (CloudEvents, trace context), not the ones the dead-lettering added,
      // nor those of the retry topics notification-service used before issue 19 (dead letters
      // written then may still be re-driven): a re-driven record starts its retries afresh.
      if (!header.key().startsWith(KafkaHeaders.PREFIX) && !header.key().startsWith(RETRY_TOPIC)) {
        resend.headers().add(header);
      }
    }
    resend.headers().add(REDRIVEN_FROM, letter.id().getBytes(UTF_8));
    resend.headers().add(REDRIVEN_FOR, group.getBytes(UTF_8));
    producer.send(resend).orTimeout(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
    // Marked after Kafka took it: a crash in between allows a second re-drive, a harmless
    // duplicate.
    var now = clock.instant();
    InsertIfAbsent.into(
        redrives,
        new Document("_id", letter.id())
            .append("topic", letter.topic())
            .append("redrivenAt", Date.from(now)));
    return deadLetter(record, now);
  }

  private List<ConsumerRecord<String, byte[]>> records() {
    var ours = new ArrayList<ConsumerRecord<String, byte[]>>();
    try (var consumer =
        new KafkaConsumer<>(
            consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
      for (var topic : consumedTopics.get()) {
        var deadLetterTopic = Topic.deadLetterOf(topic);
        var all =
            consumer.partitionsFor(deadLetterTopic).stream()
                .map(info -> new TopicPartition(deadLetterTopic, info.partition()))
                .toList();
        var end = consumer.endOffsets(all);
        var start = consumer.beginningOffsets(all);
        // Only the partitions that hold a dead letter are read: most hold none.
        var partitions =
            all.stream().filter(p -> start.getOrDefault(p, 0L) < end.getOrDefault(p, 0L)).toList();
        if (partitions.isEmpty()) {
          continue;
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.getOrDefault(p, 0L))) {
          for (var record : consumer.poll(Duration.ofMillis(200))) {
            if (group.equals(header(record.headers(), KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP))) {
              ours.add(record);
            }
          }
        }
      }
    }
    return ours;
  }

  private Map<String, Instant> redrivenAt() {
    var redriven = new HashMap<String, Instant>();
    for (var document : redrives.find(Filters.empty())) {
      redriven.put(document.getString("_id"), document.getDate("redrivenAt").toInstant());
    }
    return redriven;
  }

  private static DeadLetter deadLetter(
      ConsumerRecord<String, byte[]> record, @Nullable Instant redrivenAt) {
    var headers = record.headers();
    return new DeadLetter(
        id(record),
        record.topic(),
        record.partition(),
        record.offset(),
        header(headers, KafkaHeaders.DLT_ORIGINAL_TOPIC),
        record.key(),
        // The listener container wraps what the handler threw; the cause is what a human needs.
        Optional.ofNullable(header(headers, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN))
            .orElse(header(headers, KafkaHeaders.DLT_EXCEPTION_FQCN)),
        header(headers, KafkaHeaders.DLT_EXCEPTION_MESSAGE),
        Instant.ofEpochMilli(record.timestamp()),
        record.value() == null ? null : new String(record.value(), UTF_8),
        redrivenAt);
  }

  private static String id(ConsumerRecord<?, ?> record) {
    return DeadLetter.id(record.topic(), record.partition(), record.offset());
  }

  private static @Nullable String header(Headers headers, String name) {
    var header = headers.lastHeader(name);
    return header == null ? null : new String(header.value(), UTF_8);
  }
}
