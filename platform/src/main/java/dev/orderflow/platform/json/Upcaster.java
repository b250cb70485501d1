package dev.orderflow.platform.json;

import tools.jackson.databind.node.ObjectNode;

/**
 * Turns an event as an older writer put it on the wire into the shape this reader knows, before it
 * is bound to its record. Events carry no schema version, so an upcaster recognises the old shape
 * by its content and leaves an event already in the current shape as it is. The wire's history, one
 * upcaster per breaking change, is {@link WireHistory}.
 */
public interface Upcaster {

  /** The wire type ({@code @JsonTypeName}) of the events it may change. */
  String type();

  /** Rewrites the event in place, if it is in the old shape. */
  void upcast(ObjectNode event);
}
