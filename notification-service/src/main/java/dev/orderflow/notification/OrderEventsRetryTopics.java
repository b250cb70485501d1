package dev.orderflow.notification;

import dev.orderflow.events.Topic;
import dev.orderflow.events.Topics;
import dev.orderflow.platform.json.EventJson;
import dev.orderflow.platform.kafka.DeadLetters;
import dev.orderflow.platform.kafka.KafkaErrorHandling;
import dev.orderflow.platform.kafka.KafkaPlatformProperties;
import dev.orderflow.platform.kafka.RetryPolicy;
import dev.orderflow.platform.kafka.UnprocessableEventException;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.KafkaListenerEndpoint;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer.HeaderNames;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ExceptionClassifier;
import org.springframework.kafka.listener.KafkaBackoffException;
import org.springframework.kafka.retrytopic.DeadLetterPublishingRecovererFactory;
import org.springframework.kafka.retrytopic.RetryTopicComponentFactory;
import org.springframework.kafka.retrytopic.RetryTopicConfiguration;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationBuilder;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationSupport;
import org.springframework.kafka.retrytopic.RetryTopicNamesProviderFactory;
import org.springframework.kafka.retrytopic.RetryTopicSchedulerWrapper;
import org.springframework.kafka.retrytopic.SuffixingRetryTopicNamesProviderFactory.SuffixingRetryTopicNamesProvider;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Non-blocking retry topics for {@code orders.events}, for the one failure that concerns a single
 * email and may pass with time: the SMTP server turned it away for now, or did not answer in time
 * ({@link EmailDeferredException}). Its record goes to {@code
 * orders.events-notification-service-retry-0}, then {@code -1}, {@code -2}, each after a longer
 * delay, while the partition moves on (ADR 11). The topics carry the consumer group's name, so the
 * retry topics of other services reading {@code orders.events} never mix with these.
 *
 * <p>Spring Kafka's retry topics replace the error handler of the listener's containers, so every
 * other failure is handled here by the platform's {@link RetryPolicy}, as for every other consumer
 * (ADR 5), in place, in the partition's order: SMTP or MongoDB away waits until it is back;
 * contention is retried up to its limit; an unreadable record goes to {@code orders.events.DLT} at
 * once; anything else (a bug, an order whose details are missing) after a few retries. Dead letters
 * are written by the platform's {@link DeadLetters}, bounded and counted like every other.
 *
 * <p>The dead-letter topic stays the platform's {@code orders.events.DLT}; the retry chain's own
 * DLT listener is never started, since the platform's re-drive is how dead letters come back.
 */
@Configuration(proxyBeanMethods = false)
class OrderEventsRetryTopics extends RetryTopicConfigurationSupport implements DisposableBean {

  /** The suffix of the platform's dead-letter topics, {@link Topic#deadLetterOf}. */
  private static final String DEAD_LETTER_SUFFIX = Topic.deadLetterOf("");

  private final KafkaPlatformProperties kafka;
  private final MeterRegistry meters;
  private final RetryPolicy retryPolicy;
  private final ApplicationEventPublisher events;
  private @Nullable DefaultKafkaProducerFactory<String, Object> producers;

  OrderEventsRetryTopics(
      KafkaPlatformProperties kafka,
      MeterRegistry meters,
      RetryPolicy retryPolicy,
      ApplicationEventPublisher events) {
    this.kafka = kafka;
    this.meters = meters;
    this.retryPolicy = retryPolicy;
    this.events = events;
  }

  @Bean
  RetryTopicNames orderEventsRetryTopicNames(
      KafkaProperties kafkaProperties, NotificationProperties properties) {
    return new RetryTopicNames(
        Topics.ORDER_EVENTS.name(),
        Objects.requireNonNull(
            kafkaProperties.getConsumer().getGroupId(), "spring.kafka.consumer.group-id"),
        properties.retryTopics().attempts() - 1);
  }

  @Bean
  RetryTopicConfiguration orderEventsRetryTopicConfiguration(
      RetryTopicNames names,
      NotificationProperties properties,
      KafkaProperties kafkaProperties,
      KafkaConnectionDetails connection,
      EventJson json) {
    var retry = properties.retryTopics();
    return RetryTopicConfigurationBuilder.newInstance()
        .includeTopic(names.mainTopic())
        .maxAttempts(retry.attempts())
        .exponentialBackoff(
            retry.initialDelay().toMillis(), retry.multiplier(), retry.maxDelay().toMillis())
        .retryTopicSuffix(names.suffix())
        .suffixTopicsWithIndexValues()
        .dltSuffix(DEAD_LETTER_SUFFIX)
        .retryOn(EmailDeferredException.class)
        .traversingCauses()
        // Created below, like every other topic, with the platform's settings.
        .doNotAutoCreateRetryTopics()
        // The platform lists and re-drives orders.events.DLT; nothing here consumes it.
        .autoStartDltHandler(false)
        // Few records are ever deferred: one consumer per retry topic is plenty.
        .concurrency(1)
        .create(new KafkaTemplate<>(producers(kafkaProperties, connection, json)));
  }

  /** The retry topics, partitioned like their main topic, so a record keeps its partition. */
  @Bean
  KafkaAdmin.NewTopics orderEventsRetryTopicsToCreate(RetryTopicNames names) {
    var config =
        Map.of(
            TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(kafka.minInsyncReplicas()));
    return new KafkaAdmin.NewTopics(
        names.retryTopics().stream()
            .map(name ->
                new NewTopic(name, kafka.partitions(), kafka.replicationFactor()).configs(config))
            .toArray(NewTopic[]::new));
  }

  /** Resumes a retry topic's partition when the delay of its next record is over. */
  @Bean
  RetryTopicSchedulerWrapper retryTopicScheduler() {
    var scheduler = new ThreadPoolTaskScheduler();
    scheduler.setThreadNamePrefix("retry-topic-");
    return new RetryTopicSchedulerWrapper(scheduler);
  }

  /**
   * Each retry topic is read by a consumer group of its own, named like the topic's suffix ({@code
   * notification-service-retry-0}, ...). In the main group, every retry consumer would rebalance
   * the main topic's consumers as it joins or leaves, and under static membership (one instance id
   * per service instance) it would take the instance id of a main consumer and fence it off.
   */
  @Override
  protected RetryTopicComponentFactory createComponentFactory() {
    return new RetryTopicComponentFactory() {
      @Override
      public RetryTopicNamesProviderFactory retryTopicNamesProviderFactory() {
        return topic ->
            new SuffixingRetryTopicNamesProvider(topic) {
              @Override
              public @Nullable String getGroupId(KafkaListenerEndpoint endpoint) {
                return topic.isRetryTopic()
                    ? topic.suffix().substring(1)
                    : super.getGroupId(endpoint);
              }
            };
      }
    };
  }

  @Override
  protected void configureCustomizers(CustomizersConfigurer customizers) {

    customizers
        .customizeErrorHandler(this::classifyLikeThePlatform)
        .customizeDeadLetterPublishingRecoverer(
            recoverer -> recoverer.setHeaderNamesSupplier(OrderEventsRetryTopics::platformHeaders));
  }

  /**
   * The {@code kafka_dlt-*} headers every other dead letter has, which the platform's admin API
   * reads; Spring's retry topics would otherwise write {@code kafka_original-*} and {@code
   * kafka_exception-*}.
   */
  private static HeaderNames platformHeaders() {
    return HeaderNames.Builder.original()
        .offsetHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET)
        .timestampHeader(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP)
        .timestampTypeHeader(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP_TYPE)
        .topicHeader(KafkaHeaders.DLT_ORIGINAL_TOPIC)
        .partitionHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION)
        .consumerGroupHeader(KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP)
        .exception()
        .keyExceptionFqcn(KafkaHeaders.DLT_KEY_EXCEPTION_FQCN)
        .exceptionFqcn(KafkaHeaders.DLT_EXCEPTION_FQCN)
        .exceptionCauseFqcn(KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN)
        .keyExceptionMessage(KafkaHeaders.DLT_KEY_EXCEPTION_MESSAGE)
        .exceptionMessage(KafkaHeaders.DLT_EXCEPTION_MESSAGE)
        .keyExceptionStacktrace(KafkaHeaders.DLT_KEY_EXCEPTION_STACKTRACE)
        .exceptionStacktrace(KafkaHeaders.DLT_EXCEPTION_STACKTRACE)
        .build();
  }

  @Override
  protected Consumer<DeadLetterPublishingRecovererFactory>
      configureDeadLetterPublishingContainerFactory() {
    return factory ->
        factory.setDeadLetterPublisherCreator(
            (templates, destinations) -> new DeadLetters(templates, destinations, meters, events));
  }

  private void classifyLikeThePlatform(DefaultErrorHandler handler) {
    Map<Class<? extends Throwable>, Boolean> retriedInPlace = new HashMap<>();
    ExceptionClassifier.defaultFatalExceptionsList()
        .forEach(type -> retriedInPlace.put(type, false));
    retriedInPlace.put(UnprocessableEventException.class, false);
    // Not in place: to the next retry topic, by the recoverer.
    retriedInPlace.put(EmailDeferredException.class, false);
    // A retry topic's record that is not due yet: the framework seeks back and pauses.
    retriedInPlace.put(KafkaBackoffException.class, false);
    handler.setClassifications(retriedInPlace, true);
    retryPolicy.applyTo(handler);
  }

  /** The platform's dead-letter producers: records go to the retry topics as they were read. */
  private DefaultKafkaProducerFactory<String, Object> producers(
      KafkaProperties kafkaProperties, KafkaConnectionDetails connection, EventJson json) {
    producers = KafkaErrorHandling.deadLetterProducers(kafkaProperties, connection, json);
    return producers;
  }

  @Override
  public void destroy() {
    if (producers != null) {
      producers.destroy();
    }
  }
}
