package dev.orderflow.projection.generation;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Where the control documents of the projections are kept, and the acknowledgements of a switch's
 * pause request (ADR 8): which consumer group members paused for it, and which let go of it again
 * once they saw the switch.
 */
public interface GenerationControl {

  Optional<ControlDocument> find(ProjectionName name);

  /** Stores the first control document of a projection; false if there is one already. */
  boolean insert(ControlDocument document);

  /** Replaces {@code current} with {@code next}; false if it changed since it was read. */
  boolean replace(ControlDocument current, ControlDocument next);

  /**
   * Opens the acknowledgements of the pause request {@code token} of the rebuild into {@code
   * generation}, before the request is made, so that they can be forgotten by generation.
   */
  void openAcknowledgements(ProjectionName name, int generation, String token);

  /** Adds consumer group members that stand still for the pause request {@code token}. */
  void acknowledgePause(ProjectionName name, String token, Collection<String> members);

  /**
   * Takes members back out of those that stand still for the pause request {@code token}: their
   * listener resumed while the request may still stand, so the switch must not count on them.
   */
  void withdrawPause(String token, Collection<String> members);

  /** Adds members that saw the pause request {@code token} end, and took what it ended in. */
  void acknowledgeRelease(String token, Collection<String> members);

  /** The acknowledgements of the pause request {@code token} so far. */
  Acknowledgements acknowledgements(String token);

  /**
   * Forgets the acknowledgements of the pause requests of {@code name} made by rebuilds into {@code
   * generation} or an earlier one (those a crashed rebuild left among them); those of a later
   * rebuild, which may have started while this one let go of its own, stay.
   */
  void forgetAcknowledgements(ProjectionName name, int generation);

  /** The members that paused for a request, and those that let go of it again. */
  record Acknowledgements(Set<String> paused, Set<String> released) {

    public Acknowledgements {
      paused = Set.copyOf(paused);
      released = Set.copyOf(released);
    }
  }
}
