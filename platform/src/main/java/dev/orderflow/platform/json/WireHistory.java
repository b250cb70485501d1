package dev.orderflow.platform.json;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every breaking change the wire format has been through, as the upcasters that read the old form
 * (ADR 7). Topics keep their events forever and the read side rebuilds from the first one, so an
 * upcaster stays as long as an event in the old form may be read: in practice, for good.
 */
public final class WireHistory {

  /**
   * {@code OrderCancelled.reason} became a closed set ({@code CancellationReason}), and the one
   * value written before, {@code cancelled-by-customer}, is now {@code customer-request}.
   */
  static final Upcaster CANCELLED_BY_CUSTOMER =
      new Upcaster() {
        @Override
        public String type() {
          return "OrderCancelled";
        }

        @Override
        public void upcast(ObjectNode event) {
          if ("cancelled-by-customer".equals(event.path("reason").asString(null))) {
            event.put("reason", "customer-request");
          }
        }
      };

  private static final List<Upcaster> ALL = List.of(CANCELLED_BY_CUSTOMER);

  private WireHistory() {}

  public static List<Upcaster> upcasters() {
    return ALL;
  }
}
