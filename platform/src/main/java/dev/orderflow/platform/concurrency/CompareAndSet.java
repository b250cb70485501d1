package dev.orderflow.platform.concurrency;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The one optimistic-concurrency loop of the system: read a document, decide, write it back only if
 * it did not change since it was read (a compare-and-set on its version), and when the write finds
 * it changed, read and decide again, in place. A round is lost when another writer got in first, or
 * when the round finds it decided on a copy it must read again (a decision to write nothing made on
 * a remembered document). After the first lost rounds a short random pause (up to {@link
 * #MAX_PAUSE}) lets the writers that collided drift apart. A document that keeps changing for
 * {@code attempts} rounds ends in a {@link ContentionException}: a Kafka listener retries the
 * record later (the retry policy counts it as contention) and an HTTP request answers {@code 409
 * <kind>-busy}.
 *
 * <pre>{@code
 * return CompareAndSet.until(Contended.of("stock", sku), ATTEMPTS, () -> {
 *   var current = read(sku);
 *   if (nothingToDo(current)) return Round.done(levels(current));
 *   return write(current, next) ? Round.done(levels(next)) : Round.lost();
 * });
 * }</pre>
 */
public final class CompareAndSet {

  /** Enough for the few listener threads and HTTP clients that ever race for one document. */
  public static final int ATTEMPTS = 100;

  /** The longest pause between two lost rounds. */
  static final Duration MAX_PAUSE = Duration.ofMillis(10);

  /** Lost rounds retried at once, before the pauses begin. */
  private static final int AT_ONCE = 2;

  private CompareAndSet() {}

  /** What one round of the loop came to. */
  public sealed interface Round<R> {

    /** The write went through, or nothing needed writing: {@code result} is the answer. */
    record Done<R>(R result) implements Round<R> {

      public Done {
        Objects.requireNonNull(result, "result");
      }
    }

    /** Another writer changed the document since it was read: read it again and decide again. */
    record Lost<R>() implements Round<R> {}

    static <R> Round<R> done(R result) {
      return new Done<>(result);
    }

    static <R> Round<R> lost() {
      return new Lost<>();
    }

    /** A round that went through with nothing to hand back. */
    static Round<Boolean> done() {
      return new Done<>(Boolean.TRUE);
    }
  }

  /** The document a loop contends for: {@code kind} names its problem, {@code <kind>-busy}. */
  public record Contended(String kind, String id) {

    public Contended {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(id, "id");
    }

    public static Contended of(String kind, String id) {
      return new Contended(kind, id);
    }

    @Override
    public String toString() {
      return kind + "/" + id;
    }
  }

  /**
   * Runs {@code round} until it is {@link Round.Done}, at most {@code attempts} times.
   *
   * @throws ContentionException when every round was lost
   */
  public static <R> R until(Contended document, int attempts, Supplier<Round<R>> round) {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
    }
    for (int attempt = 1; attempt <= attempts; attempt++) {
      if (round.get() instanceof Round.Done<R> done) {
        return done.result();
      }
      if (attempt >= AT_ONCE && attempt < attempts) {
        pause(attempt, document, attempts);
      }
    }
    throw new ContentionException(document, attempts);
  }

  /** Up to a millisecond more for each lost round, at most {@link #MAX_PAUSE}, at random. */
  private static void pause(int lost, Contended document, int attempts) {
    long bound = Math.min(lost, MAX_PAUSE.toMillis()) * 1_000_000L;
    try {
      Thread.sleep(Duration.ofNanos(ThreadLocalRandom.current().nextLong(bound)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ContentionException(document, attempts);
    }
  }
}
