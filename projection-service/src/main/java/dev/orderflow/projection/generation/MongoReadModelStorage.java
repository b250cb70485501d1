package dev.orderflow.projection.generation;

import dev.orderflow.platform.json.EventJson;
import dev.orderflow.projection.customer.CustomerOrdersStore;
import dev.orderflow.projection.customer.MongoCustomerOrdersStore;
import dev.orderflow.projection.order.MongoOrderViewStore;
import dev.orderflow.projection.order.OrderViewStore;
import dev.orderflow.projection.sales.MongoSalesStore;
import dev.orderflow.projection.sales.SalesStore;
import dev.orderflow.projection.stock.MongoStockViewStore;
import dev.orderflow.projection.stock.StockViewStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The MongoDB collections of each generation: makes the stores of a generation, drops a generation,
 * and finds the generations that have collections.
 */
@Component
public class MongoReadModelStorage {

  private static final Pattern GENERATION = Pattern.compile("(.+)_g(\\d+)");

  private final MongoTemplate mongo;
  private final EventJson json;

  MongoReadModelStorage(MongoTemplate mongo, EventJson json) {
    this.mongo = mongo;
    this.json = json;
  }

  /** The stores of the {@code order} projection's generation. */
  public record OrderStores(
      OrderViewStore views, CustomerOrdersStore customers, SalesStore sales) {}

  public OrderStores order(int generation) {
    return new OrderStores(
        new MongoOrderViewStore(
            mongo, json, ProjectionName.collection(OrderViewStore.COLLECTION, generation)),
        new MongoCustomerOrdersStore(
            mongo, ProjectionName.collection(CustomerOrdersStore.COLLECTION, generation)),
        new MongoSalesStore(mongo, ProjectionName.collection(SalesStore.COLLECTION, generation)));
  }

  public StockViewStore stock(int generation) {
    return new MongoStockViewStore(
        mongo, ProjectionName.collection(StockViewStore.COLLECTION, generation));
  }

  /** Drops every collection of a generation (those that exist). */
  public void drop(ProjectionName name, int generation) {
    dropExisting(name.collections(generation));
    dropExisting(name.retiredCollections(generation));
  }

  /** The generations of a projection that have at least one collection. */
  public Set<Integer> generationsPresent(ProjectionName name) {
    var present = new TreeSet<Integer>();
    for (var collection : new ArrayList<>(mongo.getCollectionNames())) {
      var matcher = GENERATION.matcher(collection);
      if (matcher.matches() && name.baseCollections().contains(matcher.group(1))) {
        present.add(Integer.parseInt(matcher.group(2)));
      }
    }
    return present;
  }

  /**
   * Drops those of {@code collections} that exist. To MongoDB dropping a missing collection is
   * harmless, but mongo-java-server (./devstack) logs each such drop as an ERROR with a stack
   * trace, which every start of this service would add to its log.
   */
  private void dropExisting(List<String> collections) {
    var existing = mongo.getCollectionNames();
    for (var collection : collections) {
      if (existing.contains(collection)) {
        mongo.dropCollection(collection);
      }
    }
  }
}
