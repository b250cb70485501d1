package dev.orderflow.projection.rebuild;

/** No projection has this name: a 404. */
class UnknownProjectionException extends RuntimeException {

  UnknownProjectionException(String name) {
    super("No projection named " + name + "; there are order and stock");
  }
}
