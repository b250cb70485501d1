package dev.orderflow.projection.generation;

import dev.orderflow.projection.Intake;
import dev.orderflow.projection.OutcomeMetrics;
import dev.orderflow.projection.customer.CustomerOrdersProjection;
import dev.orderflow.projection.order.OrderProjection;
import dev.orderflow.projection.sales.SalesProjection;
import dev.orderflow.projection.stock.StockProjection;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The read sides of every generation in use, made once each (making one creates its indexes). The
 * live intake's announce their changes to the live stream, and write their order views behind
 * ({@link WriteBehindProperties}); a rebuild's stay quiet, since replaying history is not news, and
 * store each poll before the next.
 */
@Component
public class ReadSides {

  private record Key(int generation, Intake intake) {}

  private final MongoReadModelStorage storage;
  private final MeterRegistry meters;
  private final ApplicationEventPublisher changes;
  private final OrderProjection.@Nullable WritesBehind liveViewsBehind;
  private final Map<Key, OrderReadSide> orders = new ConcurrentHashMap<>();
  private final Map<Key, StockReadSide> stocks = new ConcurrentHashMap<>();

  /** Read sides that store every poll's order views before it ends. */
  ReadSides(
      MongoReadModelStorage storage, MeterRegistry meters, ApplicationEventPublisher changes) {
    this(storage, meters, changes, new WriteBehindProperties(Duration.ZERO, Duration.ZERO));
  }

  /** The live intake's order views written behind unless {@code writeBehind} says zero. */
  @Autowired
  ReadSides(
      MongoReadModelStorage storage,
      MeterRegistry meters,
      ApplicationEventPublisher changes,
      WriteBehindProperties writeBehind) {
    this.storage = storage;
    this.meters = meters;
    this.changes = changes;
    this.liveViewsBehind =
        writeBehind.orderViews().isZero()
            ? null
            : new OrderProjection.WritesBehind(
                writeBehind.orderViews(), writeBehind.pendingOrders());
  }

  public OrderReadSide order(int generation, Intake intake) {
    return orders.computeIfAbsent(
        new Key(generation, intake),
        key -> {
          var stores = storage.order(generation);
          var announce = announcer(intake);
          return new OrderReadSide(
              generation,
              new OrderProjection(
                  stores.views(),
                  metrics(OrderProjection.NAME, intake),
                  announce,
                  intake == Intake.LIVE ? liveViewsBehind : null),
              new CustomerOrdersProjection(
                  stores.customers(), metrics(CustomerOrdersProjection.NAME, intake)),
              new SalesProjection(stores.sales(), metrics(SalesProjection.NAME, intake)));
        });
  }

  public StockReadSide stock(int generation, Intake intake) {
    return stocks.computeIfAbsent(
        new Key(generation, intake),
        key ->
            new StockReadSide(
                generation,
                new StockProjection(
                    storage.stock(generation),
                    metrics(StockProjection.NAME, intake),
                    announcer(intake))));
  }

  /** Drops a generation's collections, and forgets its read sides. */
  public void drop(ProjectionName name, int generation) {
    var made =
        switch (name) {
          case ORDER -> orders;
          case STOCK -> stocks;
        };
    made.keySet().removeIf(key -> key.generation() == generation);
    storage.drop(name, generation);
  }

  /** The generations of a projection that have collections. */
  public Set<Integer> generationsPresent(ProjectionName name) {
    return storage.generationsPresent(name);
  }

  private OutcomeMetrics metrics(String readModel, Intake intake) {
    return new OutcomeMetrics(readModel, intake, meters);
  }

  private ApplicationEventPublisher announcer(Intake intake) {
    return intake == Intake.LIVE ? changes : change -> {};
  }
}
