package dev.orderflow.projection.stream;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter.DataWithMediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One client of the feed: a bounded backlog of events and a virtual thread that writes them to the
 * client's connection. Listener threads only ever touch the backlog, never the emitter: a write to
 * a slow client blocks, and the emitter's methods share one lock, so even completing it could wait
 * for that client.
 */
final class Subscriber {

  private final SseEmitter emitter;
  private final BlockingQueue<Set<DataWithMediaType>> backlog;
  private final String client;
  private @Nullable Thread sender;
  private boolean stopped;

  Subscriber(SseEmitter emitter, int backlog, String client) {
    this.emitter = emitter;
    this.backlog = new ArrayBlockingQueue<>(backlog);
    this.client = client;
  }

  /** Who subscribed: the remote address. */
  String client() {
    return client;
  }

  /** Queues an event without waiting; false if the backlog is full. */
  boolean offer(Set<DataWithMediaType> event) {
    return backlog.offer(event);
  }

  /**
   * Starts sending; {@code gone} is told when the subscriber stops for any reason. A subscriber
   * stopped already (dropped between its registration and this) never starts: its response is
   * completed at once.
   */
  void start(Consumer<Subscriber> gone) {
    synchronized (this) {
      if (!stopped) {
        sender = Thread.ofVirtual().name("live-changes-subscriber").start(() -> send(gone));
        return;
      }
    }
    gone.accept(this);
    complete();
  }

  /** Ends the subscription; the sender completes the response when it notices. */
  void stop() {
    Thread thread;
    synchronized (this) {
      stopped = true;
      thread = sender;
    }
    if (thread != null) {
      thread.interrupt();
    }
  }

  /** Whether it is sending: started, and not stopped (for tests). */
  synchronized boolean sending() {
    return sender != null && !stopped;
  }

  private void send(Consumer<Subscriber> gone) {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        emitter.send(backlog.take());
      }
    } catch (InterruptedException e) {
      // Stopped: dropped as too slow, or the service is shutting down.
    } catch (IOException | IllegalStateException e) {
      // The client went away, or the subscription ended (completed, timed out).
    } finally {
      gone.accept(this);
      complete();
    }
  }

  private void complete() {
    try {
      emitter.complete();
    } catch (RuntimeException e) {
      // Already completed by the container: nothing left to end.
    }
  }
}
