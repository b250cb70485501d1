package dev.orderflow.platform.concurrency;

/**
 * A document kept changing under a {@link CompareAndSet} loop for all its rounds. Kafka listeners
 * retry the record later (the platform's retry policy counts it as contention); HTTP answers {@code
 * 409} with the problem type {@code <kind>-busy}.
 */
public class ContentionException extends RuntimeException {

  private final CompareAndSet.Contended document;

  public ContentionException(CompareAndSet.Contended document, int attempts) {
    super("%s kept changing for %d attempts; try again".formatted(document, attempts));
    this.document = document;
  }

  public CompareAndSet.Contended document() {
    return document;
  }
}
