package dev.orderflow.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32C;

/**
 * Faster starts with class-data sharing: every part's JVM maps the classes its previous run loaded
 * from an archive instead of reading, parsing and verifying them again. With {@code
 * -XX:+AutoCreateSharedArchive} (JDK 19 and later) the JVM writes the archive when it exits and
 * writes it anew when the jars it was made from change, so there is nothing to train or invalidate
 * by hand; the first start after a build is as slow as before, the ones after it faster
 * (docs/engineering/benchmarks.md).
 *
 * <p>An archive holds only classes from plain jars on the class path, not from the jars nested in a
 * Spring Boot jar, so each service's jar is first extracted ({@code java -Djarmode=tools -jar <jar>
 * extract}) into a jar of its own classes and a {@code lib/} directory beside it.
 *
 * <p>Archives and extracted jars live in {@code <repoRoot>/.devstack/cache}, apart from the data
 * directory: a fresh start and {@code ./devstack bench} keep them.
 */
public final class ClassDataSharing {

  /** Remembers which build of the service jar an extraction came from. */
  private static final String SOURCE_STAMP = ".extracted-from";

  private ClassDataSharing() {}

  /**
   * Whether every part of the stack has an archive: if not, the next start is a first start, as
   * slow as without class-data sharing. Extracts the service jars first, which drops the archives
   * of services built anew.
   */
  public static boolean archived(DevstackOptions options) {
    prepare(options.applications(), options);
    return options.parts().stream().allMatch(part -> Files.isRegularFile(archive(part, options)));
  }

  /**
   * The JVM options that read the part's archive, and, for its first instance, write it at exit
   * when it is out of date. The other instances of the part (order-service-2, kafka-3) only read
   * it, if it is there: two JVMs writing one archive as they stop could leave it torn, and one that
   * is missing would be an error line in their logs at every start. Whether they read it is decided
   * once, when the stack builds their command lines: an archive the first instance writes as it
   * stops is read by the others from the next {@code ./devstack} on, not by their restarts within
   * this one.
   */
  static List<String> javaOptions(Instance instance, DevstackOptions options) {
    var archive = archive(instance.part(), options);
    if (instance.number() == 1) {
      return List.of(
          "-XX:SharedArchiveFile=" + archive,
          "-XX:+AutoCreateSharedArchive",
          // Not a warning per class it leaves out (proxies, multi-release classes): errors only.
          "-Xlog:cds*=error");
    }
    return Files.isRegularFile(archive)
        ? List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds*=error")
        : List.of();
  }

  /**
   * The jar a service or the console runs from: its Spring Boot jar, extracted by {@link #prepare}.
   */
  static Path runnableJar(Application application, DevstackOptions options) {
    var jar = options.serviceJar(application);
    return extractedDir(application, options).resolve(jar.getFileName());
  }

  /**
   * Makes the archives' directory, and extracts every application's jar whose extraction is missing
   * or comes from an older build, in parallel (about half a second each).
   */
  static void prepare(List<? extends Application> services, DevstackOptions options) {
    try {
      Files.createDirectories(archiveDir(options));
    } catch (IOException e) {
      throw new DevstackException("Could not create " + archiveDir(options), e);
    }
    try (var extracting = Executors.newVirtualThreadPerTaskExecutor()) {
      var pending =
          services.stream()
              .map(service -> extracting.submit(() -> extractIfStale(service, options)))
              .toList();
      for (Future<?> extraction : pending) {
        await(extraction);
      }
    }
  }

  private static Void extractIfStale(Application service, DevstackOptions options)
      throws IOException, InterruptedException {
    var jar = options.serviceJar(service);
    var dir = extractedDir(service, options);
    var stamp = dir.resolve(SOURCE_STAMP);
    var source = checksum(jar);
    if (Files.isRegularFile(stamp) && Files.readString(stamp).equals(source)) {
      return null;
    }
    Directories.delete(dir);
    // The JVM tells a changed jar by its size and time, and a reproducible build keeps the time:
    // an archive of the previous build could pass for this one's, so it goes with the old jar.
    Files.deleteIfExists(archive(service, options));
    Files.createDirectories(dir.getParent());
    var log = Files.createTempFile(dir.getParent(), service.partName(), ".log");
    try {
      var extraction =
          new ProcessBuilder(
                  PartLaunch.javaExecutable(),
                  "-Djarmode=tools",
                  "-jar",
                  jar.toString(),
                  "extract",
                  "--destination",
                  dir.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (extraction.waitFor() != 0) {
        throw new DevstackException(
            "Could not extract %s for class-data sharing:%n%s"
                .formatted(jar, Files.readString(log).strip()));
      }
    } finally {
      Files.deleteIfExists(log);
    }
    Files.writeString(stamp, source);
    return null;
  }

  /** The jar's content, not its time, which a reproducible build fixes. */
  static String checksum(Path jar) throws IOException {
    var crc = new CRC32C();
    try (var in = Files.newInputStream(jar)) {
      var buffer = new byte[1 << 16];
      for (int read; (read = in.read(buffer)) > 0; ) {
        crc.update(buffer, 0, read);
      }
    }
    return Files.size(jar) + " " + Long.toHexString(crc.getValue());
  }

  private static Path archive(Part part, DevstackOptions options) {
    return archiveDir(options).resolve(part.partName() + ".jsa");
  }

  private static Path archiveDir(DevstackOptions options) {
    return options.cacheDir().resolve("cds");
  }

  private static Path extractedDir(Application service, DevstackOptions options) {
    return options.cacheDir().resolve("jars").resolve(service.partName());
  }

  private static void await(Future<?> extraction) {
    try {
      extraction.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DevstackException("Interrupted while extracting the service jars", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof DevstackException failed) {
        throw failed;
      }
      var cause = e.getCause() == null ? e : e.getCause();
      throw new DevstackException(
          "Could not extract the service jars: " + cause.getMessage(), cause);
    }
  }
}
