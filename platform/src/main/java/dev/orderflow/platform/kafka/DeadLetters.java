package dev.orderflow.platform.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.orderflow.events.Topic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Arrays;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer.SingleRecordHeader;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Sends a record that failed for good to {@code <topic>.DLT} (same partition, the cause in {@code
 * kafka_dlt-*} headers), then counts and logs it, so dead letters never arrive unnoticed.
 *
 * <p>A dead letter that cannot be written is bounded too. While the broker is away the record
 * waits, like any record during an outage. If the broker refuses the dead letter itself (a value
 * near the size limit, which the cause headers push over it), a copy goes instead: a value of bytes
 * cut to {@value #TRUNCATED_BYTES} bytes, the original headers dropped and each cause header cut,
 * marked {@value #TRUNCATED_HEADER} with the original sizes. If even that is refused, the record is
 * skipped with an ERROR that names its position, and counted ({@code
 * kafka_dead_letters_unpublished_total}): event topics are kept for ever, so it can still be read
 * where it is. The fault {@code dead-letter-refused} ({@link DeadLetterRefusal}) refuses both
 * attempts, for drills.
 *
 * <p>A record another service sent back from its dead letters ({@link DeadLetterInbox}) that fails
 * here too is passed over, not dead-lettered a second time: this group dealt with the original
 * already. Logged at INFO and counted ({@code kafka_redriven_passed_over_total}).
 *
 * <p>A batch listener's failure ({@link BatchConsumption}) arrives wrapped once more than a record
 * listener's; it is unwrapped first, so its dead letter has the same cause headers.
 */
public class DeadLetters extends DeadLetterPublishingRecoverer {

  private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

  /** How much of a value of bytes a truncated dead letter keeps. */
  static final int TRUNCATED_BYTES = 64 * 1024;

  /** How much of each cause header (message, stack trace) a truncated dead letter keeps. */
  static final int TRUNCATED_HEADER_BYTES = 4 * 1024;

  /** Marks a truncated dead letter: {@code value=<bytes>,headers=<bytes>} of the original. */
  public static final String TRUNCATED_HEADER = "orderflow_dlt-truncated";

  private final MeterRegistry meters;
  private final ApplicationEventPublisher events;
  private final @Nullable DeadLetterRefusal refusal;

  /**
   * Dead letters to the same partition of {@code <topic>.DLT}, each announced on {@code events} as
   * {@link DeadLettered}; without the fault {@code dead-letter-refused}.
   */
  public DeadLetters(
      KafkaOperations<?, ?> template, MeterRegistry meters, ApplicationEventPublisher events) {
    this(template, meters, events, null);
  }

  /**
   * Dead letters as {@link #DeadLetters(KafkaOperations, MeterRegistry, ApplicationEventPublisher)}
   * sends them, each refused while {@code refusal}'s fault is on.
   */
  public DeadLetters(
      KafkaOperations<?, ?> template,
      MeterRegistry meters,
      ApplicationEventPublisher events,
      @Nullable DeadLetterRefusal refusal) {
    super(
        template,
        (record, cause) ->
            new TopicPartition(Topic.deadLetterOf(record.topic()), record.partition()));
    this.meters = meters;
    this.events = events;
    this.refusal = refusal;
    addHeadersFunction(DeadLetters::explained);
  }

  /**
   * The message header says why, down to the root cause: Spring's stops at the first exception,
   * which for a value that could not be read is only "failed to deserialize".
   */
  private static Headers explained(ConsumerRecord<?, ?> record, Exception failure) {
    var message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
    Throwable cause = failure.getCause();
    String rootText = null;
    while (cause != null) {
      rootText = cause.getMessage() == null ? cause.toString() : cause.getMessage();
      if (cause.getCause() == cause) {
        break;
      }
      cause = cause.getCause();
    }
    if (rootText != null && !rootText.equals(message)) {
      message = message + "; " + rootText;
    }
    var bytes = message.getBytes(UTF_8);
    return new RecordHeaders(
        new Header[] {
          new SingleRecordHeader(
              KafkaHeaders.DLT_EXCEPTION_MESSAGE,
              Arrays.copyOf(bytes, Math.min(bytes.length, TRUNCATED_HEADER_BYTES)))
        });
  }

  @Override
  public void accept(
      ConsumerRecord<?, ?> record, @Nullable Consumer<?, ?> consumer, Exception failure) {
    var exception = asRecordListenerFailure(failure);
    var group = consumer == null ? null : consumer.groupMetadata().groupId();
    if (DeadLetterInbox.sentBackForAnotherGroup(record, group)) {
      passedOver(meters, record.topic()).increment();
      log.info(
          "Passed over {} (key {}): sent back from a dead-letter topic for another consumer group,"
              + " and it fails here too ({})",
          coordinates(record),
          record.key(),
          rootMessage(exception));
      return;
    }
    super.accept(record, consumer, exception);
  }

  /**
   * A batch listener's failure as a record listener's would be: Spring Kafka hands the error
   * handler {@code ListenerExecutionFailedException -> BatchListenerFailedException -> cause}, and
   * the dead letter's {@code kafka_dlt-exception-cause-fqcn} is the outer exception's direct cause.
   * The outer type stays: the group id header is read from it.
   */
  static Exception asRecordListenerFailure(Exception failure) {
    if (failure instanceof ListenerExecutionFailedException outer
        && outer.getCause() instanceof BatchListenerFailedException batch
        && batch.getCause() != null) {
      var unwrapped =
          new ListenerExecutionFailedException(
              String.valueOf(outer.getMessage()), outer.getGroupId(), batch.getCause());
      unwrapped.setStackTrace(outer.getStackTrace());
      return unwrapped;
    }
    return failure;
  }

  /** The counter of records of {@code topic} sent back for another group and passed over here. */
  static Counter passedOver(MeterRegistry meters, String topic) {
    return Counter.builder("kafka.redriven.passed.over")
        .description(
            "Records sent back from a dead-letter topic for another consumer group that failed"
                + " here and were passed over")
        .tag("topic", topic)
        .register(meters);
  }

  @Override
  protected void publish(
      ProducerRecord<Object, Object> outRecord,
      KafkaOperations<Object, Object> kafkaTemplate,
      ConsumerRecord<?, ?> inRecord) {
    try {
      attempt(outRecord, kafkaTemplate, inRecord);
    } catch (RuntimeException refused) {
      if (RetryPolicy.classify(refused) == RetryPolicy.Kind.UNAVAILABLE) {
        throw refused; // the broker is away: the record waits for it
      }
      log.warn(
          "The broker refused the dead letter of {} ({}); sending it truncated",
          coordinates(inRecord),
          rootMessage(refused));
      try {
        attempt(truncated(outRecord), kafkaTemplate, inRecord);
      } catch (RuntimeException again) {
        if (RetryPolicy.classify(again) == RetryPolicy.Kind.UNAVAILABLE) {
          throw again;
        }
        unpublished(meters, inRecord.topic()).increment();
        log.error(
            "Skipped {} (key {}): its dead letter was refused twice ({}); the record stays in {}"
                + " at that offset",
            coordinates(inRecord),
            inRecord.key(),
            rootMessage(again),
            inRecord.topic());
        return;
      }
    }
    if (outRecord.topic().endsWith(Topic.deadLetterOf(""))) {
      var cause = causeOf(outRecord);
      announce(meters, inRecord, cause);
      try {
        events.publishEvent(
            new DeadLettered(
                inRecord.topic(),
                inRecord.partition(),
                inRecord.offset(),
                inRecord.value(),
                cause));
      } catch (RuntimeException e) {
        // The dead letter is written: what reacts to it must not make it fail and go twice.
        log.error("Reacting to the dead letter of {} failed", coordinates(inRecord), e);
      }
    }
  }

  /**
   * Sends one attempt of a dead letter, unless the fault {@code dead-letter-refused} refuses it.
   */
  private void attempt(
      ProducerRecord<Object, Object> outRecord,
      KafkaOperations<Object, Object> kafkaTemplate,
      ConsumerRecord<?, ?> inRecord) {
    if (refusal != null) {
      refusal.check(outRecord);
    }
    super.publish(outRecord, kafkaTemplate, inRecord);
  }

  /**
   * The dead letter with a value of bytes cut, the original headers dropped, each cause header cut,
   * and a note of the original sizes.
   */
  static ProducerRecord<Object, Object> truncated(ProducerRecord<Object, Object> outRecord) {
    Object value = outRecord.value();
    int valueBytes = -1;
    if (value instanceof byte[] bytes) {
      valueBytes = bytes.length;
      value = Arrays.copyOf(bytes, Math.min(bytes.length, TRUNCATED_BYTES));
    }
    int headerBytes = 0;
    var headers = new RecordHeaders();
    for (var header : outRecord.headers()) {
      var bytes = header.value() == null ? new byte[0] : header.value();
      headerBytes += header.key().length() + bytes.length;
      if (header.key().startsWith(KafkaHeaders.PREFIX + "dlt-")) {
        headers.add(
            header.key(), Arrays.copyOf(bytes, Math.min(bytes.length, TRUNCATED_HEADER_BYTES)));
      }
    }
    headers.add(
        TRUNCATED_HEADER, ("value=" + valueBytes + ",headers=" + headerBytes).getBytes(UTF_8));
    return new ProducerRecord<>(
        outRecord.topic(),
        outRecord.partition(),
        outRecord.timestamp(),
        outRecord.key(),
        value,
        headers);
  }

  /**
   * Counts ({@code kafka_dead_letters_total{topic}}) and logs a record that went to its dead-letter
   * topic.
   */
  public static void announce(MeterRegistry meters, ConsumerRecord<?, ?> record, String cause) {
    counter(meters, record.topic()).increment();
    log.error(
        "Dead letter: {} (key {}) went to {}: {}",
        coordinates(record),
        record.key(),
        Topic.deadLetterOf(record.topic()),
        cause);
  }

  /**
   * The dead-letter counter of {@code topic} (the topic the records were read from), registered at
   * 0 if it is new: a service registers its topics' counters at start, so that "no dead letters"
   * shows as 0 rather than as no data.
   */
  public static Counter counter(MeterRegistry meters, String topic) {
    return Counter.builder("kafka.dead.letters")
        .description("Records sent to a dead-letter topic after failing for good")
        .tag("topic", topic)
        .register(meters);
  }

  /**
   * The counter of records of {@code topic} skipped because their dead letter was refused, also
   * registered at 0 at start.
   */
  public static Counter unpublished(MeterRegistry meters, String topic) {
    return Counter.builder("kafka.dead.letters.unpublished")
        .description("Records skipped because not even a truncated dead letter was accepted")
        .tag("topic", topic)
        .register(meters);
  }

  static String rootMessage(@Nullable Throwable cause) {
    if (cause == null) {
      return "(no cause)";
    }
    var root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.toString();
  }

  private static String causeOf(ProducerRecord<?, ?> deadLetter) {
    var fqcn = deadLetter.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN);
    var message = deadLetter.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_MESSAGE);
    var type = deadLetter.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_FQCN);
    var shown = fqcn != null ? fqcn : type;
    return (shown == null ? "" : new String(shown.value(), UTF_8) + ": ")
        + (message == null ? "(no message)" : new String(message.value(), UTF_8));
  }

  private static String coordinates(ConsumerRecord<?, ?> record) {
    return record.topic() + "-" + record.partition() + "@" + record.offset();
  }
}
