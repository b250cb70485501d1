package dev.orderflow.platform.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.WriteModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.Codec;

/**
 * Many documents of one collection in one command: what a batch listener writes per poll instead of
 * one command per record. Every command here costs the embedded database a commit (ADR 12), so one
 * per collection per poll is the saving; the per-document outcome is still told, because the
 * callers' per-record paths ({@link InsertIfAbsent}, a compare-and-set) depend on it.
 *
 * <p>Both writes are unordered: a document that loses (its key taken, its revision moved on) does
 * not stop the others, and the caller redoes only the losers, one at a time, on the per-record
 * path.
 */
public final class Bulk {

  private Bulk() {}

  /**
   * A replace of document {@code id} by {@code replacement} (which holds the same {@code _id}),
   * only if its {@code field} (a revision or a version) still holds {@code expected}.
   */
  public record Cas(Object id, String field, long expected, Document replacement) {

    public Cas {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(replacement, "replacement");
    }

    Document filter() {
      // A plain document, not Filters.and(...), which renders as $and: mongo-java-server matches a
      // unique index only when the filter's keys are exactly the index keys.
      return new Document("_id", id).append(field, expected);
    }
  }

  /**
   * Inserts {@code documents} with one unordered {@code insertMany}; answers the indexes (in {@code
   * documents}) of those whose {@code _id} or other unique key was taken, which were not inserted.
   * Every other document is stored. Any error other than a duplicate key is thrown.
   */
  public static Set<Integer> insertAll(
      MongoCollection<Document> collection, List<Document> documents) {
    if (documents.isEmpty()) {
      return Set.of();
    }
    try {
      collection.insertMany(documents, new InsertManyOptions().ordered(false));
      return Set.of();
    } catch (MongoBulkWriteException e) {
      return duplicates(e);
    }
  }

  /**
   * Applies {@code writes} with one unordered {@code bulkWrite}; answers the indexes (in {@code
   * writes}) of those that found an {@code _id} or other unique key taken, and wrote nothing: an
   * upsert whose filter matched nothing while a document it would insert exists, say. Every other
   * write was applied. Any error other than a duplicate key is thrown.
   */
  public static Set<Integer> writeAll(
      MongoCollection<Document> collection, List<? extends WriteModel<Document>> writes) {
    if (writes.isEmpty()) {
      return Set.of();
    }
    try {
      collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
      return Set.of();
    } catch (MongoBulkWriteException e) {
      return duplicates(e);
    }
  }

  /** The indexes of {@code e}'s duplicate keys; {@code e} itself if it holds any other error. */
  private static Set<Integer> duplicates(MongoBulkWriteException e) {
    var duplicates = new HashSet<Integer>();
    for (var error : e.getWriteErrors()) {
      if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
      duplicates.add(error.getIndex());
    }
    if (e.getWriteConcernError() != null) {
      throw e;
    }
    return Set.copyOf(duplicates);
  }

  /**
   * Applies {@code operations} (at most one per document) with one unordered {@code bulkWrite};
   * answers the indexes of the losers, whose document was gone or had moved on, and which the
   * caller redoes on its per-record path.
   *
   * <p>MongoDB reports only how many filters matched, not which. When fewer than all did, one
   * {@code find $in} names them: an operation won if its document is now stored exactly as it wrote
   * it. A document another writer changed since is counted lost too: redoing a won write on an
   * idempotent per-record path is harmless to what is stored, missing a lost one is not. (A caller
   * that tells others of what it wrote must tell them again when its redo finds the write already
   * stored, since the redo itself changes nothing; the same holds after this method throws, once
   * some of its writes may have landed.)
   *
   * <p>So a replacement must say what it applied, as every read model here does (the versions,
   * event ids, record positions it holds): then a rival that stored the very same document at the
   * same revision applied the same, and counting that write as won loses nothing. A document that
   * does not (a bare counter, say: two increments from the same state write the same document)
   * cannot be told apart this way and must not use this method.
   */
  public static Set<Integer> compareAndSetAll(
      MongoCollection<Document> collection, List<Cas> operations) {
    if (operations.isEmpty()) {
      return Set.of();
    }
    var byId = new HashMap<Object, Integer>();
    for (int i = 0; i < operations.size(); i++) {
      if (byId.put(operations.get(i).id(), i) != null) {
        throw new IllegalArgumentException(
            "Two operations on document " + operations.get(i).id() + " in one bulk");
      }
    }
    var models =
        operations.stream()
            .map(op -> new ReplaceOneModel<>(op.filter(), op.replacement()))
            .toList();
    var result = collection.bulkWrite(models, new BulkWriteOptions().ordered(false));
    if (result.getMatchedCount() == operations.size()) {
      return Set.of();
    }
    return losers(collection, operations, byId);
  }

  private static Set<Integer> losers(
      MongoCollection<Document> collection, List<Cas> operations, Map<Object, Integer> byId) {
    Codec<Document> codec = collection.getCodecRegistry().get(Document.class);
    var stored = new HashMap<Object, Document>();
    collection
        .find(new Document("_id", new Document("$in", new ArrayList<>(byId.keySet()))))
        .forEach(document -> stored.put(Objects.requireNonNull(document.get("_id")), document));
    var lost = new HashSet<Integer>();
    for (int i = 0; i < operations.size(); i++) {
      var op = operations.get(i);
      var now = stored.get(op.id());
      // Compared as BSON, field order aside: what a read returns is what was written, in types.
      if (now == null
          || !new RawBsonDocument(now, codec)
              .equals(new RawBsonDocument(op.replacement(), codec))) {
        lost.add(i);
      }
    }
    return Set.copyOf(lost);
  }
}
