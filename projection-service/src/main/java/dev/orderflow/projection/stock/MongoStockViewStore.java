package dev.orderflow.projection.stock;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import dev.orderflow.platform.mongo.Bulk;
import dev.orderflow.platform.mongo.Bulk.Cas;
import dev.orderflow.platform.mongo.InsertIfAbsent;
import dev.orderflow.projection.stock.domain.StockView;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Stock views in one generation's {@code stock_views_g<n>} collection: {@code { _id: "<sku>",
 * onHand, reserved, available, version, updatedAt }}.
 */
public class MongoStockViewStore implements StockViewStore {

  private final MongoCollection<Document> views;

  public MongoStockViewStore(MongoTemplate mongo, String collection) {
    this.views = mongo.getCollection(collection);
    // Redundant for MongoDB, which finds {_id, version} through _id alone; but mongo-java-server
    // (tests, ./devstack) scans the whole collection for that filter unless a unique index has
    // exactly these keys, and every replace uses it.
    views.createIndex(new Document("_id", 1).append("version", 1), new IndexOptions().unique(true));
  }

  @Override
  public Optional<StockView> find(String sku) {
    return Optional.ofNullable(views.find(new Document("_id", sku)).first())
        .map(MongoStockViewStore::view);
  }

  @Override
  public boolean insert(StockView view) {
    return InsertIfAbsent.into(views, document(view));
  }

  @Override
  public boolean replace(StockView current, StockView next) {
    // A plain document, not Filters.and(...), which renders as $and: mongo-java-server matches
    // the unique index only when the filter's keys are exactly the index keys.
    var unchanged = new Document("_id", current.sku()).append("version", current.version());
    return views.replaceOne(unchanged, document(next)).getMatchedCount() == 1;
  }

  @Override
  public Map<String, StockView> findAll(Collection<String> skus) {
    var found = new HashMap<String, StockView>();
    if (!skus.isEmpty()) {
      views
          .find(new Document("_id", new Document("$in", List.copyOf(skus))))
          .forEach(document -> found.put(document.getString("_id"), view(document)));
    }
    return found;
  }

  /** One unordered {@code insertMany} for new skus, one {@code bulkWrite} for the others. */
  @Override
  public Set<String> writeAll(List<Write> writes) {
    var inserts = new ArrayList<StockView>();
    var replaces = new ArrayList<Cas>();
    for (var write : writes) {
      var current = write.current();
      if (current == null) {
        inserts.add(write.next());
      } else {
        replaces.add(new Cas(current.sku(), "version", current.version(), document(write.next())));
      }
    }
    var lost = new HashSet<String>();
    Bulk.insertAll(views, inserts.stream().map(MongoStockViewStore::document).toList())
        .forEach(index -> lost.add(inserts.get(index).sku()));
    Bulk.compareAndSetAll(views, replaces)
        .forEach(index -> lost.add((String) replaces.get(index).id()));
    return lost;
  }

  @Override
  public List<StockView> all() {
    return views
        .find()
        .sort(new Document("_id", 1))
        .map(MongoStockViewStore::view)
        .into(new ArrayList<>());
  }

  private static Document document(StockView view) {
    return new Document("_id", view.sku())
        .append("onHand", view.onHand())
        .append("reserved", view.reserved())
        .append("available", view.available())
        .append("version", view.version())
        .append("updatedAt", Date.from(view.updatedAt()));
  }

  private static StockView view(Document document) {
    return new StockView(
        document.getString("_id"),
        document.getInteger("onHand"),
        document.getInteger("reserved"),
        document.getInteger("available"),
        document.getLong("version"),
        document.getDate("updatedAt").toInstant());
  }
}
