package dev.orderflow.projection.stream;

import dev.orderflow.platform.web.Problems;
import dev.orderflow.platform.web.RateLimitedException;
import dev.orderflow.projection.order.OrderViewChanged;
import dev.orderflow.projection.stock.StockViewChanged;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter.DataWithMediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The registry of feed subscribers, the broadcast of each change to those whose filter accepts it,
 * and a bounded memory of recent changes for clients that reconnect.
 *
 * <p>Changes come from the changes topic ({@link ChangesReader}), which every instance reads whole:
 * a change's id is its offset there, the same on every instance. A client that reconnects with
 * {@code Last-Event-ID} {@code n}, to this instance or any other, gets the changes after {@code n}
 * from memory; if some of those are gone (the memory is bounded, it starts at the tail of the topic
 * when the instance starts, and the topic itself keeps an hour), it first gets a {@code reset}
 * event: reload the views, then follow the stream. An id this instance has not read yet (another
 * instance read it a moment earlier) is waited for, at most {@code resumeWait}, then counts as
 * unknown.
 *
 * <p>Broadcasting only queues: it runs on the reader's thread, which must not wait for any client.
 * The lock is held for queueing only, so a new subscriber's replay and the live changes after it
 * come in order, without a gap or a repeat.
 */
@Component
public class LiveChanges implements SmartLifecycle {

  static final String ORDER = "order";
  static final String STOCK = "stock";
  static final String RESET = "reset";
  static final long RECONNECT_MILLIS = 3000;
  private static final Duration RETRY_AFTER = Duration.ofMillis(RECONNECT_MILLIS).plusSeconds(2);

  private static final Logger log = LoggerFactory.getLogger(LiveChanges.class);

  private final Map<Subscriber, Subscription> subscribers = new ConcurrentHashMap<>();
  private final StreamProperties properties;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition advanced = lock.newCondition();
  private final Deque<Change> recent = new ArrayDeque<>();

  /** The first offset {@link #recent} holds everything from; -1 before the reader has started. */
  private long windowStart = -1;

  /** The offset of the next change to be read; -1 before the reader has started. */
  private long next = -1;

  /** The end of the topic when the reader started: what comes before is not news. */
  private long liveFrom = -1;

  private volatile boolean running;
  private final Counter refusedFull;
  private final Counter refusedClient;
  private final Counter droppedSlow;
  private final Counter droppedIdle;

  /** What a subscriber wants, and the id after which it gets every change it accepts. */
  private record Subscription(ChangeFilter filter, long after) {}

  LiveChanges(StreamProperties properties, MeterRegistry meters) {
    this.properties = properties;
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
   * change the filter accepts. An id this instance has not read yet is waited for, at most {@code
   * resumeWait}. Until the reader has its place in the changes topic, {@code 503} ({@code
   * stream-starting}).
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
      if (next < 0) {
        throw starting();
      }
      if (lastEventId != null) {
        awaitRead(lastEventId);
      }
      admit(client);
      long after;
      if (lastEventId != null) {
        replay(subscriber, filter, lastEventId);
        after = next - 1;
      } else {
        after = Math.max(next, liveFrom) - 1;
      }
      subscribers.put(subscriber, new Subscription(filter, after));
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

  /**
   * The subscription that comes before the reader has its place in the changes topic (it could not
   * reach the brokers at start): {@code 503} with {@code Retry-After}, problem type {@code
   * stream-starting}. Served, it could miss changes without a {@code reset}, or be told to reset
   * for nothing.
   */
  private ErrorResponseException starting() {
    var problem =
        Problems.of(
            HttpStatus.SERVICE_UNAVAILABLE,
            "stream-starting",
            "The live stream is starting",
            "This instance has not read the changes topic yet; try again in a few seconds.");
    var starting = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, problem, null);
    starting.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()));
    return starting;
  }

  /**
   * Waits, the lock released meanwhile, until this instance has read the change {@code
   * lastEventId}: another instance may have read it a moment before this one. At most {@code
   * resumeWait}; an id beyond the end of the topic is waited for that long, then reset.
   */
  private void awaitRead(long lastEventId) {
    if (lastEventId < 0) {
      return;
    }
    long left = properties.resumeWait().toNanos();
    try {
      while (next <= lastEventId && left > 0) {
        left = advanced.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void replay(Subscriber subscriber, ChangeFilter filter, long lastEventId) {
    boolean known =
        windowStart >= 0
            && lastEventId >= 0
            && lastEventId + 1 >= windowStart
            && lastEventId < next;
    if (!known) {
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

  /**
   * The reader starts (again) at {@code offset} of the changes topic, whose end was {@code end}:
   * what this instance remembers starts there, and the changes before {@code end} are not news to a
   * subscriber that gave no {@code Last-Event-ID}. A start after a gap (the reader lost its place)
   * ends every subscription: each reconnects with its last id and is told to reset.
   */
  void startAt(long offset, long end) {
    boolean gap;
    lock.lock();
    try {
      gap = next >= 0 && offset != next;
      if (next < 0 || gap) {
        recent.clear();
        windowStart = offset;
        liveFrom = Math.max(offset, end);
        next = offset;
      }
      advanced.signalAll();
    } finally {
      lock.unlock();
    }
    if (gap) {
      log.warn("The live changes reader lost its place; every subscriber is asked to reconnect");
      List.copyOf(subscribers.keySet()).forEach(this::drop);
    }
  }

  /** The offset of the next change this instance will read; -1 before the reader has started. */
  long next() {
    lock.lock();
    try {
      return next;
    } finally {
      lock.unlock();
    }
  }

  /** The reader has read everything before {@code position}, the changes themselves included. */
  void readTo(long position) {
    lock.lock();
    try {
      if (position > next) {
        next = position;
        advanced.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** The change at {@code offset} of the changes topic: remembered, and sent to subscribers. */
  void received(long offset, Object data) {
    switch (data) {
      case OrderViewChanged order ->
          received(new Change(offset, ORDER, order, order.orderId(), order.customerId()));
      case StockViewChanged stock -> received(new Change(offset, STOCK, stock, null, null));
      default -> throw new IllegalArgumentException("Not a change: " + data.getClass());
    }
  }

  private void received(Change change) {
    var tooSlow = new ArrayList<Subscriber>();
    lock.lock();
    try {
      recent.addLast(change);
      while (recent.size() > properties.replay()) {
        windowStart = recent.removeFirst().id() + 1;
      }
      next = Math.max(next, change.id() + 1);
      advanced.signalAll();
      if (subscribers.isEmpty()) {
        return;
      }
      var event = event(change);
      subscribers.forEach((subscriber, subscription) -> {
        if (change.id() > subscription.after()
            && subscription.filter().accepts(change)
            && !subscriber.offer(event)) {
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
