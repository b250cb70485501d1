package dev.orderflow.devstack;

import dev.orderflow.devstack.kafka.EmbeddedKafka;
import dev.orderflow.devstack.mongo.EmbeddedMongo;
import dev.orderflow.devstack.smtp.EmbeddedSmtp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Kafka, MongoDB and SMTP in this JVM, on free ports, for integration tests: started on first use,
 * shared by every test of the JVM (starting a broker costs seconds), gone when the JVM exits.
 *
 * <p>Nothing is stopped explicitly: shutdown hooks run in parallel, and a broker stopping under the
 * application contexts that are still closing their consumers would hold up the JVM's exit. The
 * broker's data goes under {@code target/}, which {@code mvn clean} removes.
 *
 * <pre>{@code
 * @DynamicPropertySource
 * static void embeddedStack(DynamicPropertyRegistry registry) {
 *   EmbeddedStack.shared().springProperties("orders").forEach((k, v) -> registry.add(k, () -> v));
 * }
 * }</pre>
 */
public final class EmbeddedStack {

  private static @Nullable EmbeddedStack shared;

  private final EmbeddedKafka kafka;
  private final EmbeddedMongo mongo;
  private final EmbeddedSmtp smtp;

  private EmbeddedStack(EmbeddedKafka kafka, EmbeddedMongo mongo, EmbeddedSmtp smtp) {
    this.kafka = kafka;
    this.mongo = mongo;
    this.smtp = smtp;
  }

  /** The stack of this JVM, started on first call. */
  public static synchronized EmbeddedStack shared() {
    var stack = shared;
    if (stack == null) {
      stack = start();
      shared = stack;
    }
    return stack;
  }

  private static EmbeddedStack start() {
    try {
      var base =
          Files.isDirectory(Path.of("target"))
              ? Path.of("target")
              : Path.of(System.getProperty("java.io.tmpdir"));
      var kafkaDir = Files.createTempDirectory(base, "embedded-kafka-");
      return new EmbeddedStack(
          EmbeddedKafka.start(kafkaDir, 0, 3), EmbeddedMongo.inMemory(0), EmbeddedSmtp.start(0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public EmbeddedKafka kafka() {
    return kafka;
  }

  public EmbeddedMongo mongo() {
    return mongo;
  }

  public EmbeddedSmtp smtp() {
    return smtp;
  }

  /**
   * Spring Boot properties that point a service at this stack, using {@code database} in MongoDB.
   * The service's consumers' idle fetches wait 100 ms rather than Kafka's 500: a record retried in
   * place is fetched again only once the fetch already waiting returns, so every retry of a test
   * took up to half a second more than its back-off (devstack runs the services with 10 ms).
   */
  public Map<String, String> springProperties(String database) {
    return Map.of(
        "spring.kafka.bootstrap-servers", kafka.bootstrapServers(),
        "spring.kafka.consumer.fetch-max-wait", "100ms",
        "spring.mongodb.uri", mongo.connectionString(database),
        "spring.mail.host", "localhost",
        "spring.mail.port", Integer.toString(smtp.port()));
  }
}
