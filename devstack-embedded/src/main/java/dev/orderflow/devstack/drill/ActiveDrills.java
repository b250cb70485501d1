package dev.orderflow.devstack.drill;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The drills started and not stopped yet, in {@code <dataDir>/drill/active.json}: what each one
 * switched on and held, so that {@code drill stop} undoes exactly that, and {@code drill check} and
 * {@code drill reveal} know which drill runs. Several drills may run at once, if they do not touch
 * the same fault or part. Changes are made under a lock ({@code drill/lock}), one command at a
 * time.
 */
public final class ActiveDrills {

  /** In-process callers (tests) share the file lock of one JVM: it is taken once per JVM. */
  private static final ReentrantLock IN_PROCESS = new ReentrantLock();

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path directory;

  /** {@code directory}: {@code <dataDir>/drill}. */
  public ActiveDrills(Path directory) {
    this.directory = directory;
  }

  /**
   * One started drill.
   *
   * @param hidden started by {@code drill random}: its name is not printed until {@code reveal}
   * @param startedAt ISO-8601
   * @param faults the faults it switched on
   * @param holds the parts it holds stopped
   * @param traffic its share of the traffic, in orders per second
   */
  public record Active(
      String name,
      String title,
      String page,
      boolean hidden,
      String startedAt,
      List<Switched> faults,
      List<String> holds,
      double traffic) {

    public Active {
      faults = List.copyOf(faults);
      holds = List.copyOf(holds);
    }

    /**
     * What is left of this drill when only {@code faults} may still be on: no holds, no traffic (a
     * stop that could not switch them off, or a stack restarted under it).
     */
    public Active leavingOn(List<Switched> faults) {
      return new Active(name, title, page, hidden, startedAt, faults, List.of(), 0);
    }
  }

  /** A fault a drill switched on, with the parameters it was given. */
  public record Switched(String service, String fault, Map<String, Long> parameters) {

    public Switched {
      parameters = Map.copyOf(parameters);
    }
  }

  public Path file() {
    return directory.resolve("active.json");
  }

  /** The active drills, in the order they were started; none if the file is not there. */
  public List<Active> read() {
    var file = file();
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    try {
      return List.copyOf(JSON.readValue(file.toFile(), new TypeReference<List<Active>>() {}));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + file + " (delete it to start over)", e);
    }
  }

  /**
   * Reads the active drills, applies {@code change} and writes what it returns (the file removed
   * when none is left), holding the lock throughout.
   *
   * @return what {@code change} returned
   */
  public List<Active> update(Function<List<Active>, List<Active>> change) {
    IN_PROCESS.lock();
    try {
      Files.createDirectories(directory);
      try (var channel =
              FileChannel.open(
                  directory.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          var lock = channel.lock()) {
        var changed = List.copyOf(change.apply(new ArrayList<>(read())));
        write(changed);
        return changed;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      IN_PROCESS.unlock();
    }
  }

  /**
   * What a new supervisor does with the drills an earlier one left recorded: its holds are cleared
   * and its traffic ended with it, so they are dropped from the record; the faults may still be on
   * (they persist in MongoDB) and stay recorded for {@code drill stop}. With {@code fresh}
   * (MongoDB's data deleted, the faults with it) the record is deleted.
   *
   * @return the drills that were recorded, as they were
   */
  public List<Active> afterRestart(boolean fresh) {
    var recorded = new ArrayList<Active>();
    update(drills -> {
      recorded.addAll(drills);
      if (fresh) {
        return List.of();
      }
      return drills.stream()
          .filter(drill -> !drill.faults().isEmpty())
          .map(drill -> drill.leavingOn(drill.faults()))
          .toList();
    });
    return List.copyOf(recorded);
  }

  private void write(List<Active> drills) throws IOException {
    var file = file();
    if (drills.isEmpty()) {
      Files.deleteIfExists(file);
      return;
    }
    var temporary = directory.resolve("active.json.tmp");
    JSON.writeValue(temporary.toFile(), drills);
    Files.move(
        temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
