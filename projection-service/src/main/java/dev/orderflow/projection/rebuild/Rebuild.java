package dev.orderflow.projection.rebuild;

import dev.orderflow.events.StockEvent.StockLevelChanged;
import dev.orderflow.platform.kafka.RetryPolicy;
import dev.orderflow.projection.Intake;
import dev.orderflow.projection.domain.PositionedEvent;
import dev.orderflow.projection.generation.ControlDocument;
import dev.orderflow.projection.generation.Generations;
import dev.orderflow.projection.generation.ProjectionName;
import dev.orderflow.projection.generation.ReadSides;
import dev.orderflow.projection.intake.KafkaOffsets;
import dev.orderflow.projection.intake.Replay;
import dev.orderflow.projection.intake.ReplayedRecord;
import dev.orderflow.projection.intake.Replays;
import dev.orderflow.projection.rebuild.RebuildMetrics.Outcome;
import dev.orderflow.projection.rebuild.domain.RebuildProgress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rebuild of one projection into a new generation, on its own thread:
 *
 * <ol>
 *   <li>drop what earlier, unfinished rebuilds left (every generation but the live one);
 *   <li>replay the projection's topics from the beginning into the new generation, up to the end
 *       offsets captured at the start, reporting progress (control document, metric, log);
 *   <li>ask every instance to pause its live listener (a token in the control document), wait until
 *       every member of the consumer group that holds partitions acknowledged, catch up to the
 *       offsets the group committed, switch the control document to the new generation in one
 *       conditional write; every instance takes it and resumes (writing the new generation,
 *       skipping as duplicates what the replay already applied beyond the committed offsets);
 *   <li>drop the old generation.
 * </ol>
 *
 * Queries read the old generation until the switch. If the process dies, the control document still
 * names the old generation live; the half-built one is dropped by the next rebuild. If MongoDB or
 * Kafka cannot be reached before the switch (a step fails as {@link RetryPolicy.Kind#UNAVAILABLE}),
 * the rebuild keeps its claim and starts again from the first step, up to {@link #OUTAGE_ATTEMPTS}
 * times, each logged and counted; after the switch, a step that fails leaves the old generation for
 * the next rebuild, or start-up, to drop.
 */
final class Rebuild implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(Rebuild.class);

  static final Duration POLL = Duration.ofMillis(200);
  static final Duration HEARTBEAT = Duration.ofSeconds(1);
  static final Duration LOG_EVERY = Duration.ofSeconds(2);
  static final Duration PAUSE_TIMEOUT = Duration.ofSeconds(30);
  static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(10);
  static final Duration CHECK = Duration.ofMillis(50);
  static final int ATTEMPTS = 10;
  static final int SWITCH_ATTEMPTS = 5;
  static final Duration SWITCH_BACK_OFF = Duration.ofSeconds(2);
  static final int OUTAGE_ATTEMPTS = 5;
  static final Duration OUTAGE_BACK_OFF = Duration.ofSeconds(1);

  /** Where a rebuild gets what it needs. */
  record Parts(
      Replays replays,
      KafkaOffsets offsets,
      ReadSides readSides,
      Generations generations,
      RebuildMetrics metrics,
      Clock clock) {}

  /** The control document no longer names this rebuild: another process took it over. */
  static final class LostException extends RuntimeException {
    LostException(String message) {
      super(message);
    }
  }

  /** Interrupted where a checked exception cannot pass. */
  static final class StoppedException extends RuntimeException {
    StoppedException() {
      super("stopped");
    }
  }

  private final ProjectionName name;
  private final int generation;
  private final int previous;
  private final String owner;
  private final Parts parts;
  private Instant lastBeat = Instant.EPOCH;
  private Instant lastLog = Instant.EPOCH;
  private volatile @Nullable LostException lost;
  private boolean released;

  /**
   * Set once this rebuild switched the control document to its generation: from then on the rebuild
   * has done what it was for, whatever ends it.
   */
  private volatile boolean switched;

  /** The pause request this rebuild made that still stands, if any. */
  private @Nullable String pauseRequested;

  Rebuild(ProjectionName name, int generation, int previous, String owner, Parts parts) {
    this.name = name;
    this.generation = generation;
    this.previous = previous;
    this.owner = owner;
    this.parts = parts;
  }

  @Override
  public void run() {
    var heart =
        Thread.ofVirtual().name("rebuild-" + name.id() + "-heartbeat").start(this::heartbeat);
    try {
      rebuild();
    } finally {
      heart.interrupt();
    }
  }

  /**
   * Renews the claim every {@link #HEARTBEAT} on a thread of its own, so that a replay or a switch
   * blocked in a call to Kafka or MongoDB (each bounded, up to 10 s, and a record's back-off) does
   * not leave the claim unrenewed for {@link ControlDocument.Building#ABANDONED_AFTER}, which the
   * instances would take for a dead owner. A claim lost (taken over, switched, cleared) ends it;
   * the rebuild's own thread learns of it at its next beat.
   */
  private void heartbeat() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        beat(parts.metrics().progress(name));
      } catch (LostException e) {
        lost = e;
        return;
      } catch (RuntimeException e) {
        log.warn("Could not renew the claim of the rebuild of {}: {}", name.id(), e.getMessage());
      }
      try {
        Thread.sleep(HEARTBEAT.dividedBy(4));
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void rebuild() {
    try {
      buildAndSwitch();
      parts.metrics().ended(name, Outcome.SWITCHED);
      dropPrevious();
    } catch (InterruptedException | RuntimeException e) {
      if (switched) {
        endedAfterSwitch(e);
      } else {
        ended(e);
      }
    }
  }

  /**
   * Stopped, or failed, after the switch (the process stopping while the rebuild waits for the
   * instances to let go of the old generation, then closing its replay, say): the switch happened
   * and queries read the new generation, so the rebuild counts as switched; the old generation is
   * left for the next rebuild, or start-up, to drop. Nothing is abandoned: the generation built is
   * live.
   */
  private void endedAfterSwitch(Exception e) {
    log.info(
        "Rebuild of {} switched to generation {}, then ended before generation {} was dropped ({});"
            + " the next rebuild, or start-up, drops it",
        name.id(),
        generation,
        previous,
        e.toString());
    parts.metrics().ended(name, Outcome.SWITCHED);
  }

  /** Stopped, given up or failed before the switch: queries keep reading the old generation. */
  private void ended(Exception e) {
    if (e instanceof LostException) {
      log.warn(
          "Rebuild of {} into generation {} given up: {}", name.id(), generation, e.getMessage());
      parts.metrics().ended(name, Outcome.FAILED);
    } else if (e instanceof InterruptedException || e instanceof StoppedException) {
      log.info("Rebuild of {} into generation {} stopped", name.id(), generation);
      abandon();
      parts.metrics().ended(name, Outcome.STOPPED);
    } else {
      log.error(
          "Rebuild of {} into generation {} failed; queries keep reading generation {}",
          name.id(),
          generation,
          previous,
          e);
      abandon();
      parts.metrics().ended(name, Outcome.FAILED);
    }
  }

  /**
   * Builds the new generation and switches to it; from the beginning again, after a growing pause,
   * when a step could not reach MongoDB or Kafka (the claim is kept meanwhile, renewed by the
   * heartbeat), up to {@link #OUTAGE_ATTEMPTS} attempts.
   */
  private void buildAndSwitch() throws InterruptedException {
    var backOff = OUTAGE_BACK_OFF;
    for (int attempt = 1; ; attempt++) {
      try {
        if (pauseRequested != null) {
          // What the failed attempt asked for: the live listeners resume while this one replays.
          withdraw();
        }
        replayAndSwitch();
        return;
      } catch (RuntimeException e) {
        // After the switch there is nothing to start again: the generation built is live, and a
        // new attempt would drop it as a leftover.
        if (switched
            || e instanceof LostException
            || attempt == OUTAGE_ATTEMPTS
            || RetryPolicy.classify(e) != RetryPolicy.Kind.UNAVAILABLE) {
          throw e;
        }
        log.warn(
            "Rebuild of {} into generation {} could not reach a dependency ({}): starting it again"
                + " in {} (attempt {} of {})",
            name.id(),
            generation,
            e.getMessage(),
            backOff,
            attempt,
            OUTAGE_ATTEMPTS);
        parts.metrics().restarted(name);
        Thread.sleep(backOff);
        backOff = backOff.multipliedBy(2);
      }
    }
  }

  /** One attempt of {@link #buildAndSwitch}. */
  private void replayAndSwitch() throws InterruptedException {
    for (var leftover : parts.readSides().generationsPresent(name)) {
      if (leftover != previous) {
        log.info(
            "Dropping generation {} of {}, left by an unfinished rebuild", leftover, name.id());
        parts.readSides().drop(name, leftover);
      }
    }
    try (var replay = parts.replays().open(name.id(), name.topics())) {
      var progress = new RebuildProgress(replay.beginnings(), replay.ends());
      log.info(
          "Rebuilding {} into generation {} while queries read generation {}: {} records to"
              + " replay from {}",
          name.id(),
          generation,
          previous,
          progress.total(),
          name.topics());
      catchUp(replay, progress, progress.targets());
      // Once more up to what arrived during the replay, so that the pause below only has to
      // cover what arrives during this catch-up.
      catchUp(replay, progress, replay.ends());
      log.info(
          "{} generation {} replayed what there was at the start; catching up with the live"
              + " listener to switch",
          name.id(),
          generation);
      var backOff = SWITCH_BACK_OFF;
      for (int attempt = 1; !handOver(replay, progress); attempt++) {
        if (attempt == SWITCH_ATTEMPTS) {
          throw new IllegalStateException(
              "The live listeners did not all stand still for the switch in "
                  + SWITCH_ATTEMPTS
                  + " attempts");
        }
        log.info(
            "The live listeners of {} did not all stand still for the switch (attempt {} of {});"
                + " trying again in {}",
            name.id(),
            attempt,
            SWITCH_ATTEMPTS,
            backOff);
        rest(backOff);
        backOff = backOff.multipliedBy(2);
        catchUp(replay, progress, replay.ends());
      }
    }
  }

  /**
   * Drops the generation queries read before the switch, once every instance let go of it; if not
   * every one did in time, or the drop fails, it is kept for the next rebuild, or start-up.
   */
  private void dropPrevious() {
    if (!released) {
      log.warn(
          "Rebuild of {} done: queries read generation {}; generation {} kept, since not every"
              + " instance let go of it in time (the next rebuild, or start-up, drops it)",
          name.id(),
          generation,
          previous);
      return;
    }
    try {
      parts.readSides().drop(name, previous);
    } catch (RuntimeException e) {
      log.warn(
          "Rebuild of {} done: queries read generation {}; generation {} kept, since it could not"
              + " be dropped ({}); the next rebuild, or start-up, drops it",
          name.id(),
          generation,
          previous,
          e.getMessage());
      return;
    }
    log.info(
        "Rebuild of {} done: queries read generation {}, generation {} dropped",
        name.id(),
        generation,
        previous);
  }

  /** Applies records until every partition is read up to {@code offsets}. */
  private void catchUp(Replay replay, RebuildProgress progress, Map<String, Long> offsets)
      throws InterruptedException {
    while (!RebuildProgress.reached(replay.positions(), offsets)) {
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      applyAll(replay.poll(POLL));
      report(replay, progress);
    }
  }

  /**
   * The switch, across every instance: asks them all to pause their live listeners (a token in the
   * control document), waits until every member of the consumer group that holds partitions
   * acknowledged standing still, reads up to what the group committed, switches, and waits a moment
   * for the instances to take the new generation. False, with the request withdrawn and every
   * listener resumed, if they did not all pause in time.
   */
  private boolean handOver(Replay replay, RebuildProgress progress) throws InterruptedException {
    var token = name.id() + "-g" + generation + "-" + UUID.randomUUID().toString().substring(0, 8);
    requestPause(token);
    var committed = awaitPaused(token);
    if (committed.isEmpty()) {
      withdraw();
      return false;
    }
    catchUp(replay, progress, committed.get());
    // Once more, right before the switch: a member that let go meanwhile (its instance judged the
    // request abandoned) may have written the live generation past the offsets read above.
    if (!standStill(token)) {
      log.info("A live listener of {} let go of the pause before the switch", name.id());
      withdraw();
      return false;
    }
    switchGeneration(token);
    awaitReleased(token);
    return true;
  }

  /** Withdraws the pause request, and forgets its acknowledgements. */
  private void withdraw() {
    requestPause(null);
    parts.generations().control().forgetAcknowledgements(name, generation);
  }

  /** Asks every instance to pause under {@code token}, or (null) no longer. */
  private synchronized void requestPause(@Nullable String token) {
    var control = ours();
    var building = Objects.requireNonNull(control.building(), "ours() has a building");
    if (token != null) {
      parts.generations().control().openAcknowledgements(name, generation, token);
    }
    pauseRequested = token;
    if (!parts
        .generations()
        .control()
        .replace(control, control.withBuilding(building.pausing(token)))) {
      throw new LostException("the control document changed under the pause request");
    }
    lastBeat = parts.clock().instant();
  }

  /**
   * The offsets the live consumer group committed, once every member that holds partitions of the
   * projection's topics acknowledged standing still under {@code token}; empty after {@link
   * #PAUSE_TIMEOUT}. A member that is assigned partitions after the request pauses before it reads
   * a record ({@code intake.AssignmentGuard}), so it needs no acknowledgement to be safe; a
   * rebalance shows up as new member ids, which are waited for too.
   */
  private Optional<Map<String, Long>> awaitPaused(String token) throws InterruptedException {
    var deadline = System.nanoTime() + PAUSE_TIMEOUT.toNanos();
    var topics = name.topics();
    Optional<Set<String>> holders = Optional.empty();
    Set<String> paused = Set.of();
    while (System.nanoTime() < deadline) {
      beat(parts.metrics().progress(name));
      holders = parts.offsets().membersHolding(topics);
      paused = parts.generations().control().acknowledgements(token).paused();
      if (holders.isPresent() && paused.containsAll(holders.get())) {
        log.info(
            "Every live listener of {} stands still ({} group members): switching",
            name.id(),
            holders.get().size());
        return Optional.of(parts.offsets().committed(topics));
      }
      Thread.sleep(CHECK.toMillis());
    }
    log.info(
        "Waited {} for the live listeners of {} to pause: members holding partitions {}, stood"
            + " still {}",
        PAUSE_TIMEOUT,
        name.id(),
        holders.map(Object::toString).orElse("(rebalancing)"),
        paused);
    return Optional.empty();
  }

  /**
   * Whether every member holding partitions still acknowledges standing still for {@code token}.
   */
  private boolean standStill(String token) {
    var holders = parts.offsets().membersHolding(name.topics());
    var paused = parts.generations().control().acknowledgements(token).paused();
    return holders.isPresent() && paused.containsAll(holders.get());
  }

  /** Waits {@code time}, renewing the claim meanwhile. */
  private void rest(Duration time) throws InterruptedException {
    var end = System.nanoTime() + time.toNanos();
    while (System.nanoTime() < end) {
      beat(parts.metrics().progress(name));
      Thread.sleep(CHECK.toMillis());
    }
  }

  /**
   * Waits until every member that paused took the new generation (at least two rounds of the
   * instances' watch, at most {@link #RELEASE_TIMEOUT}), so that no instance still reads the old
   * generation when it is dropped; if they did not all in time (or the rebuild is stopped), the old
   * generation is kept, for the next rebuild or start-up to drop.
   */
  private void awaitReleased(String token) {
    var start = System.nanoTime();
    var least = SwitchWatch.EVERY.multipliedBy(2).toNanos();
    try {
      while (System.nanoTime() - start < RELEASE_TIMEOUT.toNanos()) {
        var acknowledgements = parts.generations().control().acknowledgements(token);
        if (System.nanoTime() - start >= least
            && acknowledgements.released().containsAll(acknowledgements.paused())) {
          released = true;
          break;
        }
        Thread.sleep(CHECK.toMillis());
      }
      parts.generations().control().forgetAcknowledgements(name, generation);
    } catch (InterruptedException e) {
      // Stopped after the switch: it happened, only the old generation is left for later.
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // The switch happened: what fails now only leaves the old generation for later.
      log.warn(
          "Could not learn whether every instance let go of generation {} of {}: {}",
          previous,
          name.id(),
          e.getMessage());
    }
  }

  private synchronized void switchGeneration(String token) {
    var control = ours();
    if (!token.equals(control.pauseRequested())) {
      throw new LostException("the pause request was withdrawn during the switch");
    }
    if (!parts.generations().control().replace(control, control.switchedTo(generation))) {
      throw new LostException("the control document changed during the switch");
    }
    pauseRequested = null;
    parts.generations().switched(name, generation);
    switched = true;
    log.info("{} switched from generation {} to {}", name.id(), previous, generation);
  }

  /**
   * Applies a poll's records as one batch, as the live intake applies each of its polls ({@code
   * applyAll}: one write per collection, duplicates and gaps handled as one at a time): values that
   * are not events are skipped and counted, events the projection does not fold left out. Applying
   * again what was partly written changes nothing (versions, the offsets sales counted), so a
   * failure retries the whole batch.
   */
  private void applyAll(List<ReplayedRecord> records) throws InterruptedException {
    var events = new ArrayList<PositionedEvent>(records.size());
    for (var record : records) {
      switch (record) {
        case ReplayedRecord.Unreadable unreadable -> {
          log.debug("Skipping {}: {}", unreadable.position(), unreadable.problem());
          parts.metrics().unreadable(name);
        }
        case ReplayedRecord.Readable readable -> {
          if (name.handles(readable.event())) {
            events.add(readable.record());
          }
        }
      }
    }
    if (events.isEmpty()) {
      return;
    }
    var backOff = Duration.ofMillis(200);
    for (int attempt = 1; ; attempt++) {
      try {
        switch (name) {
          case ORDER -> parts.readSides().order(generation, Intake.REBUILD).applyAll(events);
          case STOCK ->
              parts
                  .readSides()
                  .stock(generation, Intake.REBUILD)
                  .applyAll(
                      events.stream().map(event -> (StockLevelChanged) event.event()).toList());
        }
        return;
      } catch (RuntimeException e) {
        // Only the database can fail here (a projector refuses nothing a topic can hold):
        // wait for it a while, then give up the rebuild rather than skip and diverge.
        if (attempt == ATTEMPTS) {
          throw new IllegalStateException(
              "Could not apply the "
                  + events.size()
                  + " records from "
                  + events.getFirst().position()
                  + " in "
                  + ATTEMPTS
                  + " attempts",
              e);
        }
        log.warn(
            "Applying the {} records from {} failed, retrying: {}",
            events.size(),
            events.getFirst().position(),
            e.getMessage());
        Thread.sleep(backOff);
        backOff = min(backOff.multipliedBy(2), Duration.ofSeconds(5));
      }
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** Progress to the control document (the heartbeat), the metric and the log. */
  private void report(Replay replay, RebuildProgress progress) {
    var now = parts.clock().instant();
    var positions = replay.positions();
    var fraction = progress.fraction(positions);
    parts.metrics().progress(name, fraction);
    beat(fraction);
    if (Duration.between(lastLog, now).compareTo(LOG_EVERY) >= 0) {
      log.info("{} generation {} {}", name.id(), generation, progress.bar(positions));
      lastLog = now;
    }
  }

  /**
   * Renews the claim in the control document every {@link #HEARTBEAT}: other instances tell a live
   * rebuild, and a live pause request, from an abandoned one by it. Every write of the control
   * document by this rebuild holds its lock, so the heartbeat never makes the rebuild's own
   * conditional writes (the pause request, the switch) fail.
   */
  private synchronized void beat(double fraction) {
    var gone = lost;
    if (gone != null) {
      throw gone;
    }
    var now = parts.clock().instant();
    if (Duration.between(lastBeat, now).compareTo(HEARTBEAT) >= 0) {
      var control = ours();
      var building = Objects.requireNonNull(control.building(), "ours() has a building");
      if (!parts
          .generations()
          .control()
          .replace(control, control.withBuilding(building.reported(now, fraction)))) {
        throw new LostException("the control document changed under the heartbeat");
      }
      lastBeat = now;
    }
  }

  /** The control document, if it still names this rebuild. */
  private ControlDocument ours() {
    var control = parts.generations().control().find(name).orElseThrow();
    var building = control.building();
    if (building == null
        || !building.owner().equals(owner)
        || building.generation() != generation) {
      throw new LostException("the control document no longer names this rebuild");
    }
    return control;
  }

  /** Clears the control document's rebuild and drops the half-built generation. */
  private synchronized void abandon() {
    try {
      var control = ours();
      parts.generations().control().replace(control, control.withBuilding(null));
      parts.generations().control().forgetAcknowledgements(name, generation);
      parts.readSides().drop(name, generation);
    } catch (RuntimeException e) {
      log.warn(
          "Could not clean up after the rebuild of {} (the next rebuild will): {}",
          name.id(),
          e.getMessage());
    }
  }
}
