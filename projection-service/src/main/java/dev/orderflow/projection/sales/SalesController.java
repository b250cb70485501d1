package dev.orderflow.projection.sales;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.orderflow.events.Bounds;
import dev.orderflow.platform.web.Identifier;
import dev.orderflow.projection.LiveReadModel;
import dev.orderflow.projection.Paging;
import dev.orderflow.projection.sales.domain.Sales;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/sales}: units and revenue sold per sku and hour, the hours whose start lies in
 * {@code [from, to)} (ISO instants, rounded down to the hour; by default the last 24 hours). With
 * {@code sku} only that sku's hours, read by primary key; without, every sku's.
 */
@RestController
class SalesController {

  static final Duration LONGEST_RANGE = Duration.ofDays(31);

  private final LiveReadModel<SalesProjection> sales;
  private final Clock clock;

  SalesController(LiveReadModel<SalesProjection> sales, Clock clock) {
    this.sales = sales;
    this.clock = clock;
  }

  @GetMapping("/api/sales")
  List<HourlySales> sales(
      @RequestParam(required = false) @Identifier @Nullable String sku,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
          @Nullable Instant from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
          @Nullable Instant to) {
    for (var bound : new Instant[] {from, to}) {
      if (bound != null && (bound.isBefore(Bounds.EARLIEST) || bound.isAfter(Bounds.LATEST))) {
        throw Paging.invalid(
            bound == from ? "from" : "to",
            "must be within " + Bounds.EARLIEST + ".." + Bounds.LATEST);
      }
    }
    var end =
        (to == null ? clock.instant().plus(Duration.ofHours(1)) : to).truncatedTo(ChronoUnit.HOURS);
    var start = (from == null ? end.minus(Duration.ofDays(1)) : from).truncatedTo(ChronoUnit.HOURS);
    if (!start.isBefore(end) || Duration.between(start, end).compareTo(LONGEST_RANGE) > 0) {
      throw Paging.invalid(
          "from", "must be before 'to', at most " + LONGEST_RANGE.toDays() + " days earlier");
    }
    var buckets =
        sku == null ? sales.current().between(start, end) : sales.current().ofSku(sku, start, end);
    return buckets.stream().map(HourlySales::of).toList();
  }

  /** A sku's hour as answered: its sales, and what is left of them after cancellations. */
  record HourlySales(@JsonUnwrapped Sales sales, long netUnits, BigDecimal netRevenue) {

    static HourlySales of(Sales sales) {
      return new HourlySales(sales, sales.netUnits(), sales.netRevenue());
    }
  }
}
