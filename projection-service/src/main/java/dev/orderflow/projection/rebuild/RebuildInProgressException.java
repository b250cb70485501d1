package dev.orderflow.projection.rebuild;

/** A rebuild was asked for while one of the same projection runs: a 409. */
class RebuildInProgressException extends RuntimeException {

  RebuildInProgressException(String projection, int generation) {
    super("Projection " + projection + " is being rebuilt into generation " + generation);
  }
}
