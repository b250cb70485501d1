package dev.orderflow.projection.sales;

import dev.orderflow.projection.MongoRevisions;
import dev.orderflow.projection.MongoRevisions.Decision;
import dev.orderflow.projection.domain.ProjectionOutcome;
import dev.orderflow.projection.domain.ProjectionOutcome.Applied;
import dev.orderflow.projection.domain.RecordPosition;
import dev.orderflow.projection.sales.domain.Sales;
import dev.orderflow.projection.sales.domain.SalesBucket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Sales buckets in one generation's {@code sales_g<n>} collection:
 *
 * <pre>{@code
 * { _id: "<sku>|2026-03-01T09", revision, sku, hour, orders, units, revenue, cancelledOrders,
 *   cancelledUnits, cancelledRevenue, offsets: [ { partition: "orders.events-2", offset: 1234 } ] }
 * }</pre>
 *
 * Offsets are a list, not a sub-document keyed by partition: a topic name has dots, which MongoDB
 * reads as paths in field names. A sku's hours are read by primary key ({@code _id $in}); all skus
 * of a time range are a scan, as the README explains.
 */
public class MongoSalesStore implements SalesStore {

  private final MongoRevisions buckets;

  public MongoSalesStore(MongoTemplate mongo, String collection) {
    this.buckets = new MongoRevisions("sales", mongo.getCollection(collection));
    // For MongoDB's range query over every sku; mongo-java-server ignores it and scans.
    buckets.collection().createIndex(new Document("hour", 1));
  }

  /**
   * The sales of each bucket added in memory in record order ({@link SalesBucket#add}: the offsets
   * a bucket keeps skip what it counted, per partition), and each bucket written once: one read,
   * one insert and one replace command for all ({@link MongoRevisions#updateAll}).
   */
  @Override
  public List<ProjectionOutcome<SalesBucket>> addAll(List<Sale> sales) {
    var byBucket = new LinkedHashMap<String, List<Sale>>();
    for (var sale : sales) {
      byBucket.computeIfAbsent(sale.sold().key(), key -> new ArrayList<>()).add(sale);
    }
    var decisions =
        new LinkedHashMap<
            String, Function<Optional<Document>, Decision<List<ProjectionOutcome<SalesBucket>>>>>();
    byBucket.forEach((key, ofBucket) -> decisions.put(key, stored -> addAll(stored, ofBucket)));
    return buckets.updateAll(decisions).values().stream().flatMap(List::stream).toList();
  }

  private static Decision<List<ProjectionOutcome<SalesBucket>>> addAll(
      Optional<Document> stored, List<Sale> sales) {
    var first = sales.getFirst().sold();
    var bucket =
        stored
            .map(MongoSalesStore::bucket)
            .orElseGet(() -> SalesBucket.empty(first.sku(), first.hour()));
    var outcomes = new ArrayList<ProjectionOutcome<SalesBucket>>(sales.size());
    boolean changed = false;
    for (var sale : sales) {
      var outcome = bucket.add(sale.sold(), sale.position());
      outcomes.add(outcome);
      changed |= outcome.changesView();
      bucket = outcome.view();
    }
    return changed ? Decision.write(document(bucket), outcomes) : Decision.keep(outcomes);
  }

  @Override
  public ProjectionOutcome<SalesBucket> add(Sales sold, RecordPosition position) {
    return buckets.update(
        sold.key(),
        stored -> {
          var bucket =
              stored
                  .map(MongoSalesStore::bucket)
                  .orElseGet(() -> SalesBucket.empty(sold.sku(), sold.hour()));
          var outcome = bucket.add(sold, position);
          return outcome instanceof Applied<SalesBucket> applied
              ? Decision.write(document(applied.view()), outcome)
              : Decision.keep(outcome);
        });
  }

  @Override
  public List<Sales> ofSku(String sku, Instant from, Instant to) {
    var ids = new ArrayList<String>();
    for (var hour = from; hour.isBefore(to); hour = hour.plus(Duration.ofHours(1))) {
      ids.add(Sales.key(sku, hour));
    }
    return read(new Document("_id", new Document("$in", ids)));
  }

  @Override
  public List<Sales> between(Instant from, Instant to) {
    return read(
        new Document("hour", new Document("$gte", Date.from(from)).append("$lt", Date.from(to))));
  }

  private List<Sales> read(Document filter) {
    var found =
        buckets
            .collection()
            .find(filter)
            .map(document -> bucket(document).sales())
            .into(new ArrayList<>());
    found.sort(Comparator.comparing(Sales::hour).thenComparing(Sales::sku));
    return found;
  }

  private static Document document(SalesBucket bucket) {
    var sales = bucket.sales();
    return new Document("sku", sales.sku())
        .append("hour", Date.from(sales.hour()))
        .append("orders", sales.orders())
        .append("units", sales.units())
        .append("revenue", new Decimal128(sales.revenue()))
        .append("cancelledOrders", sales.cancelledOrders())
        .append("cancelledUnits", sales.cancelledUnits())
        .append("cancelledRevenue", new Decimal128(sales.cancelledRevenue()))
        .append(
            "offsets",
            bucket.offsets().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(entry ->
                    new Document("partition", entry.getKey()).append("offset", entry.getValue()))
                .toList());
  }

  private static SalesBucket bucket(Document document) {
    var offsets = new HashMap<String, Long>();
    for (var offset : document.getList("offsets", Document.class, List.of())) {
      offsets.put(offset.getString("partition"), offset.getLong("offset"));
    }
    return new SalesBucket(
        new Sales(
            document.getString("sku"),
            document.getDate("hour").toInstant(),
            document.getLong("orders"),
            document.getLong("units"),
            document.get("revenue", Decimal128.class).bigDecimalValue(),
            document.getLong("cancelledOrders"),
            document.getLong("cancelledUnits"),
            document.get("cancelledRevenue", Decimal128.class).bigDecimalValue()),
        offsets);
  }
}
