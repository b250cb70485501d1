package dev.orderflow.devstack.verify;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What clients were told: one line per order answered {@code 202}, its id first. The load
 * generator, {@code ./devstack --demo} and the chaos suite write one each; {@code ./devstack
 * verify} reads them, so it knows which orders were acknowledged without asking the system that may
 * have lost them. Under {@code ./devstack} ledgers live in {@value #DIRECTORY} of the data
 * directory, which {@code --fresh} empties together with the event store.
 */
public final class Ledger implements AutoCloseable {

  /** The ledgers' folder under the data directory ({@code .devstack/data}). */
  public static final String DIRECTORY = "ledger";

  private final Writer out;

  private Ledger(Writer out) {
    this.out = out;
  }

  /** A ledger that appends to {@code file}, creating it and its folder if needed. */
  public static Ledger appendingTo(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      return new Ledger(
          Files.newBufferedWriter(
              file, UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Records an order answered {@code 202}; on disk when this returns. */
  public synchronized void accepted(String orderId) {
    try {
      out.write(orderId);
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every order id in {@code paths}: files, or folders whose {@code *.txt} files are read; missing
   * ones are skipped. A line's first word is the id; blank lines and {@code #} comments are not.
   */
  public static Set<String> read(List<Path> paths) {
    var ids = new HashSet<String>();
    for (var path : paths) {
      try (Stream<Path> files =
          Files.isDirectory(path)
              ? Files.list(path).filter(file -> file.toString().endsWith(".txt"))
              : Stream.of(path).filter(Files::isRegularFile)) {
        for (var file : files.toList()) {
          for (var line : Files.readAllLines(file, UTF_8)) {
            var trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
              ids.add(trimmed.split("\\s+", 2)[0]);
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return ids;
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
