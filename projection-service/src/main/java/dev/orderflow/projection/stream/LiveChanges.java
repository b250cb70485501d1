package dev.orderflow.projection.stream;

import dev.orderflow.projection.order.OrderViewChanged;
import dev.orderflow.projection.stock.StockViewChanged;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The registry of feed subscribers, and the broadcast of each applied change to all of them.
 * Broadcasting only queues: it runs on a Kafka listener thread, which must not wait for any client.
 */
@Component
public class LiveChanges implements SmartLifecycle {

  static final String ORDER = "order";
  static final String STOCK = "stock";

  private static final Logger log = LoggerFactory.getLogger(LiveChanges.class);

  private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
  private final StreamProperties properties;
  private volatile boolean running;

  LiveChanges(StreamProperties properties, MeterRegistry meters) {
    this.properties = properties;
    Gauge.builder("projection.stream.subscribers", subscribers, Set::size)
        .description("Clients subscribed to the live change feed")
        .register(meters);
  }

  /** A new subscription; it starts with a {@code :subscribed} comment, then every change. */
  public SseEmitter subscribe() {
    return subscribe(new SseEmitter(properties.timeout().toMillis()));
  }

  SseEmitter subscribe(SseEmitter emitter) {
    var subscriber = new Subscriber(emitter, properties.backlog());
    emitter.onCompletion(() -> drop(subscriber));
    emitter.onTimeout(() -> {
      drop(subscriber);
      // Ends the response now, on the container's thread; left open, MVC would turn the
      // timeout into an error on a response that is already streaming.
      emitter.complete();
    });
    emitter.onError(error -> drop(subscriber));
    subscriber.offer(SseEmitter.event().comment("subscribed").build());
    subscribers.add(subscriber);
    subscriber.start(this::drop);
    return emitter;
  }

  public int subscribers() {
    return subscribers.size();
  }

  @EventListener
  void on(OrderViewChanged change) {
    broadcast(ORDER, change);
  }

  @EventListener
  void on(StockViewChanged change) {
    broadcast(STOCK, change);
  }

  private void broadcast(String name, Object change) {
    if (subscribers.isEmpty()) {
      return;
    }
    var event = SseEmitter.event().name(name).data(change, MediaType.APPLICATION_JSON).build();
    for (var subscriber : subscribers) {
      if (!subscriber.offer(event)) {
        log.info(
            "Dropping a live-changes subscriber that fell {} changes behind", properties.backlog());
        drop(subscriber);
      }
    }
  }

  private void drop(Subscriber subscriber) {
    if (subscribers.remove(subscriber)) {
      subscriber.stop();
    }
  }

  @Override
  public void start() {
    running = true;
  }

  /** Ends every subscription, so open streams do not hold up a graceful shutdown. */
  @Override
  public void stop() {
    running = false;
    subscribers.forEach(this::drop);
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /**
   * Stops before the web server's graceful shutdown (lifecycles stop from the highest phase down),
   * which would otherwise wait for the open streams.
   */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 512;
  }
}
