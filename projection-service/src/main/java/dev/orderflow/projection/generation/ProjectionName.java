package dev.orderflow.projection.generation;

import dev.orderflow.events.DomainEvent;
import dev.orderflow.events.NotificationEvent;
import dev.orderflow.events.OrderEvent;
import dev.orderflow.events.ReservationEvent.StockReleased;
import dev.orderflow.events.ReservationEvent.StockReservationFailed;
import dev.orderflow.events.ReservationEvent.StockReserved;
import dev.orderflow.events.StockEvent.StockLevelChanged;
import dev.orderflow.events.Topic;
import dev.orderflow.events.Topics;
import dev.orderflow.projection.customer.CustomerOrdersStore;
import dev.orderflow.projection.order.OrderViewStore;
import dev.orderflow.projection.sales.SalesStore;
import dev.orderflow.projection.stock.StockViewStore;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The projections that are rebuilt as a unit, each with its own generations. {@code order} holds
 * the order views and everything derived from them (customer histories, sales): the derived models
 * count what the order view applied, so they must be built from the same replay. {@code stock}
 * holds the stock views, which need nothing else.
 *
 * <p>Each has a {@link #shape()}: the version of the documents this build writes and reads. A
 * change of shape takes a new number; a live generation written in an older shape is then rebuilt
 * when the service starts (a read model is rebuilt, never migrated).
 */
public enum ProjectionName {
  ORDER(
      List.of(Topics.ORDER_EVENTS, Topics.INVENTORY_EVENTS, Topics.NOTIFICATION_EVENTS),
      List.of(OrderViewStore.COLLECTION, CustomerOrdersStore.COLLECTION, SalesStore.COLLECTION),
      // 2: a customer's history is one document per order; shape 1 kept an hour of a customer's
      // orders in one, with an index of the hours in "customers", and saga statistics (whose
      // questions order-service's metrics answer) in "saga_statistics". 3: an order view keeps its
      // rejection reason and the trace id of its OrderPlaced record, which views of shape 2 lack.
      3,
      List.of("customers", "saga_statistics")),
  STOCK(List.of(Topics.INVENTORY_EVENTS), List.of(StockViewStore.COLLECTION), 1, List.of());

  private final List<Topic<?>> topics;
  private final List<String> collections;
  private final int shape;
  private final List<String> retired;

  ProjectionName(List<Topic<?>> topics, List<String> collections, int shape, List<String> retired) {
    this.topics = List.copyOf(topics);
    this.collections = List.copyOf(collections);
    this.shape = shape;
    this.retired = List.copyOf(retired);
  }

  /** The version of the documents' shape this build writes and reads. */
  public int shape() {
    return shape;
  }

  /** The name in the admin API and in metrics: {@code order}, {@code stock}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<ProjectionName> byId(String id) {
    for (var name : values()) {
      if (name.id().equals(id)) {
        return Optional.of(name);
      }
    }
    return Optional.empty();
  }

  /** The topics a rebuild replays. */
  public List<String> topics() {
    return topics.stream().map(Topic::name).toList();
  }

  /** The collections of one generation: each base name with the suffix {@code _g<n>}. */
  public List<String> collections(int generation) {
    return collections.stream().map(base -> collection(base, generation)).toList();
  }

  /**
   * The collections of one generation that older shapes had and this one has not: dropped with the
   * generation, like its own.
   */
  public List<String> retiredCollections(int generation) {
    return retired.stream().map(base -> collection(base, generation)).toList();
  }

  /** The base names of the collections, without a generation. */
  public List<String> baseCollections() {
    return collections;
  }

  public static String collection(String base, int generation) {
    return base + "_g" + generation;
  }

  /**
   * Whether the projection shows anything of {@code event}. A new event type does not compile until
   * it is routed here.
   */
  public boolean handles(DomainEvent event) {
    var aboutAnOrder =
        switch (event) {
          case OrderEvent e -> true;
          case StockReserved e -> true;
          case StockReservationFailed e -> true;
          case StockReleased e -> true;
          case NotificationEvent e -> true;
          case StockLevelChanged e -> false;
        };
    return this == ORDER ? aboutAnOrder : !aboutAnOrder;
  }
}
