package dev.orderflow.projection.rebuild;

import dev.orderflow.platform.concurrency.CompareAndSet;
import dev.orderflow.platform.concurrency.CompareAndSet.Contended;
import dev.orderflow.platform.concurrency.CompareAndSet.Round;
import dev.orderflow.projection.generation.ControlDocument;
import dev.orderflow.projection.generation.ControlDocument.Building;
import dev.orderflow.projection.generation.Generations;
import dev.orderflow.projection.generation.ProjectionName;
import dev.orderflow.projection.generation.ReadSides;
import dev.orderflow.projection.intake.KafkaOffsets;
import dev.orderflow.projection.intake.Replays;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Starts rebuilds and says how each projection stands. A rebuild is claimed in the projection's
 * control document (one conditional write), so two requests, or two instances, cannot run one at
 * the same time; a claim whose owner stopped reporting for {@link Building#ABANDONED_AFTER} is free
 * to take over. When the service starts it clears claims its own earlier process left, drops
 * generations no one uses, and rebuilds a projection at once if it has no control document yet
 * while the consumer group has read before (a database emptied under a running system).
 */
@Component
public class Rebuilds implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(Rebuilds.class);
  private static final Duration STOP_WAIT = Duration.ofSeconds(10);

  /** How one projection stands: {@code status} is {@code LIVE} or {@code REBUILDING}. */
  public record ProjectionStatus(
      String name,
      int generation,
      String status,
      double progress,
      @Nullable Integer rebuildingGeneration) {}

  private final Generations generations;
  private final ReadSides readSides;
  private final KafkaOffsets offsets;
  private final Rebuild.Parts parts;
  private final Clock clock;

  /** This instance's name: its instance id, or its host name. */
  private final String host;

  private final String owner;
  private final Map<ProjectionName, Thread> running = new ConcurrentHashMap<>();
  private volatile boolean started;

  Rebuilds(
      Generations generations,
      ReadSides readSides,
      Replays replays,
      KafkaOffsets offsets,
      RebuildMetrics metrics,
      Clock clock,
      @Value("${orderflow.kafka.instance-id:}") String instanceId) {
    this.generations = generations;
    this.readSides = readSides;
    this.offsets = offsets;
    this.clock = clock;
    this.parts = new Rebuild.Parts(replays, offsets, readSides, generations, metrics, clock);
    this.host = instanceId.isBlank() ? hostName() : instanceId;
    this.owner = host + "/" + UUID.randomUUID();
  }

  /**
   * Claims a rebuild of {@code name} and starts it.
   *
   * @throws RebuildInProgressException if one runs
   */
  public synchronized ProjectionStatus start(ProjectionName name) {
    return CompareAndSet.until(
        Contended.of("projection", name.id()), CompareAndSet.ATTEMPTS, () -> claim(name));
  }

  /** One round of {@link #start}: the claim, written if the control did not change since read. */
  private Round<ProjectionStatus> claim(ProjectionName name) {
    var control = generations.control().find(name).orElseThrow();
    var now = clock.instant();
    var building = control.building();
    if (building != null && !abandoned(name, building)) {
      throw new RebuildInProgressException(name.id(), building.generation());
    }
    var highest =
        readSides.generationsPresent(name).stream().mapToInt(Integer::intValue).max().orElse(0);
    var abandonedGeneration = building == null ? 0 : building.generation();
    var generation = Math.max(Math.max(control.live(), highest), abandonedGeneration) + 1;
    var claim = control.withBuilding(new Building(generation, owner, now, now, 0.0));
    if (!generations.control().replace(control, claim)) {
      return Round.lost();
    }
    var rebuild = new Rebuild(name, generation, control.live(), owner, parts);
    var thread =
        Thread.ofVirtual()
            .name("rebuild-" + name.id() + "-g" + generation)
            .unstarted(() -> {
              try {
                rebuild.run();
              } finally {
                // Only its own entry: the rebuild switches before it tidies up, so the next
                // one may have started already, and must not look abandoned.
                running.remove(name, Thread.currentThread());
              }
            });
    running.put(name, thread);
    thread.start();
    return Round.done(status(claim));
  }

  public ProjectionStatus status(ProjectionName name) {
    return status(generations.control().find(name).orElseThrow());
  }

  private ProjectionStatus status(ControlDocument control) {
    var building = control.building();
    if (building == null || abandoned(control.name(), building)) {
      return new ProjectionStatus(control.name().id(), control.live(), "LIVE", 1.0, null);
    }
    return new ProjectionStatus(
        control.name().id(),
        control.live(),
        "REBUILDING",
        Math.round(building.progress() * 1000) / 1000.0,
        building.generation());
  }

  /**
   * A rebuild whose owner stopped reporting, or that an earlier process of this instance left (an
   * instance is named by {@code orderflow.kafka.instance-id}, else by its host: its successor knows
   * the owner is gone without waiting).
   */
  private boolean abandoned(ProjectionName name, Building building) {
    if (building.owner().equals(owner)) {
      return !running.containsKey(name);
    }
    return building.abandoned(clock.instant()) || building.owner().startsWith(host + "/");
  }

  @EventListener(ApplicationReadyEvent.class)
  void tidyUp() {
    for (var name : ProjectionName.values()) {
      try {
        tidyUp(name);
      } catch (RuntimeException e) {
        log.warn("Could not tidy up the generations of {}: {}", name.id(), e.getMessage());
      }
    }
  }

  private void tidyUp(ProjectionName name) {
    var control = generations.control().find(name).orElseThrow();
    var building = control.building();
    if (building != null && abandoned(name, building)) {
      log.info(
          "The rebuild of {} into generation {} was abandoned (its process stopped);"
              + " queries read generation {}; it can be started again",
          name.id(),
          building.generation(),
          control.live());
      if (generations.control().replace(control, control.withBuilding(null))) {
        control = generations.control().find(name).orElseThrow();
        building = null;
      }
    }
    for (var generation : readSides.generationsPresent(name)) {
      if (generation != control.live()
          && (building == null || building.generation() != generation)) {
        log.info("Dropping generation {} of {}: no longer used", generation, name.id());
        readSides.drop(name, generation);
      }
    }
    if (control.outdated() && building == null) {
      log.info(
          "Projection {} was written in shape {}, this build reads shape {}: rebuilding from the"
              + " beginning",
          name.id(),
          control.shape(),
          name.shape());
      start(name);
      return;
    }
    if (generations.startedFresh(name)) {
      var readBefore = offsets.committed(name.topics()).values().stream().anyMatch(o -> o > 0);
      if (readBefore) {
        log.info(
            "Projection {} has no read models yet, but the consumer group {} has read its topics"
                + " before: rebuilding from the beginning",
            name.id(),
            offsets.group());
        start(name);
      }
    }
  }

  @Override
  public void start() {
    started = true;
  }

  /** Stops running rebuilds; each clears its claim and drops its half-built generation. */
  @Override
  public void stop() {
    started = false;
    running.values().forEach(Thread::interrupt);
    for (var thread : running.values()) {
      try {
        thread.join(STOP_WAIT);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public boolean isRunning() {
    return started;
  }

  /** Stops before the listener containers (lower phases stop later), which a rebuild pauses. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE;
  }

  private static String hostName() {
    var configured = System.getenv("HOSTNAME");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
