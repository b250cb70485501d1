package dev.orderflow.projection.sales;

import dev.orderflow.projection.domain.ProjectionOutcome;
import dev.orderflow.projection.domain.RecordPosition;
import dev.orderflow.projection.sales.domain.Sales;
import dev.orderflow.projection.sales.domain.SalesBucket;
import java.time.Instant;
import java.util.List;

/** Where the sales buckets of one generation are kept. */
public interface SalesStore {

  /** The collection's name without the generation suffix. */
  String COLLECTION = "sales";

  /** Adds what a record sold to its bucket, unless the record at {@code position} was counted. */
  ProjectionOutcome<SalesBucket> add(Sales sold, RecordPosition position);

  /** What the record at {@code position} sold to one bucket. */
  record Sale(Sales sold, RecordPosition position) {}

  /**
   * {@link #add} for many, in their order: a store that can should write each bucket once, with one
   * command per kind of write.
   *
   * @return every sale's outcome, in no particular order
   */
  default List<ProjectionOutcome<SalesBucket>> addAll(List<Sale> sales) {
    return sales.stream().map(sale -> add(sale.sold(), sale.position())).toList();
  }

  /** The buckets of one sku whose hour starts in {@code [from, to)}, oldest first. */
  List<Sales> ofSku(String sku, Instant from, Instant to);

  /** The buckets of every sku whose hour starts in {@code [from, to)}. */
  List<Sales> between(Instant from, Instant to);
}
