package dev.orderflow.devstack;

import dev.orderflow.devstack.kafka.EmbeddedKafka;
import dev.orderflow.devstack.mongo.EmbeddedMongo;
import dev.orderflow.devstack.smtp.EmbeddedSmtp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Kafka, MongoDB and SMTP in this JVM, on free ports, for integration tests: started on first use,
 * shared by every test of the JVM (starting a broker costs seconds), stopped when the JVM exits.
 *
 * <pre>{@code
 * @DynamicPropertySource
 * static void embeddedStack(DynamicPropertyRegistry registry) {
 *   EmbeddedStack.shared().springProperties("orders").forEach((k, v) -> registry.add(k, () -> v));
 * }
 * }</pre>
 */
public final class EmbeddedStack {

  private static EmbeddedStack shared;

  private final Path kafkaDir;
  private final EmbeddedKafka kafka;
  private final EmbeddedMongo mongo;
  private final EmbeddedSmtp smtp;

  private EmbeddedStack(
      Path kafkaDir, EmbeddedKafka kafka, EmbeddedMongo mongo, EmbeddedSmtp smtp) {
    this.kafkaDir = kafkaDir;
    this.kafka = kafka;
    this.mongo = mongo;
    this.smtp = smtp;
  }

  /** The stack of this JVM, started on first call. */
  public static synchronized EmbeddedStack shared() {
    if (shared == null) {
      shared = start();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "embedded-stack-stop"));
    }
    return shared;
  }

  private static EmbeddedStack start() {
    try {
      var kafkaDir = Files.createTempDirectory("orderflow-kafka");
      return new EmbeddedStack(
          kafkaDir,
          EmbeddedKafka.start(kafkaDir, 0, 3),
          EmbeddedMongo.inMemory(0),
          EmbeddedSmtp.start(0));
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
   */
  public Map<String, String> springProperties(String database) {
    return Map.of(
        "spring.kafka.bootstrap-servers", kafka.bootstrapServers(),
        "spring.mongodb.uri", mongo.connectionString(database),
        "spring.mail.host", "localhost",
        "spring.mail.port", Integer.toString(smtp.port()));
  }

  private void stop() {
    smtp.close();
    mongo.close();
    kafka.close();
    Directories.delete(kafkaDir);
  }
}
