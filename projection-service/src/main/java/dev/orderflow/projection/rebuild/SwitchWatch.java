package dev.orderflow.projection.rebuild;

import dev.orderflow.projection.generation.ControlDocument;
import dev.orderflow.projection.generation.ControlDocument.Building;
import dev.orderflow.projection.generation.Generations;
import dev.orderflow.projection.generation.ProjectionName;
import dev.orderflow.projection.intake.LiveIntake;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Every instance's watch on the control documents, every {@link #EVERY} (one read by {@code _id}
 * per projection), which is how a rebuild run by any instance reaches all of them (ADR 8):
 *
 * <ul>
 *   <li>a live generation another instance switched to is taken into this process, so queries and
 *       the live listener move to it;
 *   <li>while a rebuild asks the instances to pause (a token in its control document), the live
 *       listener is held; once it stands still (its last poll applied and committed), the consumer
 *       group member ids of its consumers are acknowledged under the token;
 *   <li>when no request remains (the rebuild switched, or withdrew its request), the listener
 *       resumes, after the new generation was taken, and the instance acknowledges having let go;
 *   <li>a request whose control document did not change for {@link Building#ABANDONED_AFTER} (its
 *       owner renews it every second) was left by an owner that died or stalled: the instance
 *       clears the claim with a conditional write before it resumes. That write fences the owner:
 *       if it comes back, its switch, conditional on the revision it read, fails, so the old
 *       generation stays live rather than missing what this instance writes to it from now on.
 * </ul>
 */
@Component
class SwitchWatch implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(SwitchWatch.class);

  static final Duration EVERY = Duration.ofMillis(250);

  private record Seen(long revision, long sinceNanos) {}

  private final Generations generations;
  private final LiveIntake intake;
  private final LongSupplier nanos;
  private final Map<ProjectionName, Seen> seen = new EnumMap<>(ProjectionName.class);
  private final Map<String, Set<String>> acknowledged = new HashMap<>();
  private volatile @Nullable Thread thread;

  @Autowired
  SwitchWatch(Generations generations, LiveIntake intake) {
    this(generations, intake, System::nanoTime);
  }

  SwitchWatch(Generations generations, LiveIntake intake, LongSupplier nanos) {
    this.generations = generations;
    this.intake = intake;
    this.nanos = nanos;
  }

  /** One look at the control documents, and what follows from it. */
  synchronized void watch() {
    var requests = new HashMap<String, ProjectionName>();
    var fenced = new HashSet<String>();
    for (var control : generations.refresh().values()) {
      var token = control.pauseRequested();
      if (token == null) {
        continue;
      }
      if (fencedOff(control)) {
        fenced.add(token);
      } else {
        requests.put(token, control.name());
      }
    }
    // A request this instance fenced off may still be read by its owner, if it lives: take this
    // instance's members back out of its acknowledgements before the listener can write again.
    for (var token : fenced) {
      var members = new HashSet<>(intake.members());
      var before = acknowledged.remove(token);
      if (before != null) {
        members.addAll(before);
      }
      if (!members.isEmpty()) {
        generations.control().withdrawPause(token, members);
      }
    }
    if (!requests.isEmpty()) {
      if (!intake.held()) {
        log.info("A rebuild switches generations ({}): pausing the live listener", requests);
        intake.hold();
      }
      if (intake.standsStill()) {
        var members = intake.members();
        requests.forEach((token, name) -> {
          var before = acknowledged.get(token);
          if (before == null || !before.containsAll(members)) {
            log.info("The live listener stands still for {}: acknowledged as {}", token, members);
            generations.control().acknowledgePause(name, token, members);
            acknowledged.put(token, members);
          }
        });
      }
    } else if (intake.held()) {
      // Only once Spring Kafka took the pause over: a consumer the assignment guard paused itself,
      // resumed before the container marked it paused, would keep its partitions paused for good.
      if (!intake.standsStill()) {
        return;
      }
      log.info("No rebuild switches any more: resuming the live listener");
      intake.release();
    }
    // Let go of the requests that ended: the generation they ended in was taken above.
    var ended = acknowledged.entrySet().iterator();
    while (ended.hasNext()) {
      var entry = ended.next();
      if (!requests.containsKey(entry.getKey())) {
        generations.control().acknowledgeRelease(entry.getKey(), entry.getValue());
        ended.remove();
      }
    }
  }

  /**
   * True if the request in {@code control} was abandoned and this instance cleared it, with a
   * conditional write that fences its owner off. False while it stands, which includes a clearing
   * write that failed: the document changed meanwhile (its owner renewed it, or another instance
   * cleared it), and the next look tells which.
   */
  private boolean fencedOff(ControlDocument control) {
    var now = nanos.getAsLong();
    var last = seen.get(control.name());
    if (last == null || last.revision() != control.revision()) {
      seen.put(control.name(), new Seen(control.revision(), now));
      return false;
    }
    if (now - last.sinceNanos() < Building.ABANDONED_AFTER.toNanos()) {
      return false;
    }
    seen.remove(control.name());
    if (!generations.control().replace(control, control.withBuilding(null))) {
      return false;
    }
    log.warn(
        "The rebuild of {} asked every instance to pause, then stopped renewing its claim for {}:"
            + " cleared it; generation {} stays live",
        control.name().id(),
        Building.ABANDONED_AFTER,
        control.live());
    return true;
  }

  @Override
  public void start() {
    thread =
        Thread.ofVirtual()
            .name("projection-switch-watch")
            .start(() -> {
              while (!Thread.currentThread().isInterrupted()) {
                try {
                  watch();
                } catch (RuntimeException e) {
                  log.warn("Could not watch the control documents: {}", e.getMessage());
                }
                try {
                  Thread.sleep(EVERY);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
  }

  @Override
  public void stop() {
    var running = thread;
    if (running != null) {
      running.interrupt();
      try {
        running.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    thread = null;
  }

  @Override
  public boolean isRunning() {
    return thread != null;
  }
}
