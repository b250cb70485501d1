package dev.orderflow.notification;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Pauses the consumers that send emails (the {@code orders.events} listener) while the {@value
 * ResilientEmailSender#SMTP} circuit breaker is open, and resumes them when it lets calls through
 * again (half-open or closed).
 *
 * <p>Open means SMTP is down for every email, so consuming on would only fail record after record.
 * Paused, the records stay in Kafka, uncommitted and in order; the one each consumer was handling
 * when the breaker opened is retried in place (it failed with {@code
 * DependencyUnavailableException}), so nothing is skipped, dead-lettered or counted against an
 * email. Consumer lag shows the backlog; the breaker opens to half-open on its own after its wait,
 * which resumes the consumers for the trial sends.
 */
@Component
class ConsumptionPause {

  private static final Logger log = LoggerFactory.getLogger(ConsumptionPause.class);

  private final KafkaListenerEndpointRegistry listeners;

  ConsumptionPause(
      CircuitBreakerRegistry circuitBreakers, KafkaListenerEndpointRegistry listeners) {
    this.listeners = listeners;
    circuitBreakers
        .circuitBreaker(ResilientEmailSender.SMTP)
        .getEventPublisher()
        .onStateTransition(event -> follow(event.getStateTransition().getToState()));
  }

  private void follow(CircuitBreaker.State state) {
    var pause = state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
    for (var container : emailSenders()) {
      if (pause) {
        container.pause();
      } else {
        container.resume();
      }
    }
    log.warn(
        "SMTP circuit breaker {}: email consumers {}", state, pause ? "paused" : "consuming again");
  }

  /** The listener of orders.events (every container whose id starts with its id). */
  List<MessageListenerContainer> emailSenders() {
    return listeners.getListenerContainers().stream()
        .filter(container -> container.getListenerId() != null)
        .filter(container -> container.getListenerId().startsWith(OrderEventsListener.ID))
        .filter(MessageListenerContainer::isAutoStartup)
        .toList();
  }
}
