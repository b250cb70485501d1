package dev.orderflow.projection;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import dev.orderflow.platform.concurrency.CompareAndSet;
import dev.orderflow.platform.concurrency.CompareAndSet.Contended;
import dev.orderflow.platform.concurrency.CompareAndSet.Round;
import dev.orderflow.platform.concurrency.ContentionException;
import dev.orderflow.platform.mongo.Bulk;
import dev.orderflow.platform.mongo.Bulk.Cas;
import dev.orderflow.platform.mongo.InsertIfAbsent;
import dev.orderflow.platform.mongo.LastWritten;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.Codec;
import org.jspecify.annotations.Nullable;

/**
 * Read, decide, write back only if nobody wrote in between: the optimistic single-document update
 * every derived read model uses, one {@link CompareAndSet} round per attempt. A document carries a
 * {@code revision} that each write increments; a replace names the revision it read, and a miss
 * means "read again and decide again". No multi-document transaction, so the same code runs on
 * MongoDB and on mongo-java-server. What it wrote last is remembered ({@link LastWritten}), as
 * encoded BSON, so a document's next update decides on that without reading it first, and on
 * exactly what a read would return.
 */
public final class MongoRevisions {

  private final String kind;
  private final MongoCollection<Document> collection;
  private final Codec<Document> codec;
  private final LastWritten<String, RawBsonDocument> written = new LastWritten<>();

  /**
   * @param kind what the documents are, for {@link ContentionException}: {@code sales}, say
   */
  public MongoRevisions(String kind, MongoCollection<Document> collection) {
    this.kind = kind;
    this.collection = collection;
    this.codec = collection.getCodecRegistry().get(Document.class);
    // Redundant for MongoDB, which finds {_id, revision} through _id alone; mongo-java-server
    // scans the whole collection for that filter unless a unique index has exactly these keys.
    collection.createIndex(
        new Document("_id", 1).append("revision", 1), new IndexOptions().unique(true));
  }

  public MongoCollection<Document> collection() {
    return collection;
  }

  public Optional<Document> find(String id) {
    return Optional.ofNullable(collection.find(new Document("_id", id)).first());
  }

  /**
   * What to do with a document: store {@code next} (its {@code _id} and {@code revision} are filled
   * in), or nothing when it is null; {@code result} is handed back either way.
   */
  public record Decision<R>(@Nullable Document next, R result) {

    public static <R> Decision<R> write(Document next, R result) {
      return new Decision<>(next, result);
    }

    public static <R> Decision<R> keep(R result) {
      return new Decision<>(null, result);
    }
  }

  /**
   * Reads document {@code id}, lets {@code decide} say what it becomes, and writes that back if the
   * document did not change since it was read; otherwise starts over, in place.
   *
   * @throws ContentionException when the document kept changing for {@link CompareAndSet#ATTEMPTS}
   *     rounds (a listener retries the record later)
   */
  public <R> R update(String id, Function<Optional<Document>, Decision<R>> decide) {
    return CompareAndSet.until(
        Contended.of(kind, id),
        CompareAndSet.ATTEMPTS,
        () -> {
          var remembered = written.take(id).map(raw -> raw.decode(codec));
          var current = remembered.isPresent() ? remembered : find(id);
          var decision = decide.apply(current);
          var next = decision.next();
          if (next == null) {
            // Nothing to write, so nothing checked a remembered document: decide on the stored one.
            return remembered.isEmpty() ? Round.done(decision.result()) : Round.lost();
          }
          return write(id, current, next) ? Round.done(decision.result()) : Round.lost();
        });
  }

  /**
   * {@link #update} for many documents at once, in three commands at most: the documents not
   * remembered are read with one {@code find $in}, new ones inserted with one unordered {@code
   * insertMany}, the others replaced with one {@code bulkWrite} on {@code {_id, revision}}. A
   * document whose write lost (another writer came in between), or that needs no write but was
   * decided on a remembered state, goes through {@link #update} on its own; so {@code decide} may
   * be called twice for a document, and has to depend on nothing but what it is given.
   *
   * @return the result of each document's decision, by id
   */
  public <R> Map<String, R> updateAll(
      Map<String, Function<Optional<Document>, Decision<R>>> decisions) {
    var remembered = new HashMap<String, Document>();
    var unknown = new ArrayList<String>();
    for (var id : decisions.keySet()) {
      written
          .take(id)
          .ifPresentOrElse(raw -> remembered.put(id, raw.decode(codec)), () -> unknown.add(id));
    }
    var read = new HashMap<String, Document>();
    if (!unknown.isEmpty()) {
      collection
          .find(new Document("_id", new Document("$in", unknown)))
          .forEach(document -> read.put(document.getString("_id"), document));
    }
    var results = new HashMap<String, R>();
    var oneByOne = new ArrayList<String>();
    var inserts = new ArrayList<Document>();
    var replaces = new ArrayList<Cas>();
    var pending = new HashMap<String, R>();
    for (var entry : decisions.entrySet()) {
      var id = entry.getKey();
      var current =
          Optional.ofNullable(remembered.containsKey(id) ? remembered.get(id) : read.get(id));
      var decision = entry.getValue().apply(current);
      var next = decision.next();
      if (next == null) {
        if (remembered.containsKey(id)) {
          oneByOne.add(id);
        } else {
          results.put(id, decision.result());
        }
        continue;
      }
      var revision = current.map(document -> document.getLong("revision")).orElse(0L);
      var stored = withKey(next, id, revision + 1);
      if (current.isEmpty()) {
        inserts.add(stored);
      } else {
        replaces.add(new Cas(id, "revision", revision, stored));
      }
      pending.put(id, decision.result());
    }
    var lost = new HashSet<String>();
    Bulk.insertAll(collection, inserts)
        .forEach(index -> lost.add(inserts.get(index).getString("_id")));
    Bulk.compareAndSetAll(collection, replaces)
        .forEach(index -> lost.add((String) replaces.get(index).id()));
    for (var stored : inserts) {
      remember(stored, lost, pending, results);
    }
    for (var cas : replaces) {
      remember(cas.replacement(), lost, pending, results);
    }
    oneByOne.addAll(lost);
    for (var id : oneByOne) {
      results.put(id, update(id, Objects.requireNonNull(decisions.get(id))));
    }
    return results;
  }

  private <R> void remember(
      Document stored, Set<String> lost, Map<String, R> pending, Map<String, R> results) {
    var id = stored.getString("_id");
    if (!lost.contains(id)) {
      written.put(id, new RawBsonDocument(stored, codec));
      results.put(id, Objects.requireNonNull(pending.get(id)));
    }
  }

  private boolean write(String id, Optional<Document> current, Document next) {
    long revision = current.map(document -> document.getLong("revision")).orElse(0L);
    var stored = withKey(next, id, revision + 1);
    // The replace's filter is a plain document, not Filters.and(...), which renders as $and:
    // mongo-java-server matches the unique index only when the filter's keys are exactly its keys.
    boolean done =
        current.isEmpty()
            ? InsertIfAbsent.into(collection, stored)
            : collection
                    .replaceOne(new Document("_id", id).append("revision", revision), stored)
                    .getMatchedCount()
                == 1;
    if (done) {
      written.put(id, new RawBsonDocument(stored, codec));
    }
    return done;
  }

  private static Document withKey(Document content, String id, long revision) {
    var document = new Document("_id", id).append("revision", revision);
    content.forEach((key, value) -> {
      if (!key.equals("_id") && !key.equals("revision")) {
        document.append(key, value);
      }
    });
    return document;
  }
}
