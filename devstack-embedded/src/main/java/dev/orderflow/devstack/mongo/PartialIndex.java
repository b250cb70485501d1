package dev.orderflow.devstack.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.DefaultQueryMatcher;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryMatcher;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A partial index ({@code partialFilterExpression}): the positions of the documents that match its
 * filter, which a query that repeats the filter's conditions reads instead of the whole collection.
 * mongo-java-server ignores every index that is not unique, so the sweeps' queries ({@code
 * published: false}, a non-empty {@code outbox}, {@code status: PENDING}, and since the saga
 * deadline's reminders ride on the orders' first commits {@code awaitingDecision: true}) would scan
 * and decode every document of their collection, under its lock, every few seconds: about 1.8 ms
 * per thousand documents, growing with the data for as long as a stack runs. With this index they
 * read the few documents still waiting.
 *
 * <p>Kept in memory and filled from the collection when the store opens or the index is created
 * (when the index is created, the service that declares it is starting, before it writes to the
 * collection). The index keys are not used: the positions come back in the order they were added,
 * and the query sorts. Declared sparse, so that a document outside the filter needs no entry.
 */
final class PartialIndex extends Index<Object> {

  private static final String ID = "_id";
  private static final String AND = "$and";

  private final QueryMatcher matcher = new DefaultQueryMatcher();
  private final Document filter;

  /** The position of each matching document, by its {@code _id}. */
  private final Map<Object, Object> positions = new LinkedHashMap<>();

  PartialIndex(String name, List<IndexKey> keys, Document filter) {
    super(name, keys, true);
    this.filter = filter;
  }

  /** The {@code partialFilterExpression} of an index's description, if it has one. */
  static Optional<Document> filterOf(Document description) {
    return description.get("partialFilterExpression") instanceof Document filter
        ? Optional.of(filter)
        : Optional.empty();
  }

  @Override
  public @Nullable Object getPosition(Document document) {
    return null; // not unique: never what tells one document's position
  }

  @Override
  public void checkAdd(Document document, MongoCollection<Object> collection) {}

  @Override
  public synchronized void add(
      Document document, Object position, MongoCollection<Object> collection) {
    if (matcher.matches(document, filter)) {
      positions.put(document.get(ID), position);
    }
  }

  @Override
  public synchronized @Nullable Object remove(Document document) {
    return positions.remove(document.get(ID));
  }

  /**
   * True if {@code query} asks for every condition of the filter, as it is written there, at its
   * top level or in a top-level {@code $and}: then only the documents held here can match it.
   */
  @Override
  public boolean canHandle(Document query) {
    var conditions = new HashMap<String, Object>();
    collect(query, conditions);
    return filter.entrySet().stream()
        .allMatch(condition ->
            conditions.containsKey(condition.getKey())
                && Objects.equals(conditions.get(condition.getKey()), condition.getValue()));
  }

  private static void collect(Document query, Map<String, Object> conditions) {
    for (var entry : query.entrySet()) {
      if (AND.equals(entry.getKey()) && entry.getValue() instanceof List<?> all) {
        for (var each : all) {
          if (each instanceof Document conjunct) {
            collect(conjunct, conditions);
          }
        }
      } else {
        conditions.put(entry.getKey(), entry.getValue());
      }
    }
  }

  @Override
  public synchronized Iterable<Object> getPositions(Document query) {
    return new ArrayList<>(positions.values());
  }

  @Override
  public synchronized long getCount() {
    return positions.size();
  }

  @Override
  public long getDataSize() {
    return 0;
  }

  @Override
  public void checkUpdate(
      Document oldDocument, Document newDocument, MongoCollection<Object> collection) {}

  @Override
  public synchronized void updateInPlace(
      Document oldDocument,
      Document newDocument,
      Object position,
      MongoCollection<Object> collection) {
    positions.remove(oldDocument.get(ID));
    add(newDocument, position, collection);
  }

  @Override
  public synchronized void drop() {
    positions.clear();
  }
}
