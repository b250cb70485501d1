package dev.orderflow.projection.generation;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Which generation of each projection is live in this process: read from the control documents when
 * the service starts (before any listener runs), and taken anew from them ({@link #refresh}) by the
 * watch every instance keeps on them and whenever the live listener is assigned partitions. A
 * switch happens only while the live listeners of every instance are paused (ADR 8). Queries and
 * the live listener ask on every request and poll.
 */
@Component
public class Generations {

  private static final Logger log = LoggerFactory.getLogger(Generations.class);

  private final GenerationControl control;
  private final Map<ProjectionName, Integer> live = new EnumMap<>(ProjectionName.class);
  private final Set<ProjectionName> fresh = EnumSet.noneOf(ProjectionName.class);

  Generations(GenerationControl control) {
    this.control = control;
    for (var name : ProjectionName.values()) {
      var first = new ControlDocument(name, 1, null, 0);
      if (control.insert(first)) {
        fresh.add(name);
        log.info("Projection {} starts at generation 1", name.id());
      }
      var current = control.find(name).orElseThrow();
      live.put(name, current.live());
    }
  }

  /** The generation queries read and the live listener writes. */
  public synchronized int live(ProjectionName name) {
    // Read for every projection in the constructor, replaced only by a switch.
    return Objects.requireNonNull(live.get(name));
  }

  /** True if this process made the projection's first control document. */
  public synchronized boolean startedFresh(ProjectionName name) {
    return fresh.contains(name);
  }

  public GenerationControl control() {
    return control;
  }

  /**
   * The switch a rebuild made in the control document, taken into this process. Generations only
   * grow, so a control document read before the switch, and taken after it, changes nothing.
   */
  public synchronized void switched(ProjectionName name, int generation) {
    var before = Objects.requireNonNull(live.get(name));
    if (generation > before) {
      live.put(name, generation);
      log.info("Projection {} is live in generation {} (was {})", name.id(), generation, before);
    }
  }

  /**
   * Reads every control document and takes the live generation each names into this process.
   *
   * @return the control documents read, by projection
   */
  public Map<ProjectionName, ControlDocument> refresh() {
    var read = new EnumMap<ProjectionName, ControlDocument>(ProjectionName.class);
    for (var name : ProjectionName.values()) {
      // None only if the database was emptied under the running service: nothing to take.
      control
          .find(name)
          .ifPresent(current -> {
            switched(name, current.live());
            read.put(name, current);
          });
    }
    return read;
  }

  /**
   * Refreshes, and tells whether a rebuild asks the instances to pause their live listeners for its
   * switch.
   */
  public boolean switchPending() {
    return refresh().values().stream().anyMatch(c -> c.pauseRequested() != null);
  }
}
