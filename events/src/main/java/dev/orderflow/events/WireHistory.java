package dev.orderflow.events;

import java.util.List;
import java.util.Objects;

/**
 * Every breaking change the wire format has been through, oldest first (ADR 7). Topics keep their
 * events forever and the read side rebuilds from the first one, so a reader turns an event written
 * in an older form into the current one before it binds it (the platform's {@code EventJson} does,
 * with one upcaster per change), and a change stays here for good.
 */
public final class WireHistory {

  /** One breaking change, for the events of one wire type. */
  public sealed interface Change {

    /** The wire type ({@code @JsonTypeName}) of the events it changed. */
    String type();
  }

  /**
   * A value of a field was renamed: events written before say {@code from}, they now say {@code
   * to}. Recognised by content (events carry no schema version), so an event in the current form is
   * left as it is.
   */
  public record ValueRenamed(String type, String field, String from, String to) implements Change {

    public ValueRenamed {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }
  }

  private static final List<Change> CHANGES =
      List.of(
          // OrderCancelled.reason became a closed set (CancellationReason); the one value written
          // before, when it was free text, was cancelled-by-customer.
          new ValueRenamed(
              "OrderCancelled",
              "reason",
              "cancelled-by-customer",
              CancellationReason.CUSTOMER_REQUEST.wire()));

  private WireHistory() {}

  public static List<Change> changes() {
    return CHANGES;
  }
}
