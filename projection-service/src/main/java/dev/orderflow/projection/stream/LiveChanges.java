package dev.orderflow.projection.stream;

import dev.orderflow.platform.web.Problems;
import dev.orderflow.platform.web.RateLimitedException;
import dev.orderflow.projection.order.OrderViewChanged;
import dev.orderflow.projection.stock.StockViewChanged;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter.DataWithMediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The registry of feed subscribers, the broadcast of each applied change to those whose filter
 * accepts it, and a bounded memory of recent changes for clients that reconnect.
 *
 * <p>Every change gets an id, increasing. A client that reconnects with {@code Last-Event-ID} gets
 * the changes after it from memory; if some of those are gone (the memory is bounded, or the
 * service restarted), it first gets a {@code reset} event: reload the views, then follow the
 * stream. Ids start at the service's start time in microseconds, so an id from an earlier process
 * is always older than anything this one remembers and is recognised as a gap.
 *
 * <p>Broadcasting only queues: it runs on a Kafka listener thread, which must not wait for any
 * client. The lock is held for queueing only, so a new subscriber's replay and the live changes
 * after it come in order, without a gap or a repeat.
 */
@Component
public class LiveChanges implements SmartLifecycle {

  static final String ORDER = "order";
  static final String STOCK = "stock";
  static final String RESET = "reset";
  static final long RECONNECT_MILLIS = 3000;
  private static final Duration RETRY_AFTER = Duration.ofMillis(RECONNECT_MILLIS).plusSeconds(2);

  private static final Logger log = LoggerFactory.getLogger(LiveChanges.class);

  private final Map<Subscriber, ChangeFilter> subscribers = new ConcurrentHashMap<>();
  private final StreamProperties properties;
  private final ReentrantLock lock = new ReentrantLock();
  private final Deque<Change> recent = new ArrayDeque<>();
  private long nextId;
  private volatile boolean running;
  private final Counter refusedFull;
  private final Counter refusedClient;
  private final Counter droppedSlow;
  private final Counter droppedIdle;

  LiveChanges(StreamProperties properties, MeterRegistry meters, Clock clock) {
    this.properties = properties;
    this.nextId = clock.millis() * 1000;
    Gauge.builder("projection.stream.subscribers", subscribers, Map::size)
        .description("Clients subscribed to the live change feed")
        .register(meters);
    this.refusedFull = refused(meters, "full");
    this.refusedClient = refused(meters, "client");
    this.droppedSlow = dropped(meters, "slow");
    this.droppedIdle = dropped(meters, "idle");
  }

  /**
   * A new subscription: a {@code :subscribed} comment, the remembered changes after {@code
   * lastEventId} if there is one (after a {@code reset} event if some are missing), then every
   * change the filter accepts.
   */
  SseEmitter subscribe(ChangeFilter filter, @Nullable Long lastEventId, String client) {
    return subscribe(new SseEmitter(properties.timeout().toMillis()), filter, lastEventId, client);
  }

  SseEmitter subscribe(SseEmitter emitter, ChangeFilter filter, @Nullable Long lastEventId) {
    return subscribe(emitter, filter, lastEventId, "local");
  }

  /**
   * As above, for {@code client} (its remote address), who may hold {@code maxSubscribersPerClient}
   * of the instance's {@code maxSubscribers} at once: one client cannot fill the stream for
   * everyone.
   *
   * @throws RateLimitedException ({@code 429}) when the client holds its most already
   * @throws ErrorResponseException ({@code 429} {@code stream-full}) when the instance holds its
   *     most already
   */
  SseEmitter subscribe(
      SseEmitter emitter, ChangeFilter filter, @Nullable Long lastEventId, String client) {
    var subscriber =
        new Subscriber(emitter, properties.backlog() + properties.replay() + 2, client);
    emitter.onCompletion(() -> drop(subscriber));
    emitter.onTimeout(() -> {
      drop(subscriber);
      // Ends the response now, on the container's thread; left open, MVC would turn the
      // timeout into an error on a response that is already streaming.
      emitter.complete();
    });
    emitter.onError(error -> drop(subscriber));
    subscriber.offer(
        SseEmitter.event().comment("subscribed").reconnectTime(RECONNECT_MILLIS).build());
    lock.lock();
    try {
      admit(client);
      if (lastEventId != null) {
        replay(subscriber, filter, lastEventId);
      }
      subscribers.put(subscriber, filter);
    } finally {
      lock.unlock();
    }
    subscriber.start(this::drop);
    return emitter;
  }

  private static Counter refused(MeterRegistry meters, String reason) {
    return Counter.builder("projection.stream.refused")
        .description(
            "Subscriptions refused because the instance (full), or the client (client), held its"
                + " most already")
        .tag("reason", reason)
        .register(meters);
  }

  private static Counter dropped(MeterRegistry meters, String reason) {
    return Counter.builder("projection.stream.dropped")
        .description(
            "Subscribers dropped because their backlog was full: at a change (slow), or still at a"
                + " heartbeat (idle)")
        .tag("reason", reason)
        .register(meters);
  }

  /** Checked under the lock, so that no two subscriptions both take the last place. */
  private void admit(String client) {
    long held =
        subscribers.keySet().stream().filter(other -> other.client().equals(client)).count();
    if (held >= properties.maxSubscribersPerClient()) {
      refusedClient.increment();
      throw new RateLimitedException(
          "This client holds %d live streams, its most; close one, or retry after %d s."
              .formatted(held, RETRY_AFTER.toSeconds()),
          RETRY_AFTER);
    }
    if (subscribers.size() >= properties.maxSubscribers()) {
      throw full();
    }
  }

  /**
   * The subscription over the instance's cap: {@code 429}, with its own problem type {@code
   * stream-full} since it is this instance that is full (a client alone cannot fill it); try again
   * after a reconnect's wait. Not a {@code 503}: a 5xx counts against the availability SLO, and
   * opening streams is something any client can do. A full stream shows in {@code
   * projection_stream_refused_total{reason="full"}} instead.
   */
  private ErrorResponseException full() {
    refusedFull.increment();
    var problem =
        Problems.of(
            HttpStatus.TOO_MANY_REQUESTS,
            "stream-full",
            "The live stream is full",
            "This instance holds "
                + properties.maxSubscribers()
                + " subscriptions, its most; try again in a few seconds.");
    var full = new ErrorResponseException(HttpStatus.TOO_MANY_REQUESTS, problem, null);
    full.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()));
    return full;
  }

  private void replay(Subscriber subscriber, ChangeFilter filter, long lastEventId) {
    var oldest = recent.isEmpty() ? nextId : recent.peekFirst().id();
    if (lastEventId < oldest - 1 || lastEventId >= nextId) {
      subscriber.offer(
          SseEmitter.event()
              .name(RESET)
              .data(
                  Map.of(
                      "reason",
                      "Changes after " + lastEventId + " are no longer known: reload the views",
                      "lastEventId",
                      lastEventId),
                  MediaType.APPLICATION_JSON)
              .build());
    }
    for (var change : recent) {
      if (change.id() > lastEventId && filter.accepts(change)) {
        subscriber.offer(event(change));
      }
    }
  }

  public int subscribers() {
    return subscribers.size();
  }

  @EventListener
  void on(OrderViewChanged change) {
    broadcast(ORDER, change, change.orderId(), change.customerId());
  }

  @EventListener
  void on(StockViewChanged change) {
    broadcast(STOCK, change, null, null);
  }

  private void broadcast(
      String name, Object data, @Nullable String orderId, @Nullable String customerId) {
    var tooSlow = new ArrayList<Subscriber>();
    lock.lock();
    try {
      var change = new Change(nextId++, name, data, orderId, customerId);
      recent.addLast(change);
      while (recent.size() > properties.replay()) {
        recent.removeFirst();
      }
      if (subscribers.isEmpty()) {
        return;
      }
      var event = event(change);
      subscribers.forEach((subscriber, filter) -> {
        if (filter.accepts(change) && !subscriber.offer(event)) {
          tooSlow.add(subscriber);
        }
      });
    } finally {
      lock.unlock();
    }
    for (var subscriber : tooSlow) {
      if (drop(subscriber)) {
        droppedSlow.increment();
        log.info(
            "Dropped a live-changes subscriber that fell {} changes behind", properties.backlog());
      }
    }
  }

  /**
   * A comment to every subscriber, so an idle connection shows it is alive, and a connection that
   * is gone fails its write and ends. A subscriber whose backlog is still full when the beat comes
   * has read nothing for a whole backlog: it is dropped, without waiting for a change to find it.
   */
  @Scheduled(fixedRateString = "${orderflow.stream.heartbeat:15s}")
  void heartbeat() {
    var beat = SseEmitter.event().comment("heartbeat").build();
    var stuck =
        subscribers.keySet().stream().filter(subscriber -> !subscriber.offer(beat)).toList();
    for (var subscriber : stuck) {
      if (drop(subscriber)) {
        droppedIdle.increment();
        log.info("Dropped a live-changes subscriber that reads nothing");
      }
    }
  }

  /** The remembered changes, oldest first (for tests and diagnostics). */
  List<Change> recent() {
    lock.lock();
    try {
      return List.copyOf(recent);
    } finally {
      lock.unlock();
    }
  }

  private static Set<DataWithMediaType> event(Change change) {
    return SseEmitter.event()
        .id(Long.toString(change.id()))
        .name(change.name())
        .data(change.data(), MediaType.APPLICATION_JSON)
        .build();
  }

  /** Ends {@code subscriber}'s subscription; false if it had ended already. */
  private boolean drop(Subscriber subscriber) {
    if (subscribers.remove(subscriber) == null) {
      return false;
    }
    subscriber.stop();
    return true;
  }

  @Override
  public void start() {
    running = true;
  }

  /** Ends every subscription, so open streams do not hold up a graceful shutdown. */
  @Override
  public void stop() {
    running = false;
    List.copyOf(subscribers.keySet()).forEach(this::drop);
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
