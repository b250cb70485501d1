package dev.orderflow.platform.json;

import dev.orderflow.events.WireHistory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns an event as an older writer put it on the wire into the shape this reader knows, before it
 * is bound to its record. Events carry no schema version, so an upcaster recognises the old shape
 * by its content and leaves an event already in the current shape as it is. The wire's history is
 * the contract's ({@link WireHistory}); {@link #of} makes the upcaster of each kind of change.
 */
public interface Upcaster {

  /** The wire type ({@code @JsonTypeName}) of the events it may change. */
  String type();

  /** Rewrites the event in place, if it is in the old shape. */
  void upcast(ObjectNode event);

  /** The upcaster of one change in the wire's history. */
  static Upcaster of(WireHistory.Change change) {
    return switch (change) {
      case WireHistory.ValueRenamed renamed ->
          new Upcaster() {
            @Override
            public String type() {
              return renamed.type();
            }

            @Override
            public void upcast(ObjectNode event) {
              if (renamed.from().equals(event.path(renamed.field()).asString(null))) {
                event.put(renamed.field(), renamed.to());
              }
            }
          };
    };
  }
}
