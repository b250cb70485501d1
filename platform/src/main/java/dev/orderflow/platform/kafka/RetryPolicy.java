package dev.orderflow.platform.kafka;

import com.mongodb.MongoExecutionTimeoutException;
import dev.orderflow.platform.concurrency.ContentionException;
import dev.orderflow.platform.mongo.MongoUnreachable;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.errors.RetriableException;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ExceptionClassifier;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * What happens to a record that failed, for every consumer of every service (ADR 5). Each failure
 * is one of four kinds, decided by what was thrown (or what it wraps):
 *
 * <ul>
 *   <li><b>fatal</b>: no retry can fix the record: it could not be read (not JSON, an unknown type,
 *       a value out of the domain's bounds, headers that contradict the body) or its handler
 *       declared it {@link UnprocessableEventException}. Dead-lettered at once.
 *   <li><b>timeout</b>: the database answered, but the operation ran out of time ({@link
 *       MongoExecutionTimeoutException}, Spring's {@link QueryTimeoutException}). Transient under
 *       load, yet a query that always times out would otherwise hold its partition for ever while
 *       the database is up: retried in place up to {@code retry.contentionLimit}, then
 *       dead-lettered with its cause. Looked for before <b>unavailable</b>, so that a time-out
 *       wrapped in a resource failure is still one.
 *   <li><b>unavailable</b>: the world is away, not the record wrong: MongoDB or Kafka cannot be
 *       reached ({@link MongoUnreachable}, a broker that does not answer), or a {@link
 *       DependencyUnavailableException}. Retried in place, the interval growing to ten times {@code
 *       retry.maxInterval}, for as long as the dependency is away: dead-lettering during an outage
 *       would turn a pause into lost work.
 *   <li><b>contention</b>: a document kept changing under the handler ({@link RetryLaterException},
 *       {@link ContentionException}, Spring's {@link ConcurrencyFailureException}). Retried in
 *       place up to {@code retry.contentionLimit}; beyond that it is not contention, and the record
 *       is dead-lettered.
 *   <li><b>other</b>: anything else (a bug, data missing): {@code retry.attempts} retries, then
 *       dead-lettered.
 * </ul>
 *
 * Retries happen in place, so the partition waits and each key keeps its order. Every failed
 * attempt is logged and counted ({@link FailureLog}), every dead letter too ({@link DeadLetters}).
 * A record sent back from a dead-letter topic for another consumer group is a copy this group dealt
 * with already: if it fails here, it is not retried, and {@link DeadLetters} passes over it.
 */
public final class RetryPolicy {

  /** The kind of a failure, and its tag on {@code kafka_consumer_failures_total}. */
  public enum Kind {
    FATAL,
    TIMEOUT,
    UNAVAILABLE,
    CONTENTION,
    OTHER;

    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * What each kind is made of, looked for in this order: fatal first, then timeout, then
   * unavailable.
   */
  private static final Map<Kind, List<Class<? extends Throwable>>> KINDS = kinds();

  private static final BackOff NOT_AGAIN = new FixedBackOff(0, 0);

  private final KafkaPlatformProperties.Retry retry;
  private final FailureLog failures;
  private final @Nullable String group;

  /** The policy of the consumers of {@code group}, the service's consumer group. */
  public RetryPolicy(
      KafkaPlatformProperties.Retry retry, MeterRegistry meters, @Nullable String group) {
    this.retry = retry;
    this.failures = new FailureLog(meters, longestPause());
    this.group = group;
  }

  /** The kind of {@code failure}, looking through the exceptions that wrap it. */
  public static Kind classify(Throwable failure) {
    for (var kind : KINDS.entrySet()) {
      for (var cause = failure; cause != null; cause = cause.getCause()) {
        for (var type : kind.getValue()) {
          if (type.isInstance(cause)) {
            return kind.getKey();
          }
        }
        if (cause.getCause() == cause) {
          break;
        }
      }
    }
    return Kind.OTHER;
  }

  /**
   * Gives a handler this policy: fatal failures are not retried, the others retried as their kind
   * says; every failed attempt logged and counted.
   */
  public void applyTo(DefaultErrorHandler handler) {
    handler.addNotRetryableExceptions(UnprocessableEventException.class);
    var backOffs = new EnumMap<Kind, BackOff>(Kind.class);
    for (var kind : Kind.values()) {
      backOffs.put(kind, backOffFor(kind));
    }
    handler.setBackOffFunction((record, failure) ->
        DeadLetterInbox.sentBackForAnotherGroup(record, group)
            ? NOT_AGAIN
            : backOffs.get(classify(failure)));
    handler.setRetryListeners(failures);
  }

  /**
   * How a failure of {@code kind} is retried: an outage for as long as it lasts, contention and
   * time-outs up to the contention limit, anything else a few times (fatal failures are not retried
   * at all: the handler knows them as not retryable).
   */
  BackOff backOffFor(Kind kind) {
    return switch (kind) {
      case UNAVAILABLE -> untilItWorks();
      case CONTENTION, TIMEOUT -> withinContentionLimit();
      case FATAL, OTHER -> bounded();
    };
  }

  /**
   * Hands the failure log every batch a listener took without failing, so that a record retried in
   * place leaves {@code kafka_consumer_retrying_seconds} as soon as it passes, not some time after.
   */
  public BatchInterceptor<Object, Object> passedBatches() {
    return new BatchInterceptor<>() {
      @Override
      public ConsumerRecords<Object, Object> intercept(
          ConsumerRecords<Object, Object> records, Consumer<Object, Object> consumer) {
        return records;
      }

      @Override
      public void success(
          ConsumerRecords<Object, Object> records, Consumer<Object, Object> consumer) {
        failures.passed(records);
      }
    };
  }

  /** Shows {@code topic} at 0 in {@code kafka_consumer_retrying_seconds} before any failure. */
  public void watch(String topic) {
    failures.gauge(topic);
  }

  BackOff bounded() {
    var backOff = new ExponentialBackOffWithMaxRetries(retry.attempts());
    backOff.setInitialInterval(retry.initialInterval().toMillis());
    backOff.setMultiplier(retry.multiplier());
    backOff.setMaxInterval(retry.maxInterval().toMillis());
    return backOff;
  }

  BackOff untilItWorks() {
    var backOff = new ExponentialBackOff(retry.initialInterval().toMillis(), retry.multiplier());
    backOff.setMaxInterval(longestPause().toMillis());
    return backOff;
  }

  /** The longest pause between two attempts of any kind: an outage's. */
  private Duration longestPause() {
    return retry.maxInterval().multipliedBy(10);
  }

  BackOff withinContentionLimit() {
    var backOff = new ExponentialBackOff(retry.initialInterval().toMillis(), retry.multiplier());
    backOff.setMaxInterval(retry.maxInterval().toMillis());
    backOff.setMaxElapsedTime(retry.contentionLimit().toMillis());
    return backOff;
  }

  @SuppressWarnings("unchecked")
  private static Map<Kind, List<Class<? extends Throwable>>> kinds() {
    var fatal = new ArrayList<Class<? extends Throwable>>();
    // Spring's own: a value that could not be read, a payload of the wrong type.
    ExceptionClassifier.defaultFatalExceptionsList()
        .forEach(type -> fatal.add((Class<? extends Throwable>) type));
    fatal.add(UnprocessableEventException.class);
    var kinds = new EnumMap<Kind, List<Class<? extends Throwable>>>(Kind.class);
    kinds.put(Kind.FATAL, List.copyOf(fatal));
    // The server is up but the work took too long: bounded, or a query that always times out
    // would hold its partition for ever.
    kinds.put(
        Kind.TIMEOUT, List.of(QueryTimeoutException.class, MongoExecutionTimeoutException.class));
    // MongoDB's list is shared with the HTTP edge, which answers it 503 store-unavailable.
    var unavailable = new ArrayList<Class<? extends Throwable>>();
    unavailable.add(DependencyUnavailableException.class);
    unavailable.addAll(MongoUnreachable.FAILURES);
    unavailable.add(RetriableException.class);
    kinds.put(Kind.UNAVAILABLE, List.copyOf(unavailable));
    kinds.put(
        Kind.CONTENTION,
        List.of(
            RetryLaterException.class,
            ContentionException.class,
            ConcurrencyFailureException.class));
    return kinds;
  }
}
