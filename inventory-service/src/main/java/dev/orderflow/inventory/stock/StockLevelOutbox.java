package dev.orderflow.inventory.stock;

import static dev.orderflow.inventory.stock.StockDocument.CHANGED_AT;
import static dev.orderflow.inventory.stock.StockDocument.DIRTY;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.CountOptions;
import com.mongodb.client.model.UpdateOneModel;
import dev.orderflow.events.StockEvent.StockLevelChanged;
import dev.orderflow.platform.json.EventJson;
import dev.orderflow.platform.outbox.OutboxMessage;
import dev.orderflow.platform.outbox.OutboxRelay;
import dev.orderflow.platform.outbox.OutboxSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The stock collection as the outbox of its own {@code StockLevelChanged} announcements. A level
 * snapshot needs no separate entry: the document is the snapshot, and {@code dirty} says it has not
 * been announced yet, set in the same write that changed the levels. Only the newest version
 * matters to readers, so a sku changed ten times before the relay gets to it may be announced once.
 *
 * <p>Marking is conditional on the version that was published: if the levels moved on in between,
 * the document stays dirty and the newer version goes out too. In the service the marks wait in
 * {@link Stock} ({@link #holdMarksIn}), to go in the same update as the sku's markers' removal, or
 * not at all when the sku is written again first (issue 19).
 */
@Component
public class StockLevelOutbox implements OutboxSource {

  public static final String NAME = "stock";

  private final MongoCollection<Document> documents;
  private final EventJson json;
  private final OutboxRelay relay;
  private volatile @Nullable Consumer<Map<String, Long>> holder;

  public StockLevelOutbox(MongoTemplate mongo, EventJson json, OutboxRelay relay) {
    this.documents = mongo.getCollection(StockDocument.COLLECTION);
    this.json = json;
    this.relay = relay;
    // For the sweep on real MongoDB. mongo-java-server ignores it and scans the collection (one
    // document per sku), which a sweep every few seconds can afford.
    documents.createIndex(new Document(DIRTY, 1).append(CHANGED_AT, 1));
    relay.register(this);
  }

  /** Hands the levels just written to the relay: the fast path, no polling delay. */
  void announce(Document stock) {
    relay.handOff(List.of(message(stock)));
  }

  /** {@link #announce} for the skus a batch changed: one hand-off, one message per sku. */
  void announceAll(List<Document> stocks) {
    if (!stocks.isEmpty()) {
      relay.handOff(stocks.stream().map(this::message).toList());
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<OutboxMessage> findUnpublished(Instant storedBefore, int limit) {
    var found =
        documents
            .find(
                new Document(DIRTY, true)
                    .append(CHANGED_AT, new Document("$lt", Date.from(storedBefore))))
            .sort(new Document(CHANGED_AT, 1))
            .limit(limit);
    var messages = new ArrayList<OutboxMessage>();
    for (var stock : found) {
      messages.add(message(stock));
    }
    return messages;
  }

  /**
   * The skus dirty since before {@code storedBefore}, one unpublished {@code StockLevelChanged}
   * each, selected as {@link #findUnpublished} selects them (on the index on dirty).
   */
  @Override
  public long countUnpublished(Instant storedBefore, int limit) {
    return documents.countDocuments(
        new Document(DIRTY, true).append(CHANGED_AT, new Document("$lt", Date.from(storedBefore))),
        new CountOptions().limit(limit));
  }

  /**
   * From now on the relay's marks go to {@code holder}, by sku the version published, instead of to
   * MongoDB at once; the holder writes them, as {@link #markPublished} would, or finds them
   * needless.
   */
  void holdMarksIn(Consumer<Map<String, Long>> holder) {
    this.holder = holder;
  }

  @Override
  public void markPublished(List<OutboxMessage> messages) {
    if (messages.isEmpty()) {
      return;
    }
    var held = holder;
    if (held != null) {
      var versions = new LinkedHashMap<String, Long>();
      messages.forEach(
          message -> versions.merge(message.documentId(), message.documentVersion(), Math::max));
      held.accept(versions);
      return;
    }
    // One command for the relay's batch (each command costs the embedded database a commit);
    // unordered, since the marks are independent, each still conditional on its version.
    var marks =
        messages.stream()
            .map(message -> mark(message.documentId(), message.documentVersion()))
            .toList();
    documents.bulkWrite(marks, new BulkWriteOptions().ordered(false));
  }

  /** The mark of {@code version} of a sku's levels as published, if they are still that version. */
  static UpdateOneModel<Document> mark(String sku, long version) {
    return new UpdateOneModel<>(
        StockDocument.atVersion(sku, version), new Document("$set", new Document(DIRTY, false)));
  }

  private OutboxMessage message(Document stock) {
    var levels = StockDocument.levels(stock);
    var event =
        new StockLevelChanged(
            levels.sku(),
            levels.version(),
            StockDocument.changedAt(stock),
            levels.onHand(),
            levels.reserved(),
            levels.available());
    return OutboxMessage.of(NAME, levels.sku(), levels.version(), event, json.write(event));
  }
}
