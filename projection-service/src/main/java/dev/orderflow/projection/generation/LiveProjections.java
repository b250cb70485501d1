package dev.orderflow.projection.generation;

import dev.orderflow.events.DomainEvent;
import dev.orderflow.events.StockEvent.StockLevelChanged;
import dev.orderflow.projection.Intake;
import dev.orderflow.projection.domain.PositionedEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import org.springframework.stereotype.Component;

/**
 * Applies what the live listener reads to the live generation of every projection that shows it,
 * and measures how far behind the events the read side is: {@code projection_lag_seconds}, from the
 * time an event happened to the time it was applied, per projection. Replayed events are not
 * measured (their lag is their age).
 */
@Component
public class LiveProjections implements Unflushed {

  private final Generations generations;
  private final ReadSides readSides;
  private final Clock clock;
  private final Map<ProjectionName, Timer> lag = new EnumMap<>(ProjectionName.class);

  LiveProjections(Generations generations, ReadSides readSides, Clock clock, MeterRegistry meters) {
    this.generations = generations;
    this.readSides = readSides;
    this.clock = clock;
    for (var name : ProjectionName.values()) {
      lag.put(
          name,
          Timer.builder("projection.lag")
              .description("From the time an event happened to the time a projection applied it")
              .tag("projection", name.id())
              .publishPercentileHistogram()
              .minimumExpectedValue(Duration.ofMillis(1))
              .maximumExpectedValue(Duration.ofMinutes(10))
              .register(meters));
    }
    // Made now, so that their counters exist at zero before the first event.
    order();
    stock();
  }

  public void apply(PositionedEvent record) {
    var event = record.event();
    for (var name : ProjectionName.values()) {
      if (name.handles(event)) {
        switch (name) {
          case ORDER -> order().apply(record);
          case STOCK -> stock().apply((StockLevelChanged) event);
        }
        recordLag(name, event);
      }
    }
  }

  /**
   * Applies a poll's records: the {@code order} projection's as one batch ({@link
   * OrderReadSide#applyAll}), then the stock levels as another ({@link StockReadSide#applyAll}).
   * The generations are those live at the start: a rebuild switches only while the listener is
   * paused, which is between polls.
   */
  public void applyAll(List<PositionedEvent> records) {
    var order = order();
    var stock = stock();
    var ofOrders = new ArrayList<PositionedEvent>(records.size());
    for (var record : records) {
      if (ProjectionName.ORDER.handles(record.event())) {
        ofOrders.add(record);
      }
    }
    order.applyAll(ofOrders);
    ofOrders.forEach(record -> recordLag(ProjectionName.ORDER, record.event()));
    var levels = new ArrayList<StockLevelChanged>();
    for (var record : records) {
      if (ProjectionName.STOCK.handles(record.event())) {
        levels.add((StockLevelChanged) record.event());
      }
    }
    stock.applyAll(levels);
    levels.forEach(level -> recordLag(ProjectionName.STOCK, level));
  }

  /** The live order read side's flush ({@link OrderReadSide#flush}). */
  @Override
  public long flush() {
    return order().flush();
  }

  /** The live order read side's flush of what is due ({@link OrderReadSide#flushDue}). */
  @Override
  public long flushDue() {
    return order().flushDue();
  }

  @Override
  public OptionalLong flushDueAt() {
    return order().orders().flushDueAt();
  }

  @Override
  public boolean allFlushed() {
    return order().orders().allFlushed();
  }

  @Override
  public int unstoredViews() {
    return order().orders().unstoredViews();
  }

  private void recordLag(ProjectionName name, DomainEvent event) {
    var behind = Duration.between(event.occurredAt(), clock.instant());
    Objects.requireNonNull(lag.get(name)).record(behind.isNegative() ? Duration.ZERO : behind);
  }

  public OrderReadSide order() {
    return readSides.order(generations.live(ProjectionName.ORDER), Intake.LIVE);
  }

  public StockReadSide stock() {
    return readSides.stock(generations.live(ProjectionName.STOCK), Intake.LIVE);
  }
}
