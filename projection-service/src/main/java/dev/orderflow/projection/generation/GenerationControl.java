package dev.orderflow.projection.generation;

import java.util.Optional;

/** Where the control documents of the projections are kept. */
public interface GenerationControl {

  Optional<ControlDocument> find(ProjectionName name);

  /** Stores the first control document of a projection; false if there is one already. */
  boolean insert(ControlDocument document);

  /** Replaces {@code current} with {@code next}; false if it changed since it was read. */
  boolean replace(ControlDocument current, ControlDocument next);
}
