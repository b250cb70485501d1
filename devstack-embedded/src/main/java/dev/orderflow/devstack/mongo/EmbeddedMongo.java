package dev.orderflow.devstack.mongo;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The MongoDB wire protocol served by mongo-java-server: in memory for tests, on an H2 file for
 * {@code ./devstack} so data survives restarts. It has unique indexes and single-document atomic
 * updates but no multi-document transactions, which is exactly the subset the services are written
 * against. On disk it stores index keys and documents with types of its own ({@link
 * TypedH2Backend}).
 */
public final class EmbeddedMongo implements AutoCloseable {

  private final MongoServer server;
  private final int port;

  private EmbeddedMongo(MongoServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /**
   * A server whose data lives only as long as the process; its reads see each document whole
   * ({@link SnapshotMemoryBackend}).
   */
  public static EmbeddedMongo inMemory(int port) {
    return start(new SnapshotMemoryBackend(), port);
  }

  /** A server that keeps its data in an H2 file under {@code dataDir}. */
  public static EmbeddedMongo onDisk(Path dataDir, int port) {
    return onDisk(dataDir, port, () -> {});
  }

  /**
   * As above; {@code whenBroken} is told when the file can no longer be written (the commands fail
   * from then on).
   */
  public static EmbeddedMongo onDisk(Path dataDir, int port, Runnable whenBroken) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return start(
        TypedH2Backend.open(dataDir.resolve("mongo.mv").toAbsolutePath(), whenBroken), port);
  }

  static EmbeddedMongo start(MongoBackend backend, int port) {
    var server = new MongoServer(backend);
    server.bind("localhost", port);
    return new EmbeddedMongo(server, server.getLocalAddress().getPort());
  }

  public String connectionString(String database) {
    return "mongodb://localhost:" + port + "/" + database;
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    server.shutdownNow();
  }
}
