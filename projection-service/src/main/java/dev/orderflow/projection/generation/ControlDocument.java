package dev.orderflow.projection.generation;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which generation of a projection queries read ({@code live}), and the one being rebuilt, if any.
 * One document per projection: switching generations is one conditional write of it, so queries see
 * either the old generation or the new one, never a mix.
 *
 * @param revision incremented by every write; a write names the revision it read
 * @param shape the {@link ProjectionName#shape()} the live generation was written in
 */
public record ControlDocument(
    ProjectionName name, int live, @Nullable Building building, long revision, int shape) {

  /** A control document of a generation written in the shape of this build. */
  public ControlDocument(
      ProjectionName name, int live, @Nullable Building building, long revision) {
    this(name, live, building, revision, name.shape());
  }

  public ControlDocument {
    Objects.requireNonNull(name, "name");
    if (live < 1) {
      throw new IllegalArgumentException("Generations start at 1, not " + live);
    }
  }

  /**
   * A rebuild in progress, as its owner last reported it.
   *
   * @param owner the process that runs it; nobody else touches the generation
   * @param heartbeatAt when the owner last reported; a rebuild whose owner stopped reporting for
   *     {@link #ABANDONED_AFTER} died with its process
   * @param progress consumed records over those to replay, 0 to 1
   * @param pause while the owner switches: the token of its request that every instance pause its
   *     live listener and acknowledge (ADR 8); null otherwise
   */
  public record Building(
      int generation,
      String owner,
      Instant startedAt,
      Instant heartbeatAt,
      double progress,
      @Nullable String pause) {

    public static final Duration ABANDONED_AFTER = Duration.ofSeconds(15);

    public Building {
      Objects.requireNonNull(owner, "owner");
      Objects.requireNonNull(startedAt, "startedAt");
      Objects.requireNonNull(heartbeatAt, "heartbeatAt");
    }

    /** A rebuild that asks no instance to pause. */
    public Building(
        int generation, String owner, Instant startedAt, Instant heartbeatAt, double progress) {
      this(generation, owner, startedAt, heartbeatAt, progress, null);
    }

    public boolean abandoned(Instant now) {
      return heartbeatAt.plus(ABANDONED_AFTER).isBefore(now);
    }

    public Building reported(Instant at, double progress) {
      return new Building(generation, owner, startedAt, at, progress, pause);
    }

    /** The same rebuild, asking every instance to pause under {@code token}, or no longer. */
    public Building pausing(@Nullable String token) {
      return new Building(generation, owner, startedAt, heartbeatAt, progress, token);
    }
  }

  public ControlDocument withBuilding(@Nullable Building building) {
    return new ControlDocument(name, live, building, revision, shape);
  }

  /**
   * Queries move to the generation that was being built, in this build's shape; nothing is being
   * built any more.
   */
  public ControlDocument switchedTo(int generation) {
    return new ControlDocument(name, generation, null, revision, name.shape());
  }

  /** The token of the running rebuild's request that every instance pause, if it asks. */
  public @Nullable String pauseRequested() {
    return building == null ? null : building.pause();
  }

  /** True if the live generation was written in an older shape than this build reads. */
  public boolean outdated() {
    return shape < name.shape();
  }
}
