package dev.orderflow.devstack.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mongo-java-server's H2 backend, durable and with data types of its own. Every command is answered
 * only once the file holds what it did ({@link CommitBeforeAnswer}). Index keys ({@link
 * IndexKeyType}) and documents ({@link BsonType}) have their own types: the backend opens every map
 * with H2's default type, which serialises both with {@code java.io}; under load that was most of
 * the embedded MongoDB's CPU (docs/engineering/benchmarks.md, item 13). A collection keeps its
 * documents as BSON bytes and decodes one when it is read ({@link BsonCollection}).
 *
 * <p>The backend opens its maps by name without saying how; H2 hands back a map already open under
 * that name, so this one opens each map with its type first. The types decide what the file holds,
 * so the file records them as its store version. A file written without them (version 0, with
 * collections in it) is opened as mongo-java-server opens it: read as it was written, more slowly.
 *
 * <p>The documents written are counted per collection ({@link DocumentWrites}) and answered by
 * {@code serverStatus} ({@code metrics.document}) and {@code top}.
 */
final class TypedH2Backend extends H2Backend {

  static final int STORE_VERSION = 1;

  // H2Database names a collection's maps "databases.<database>.<collection>" (its documents) and
  // "meta.<database>.<collection>" (its data size).
  private static final String DOCUMENTS_MAP_PREFIX = "databases.";
  private static final String META_MAP_PREFIX = "meta.";

  private static final Logger log = LoggerFactory.getLogger(TypedH2Backend.class);

  private static final String ADMIN_DATABASE = "admin";
  private static final String TOP = "top";

  /** The description of the index being created on this thread ({@link TypedDatabase}). */
  private static final ThreadLocal<Document> CREATING = new ThreadLocal<>();

  private final CommitBeforeAnswer commits;
  // Made by the first collection opened, which may be during the superclass's constructor (the
  // collections already in the file): no initializer, which would run after it and drop the counts.
  private @Nullable DocumentWrites writes;

  private TypedH2Backend(MVStore store, Runnable whenBroken) {
    super(store);
    this.commits = new CommitBeforeAnswer(store, whenBroken);
  }

  /** Opens or creates {@code file}; with the types unless an earlier version wrote it without. */
  static TypedH2Backend open(Path file) {
    return open(file, () -> {});
  }

  /** As above; {@code whenBroken} is told when the file can no longer be written. */
  static TypedH2Backend open(Path file, Runnable whenBroken) {
    MVStore store = CommitBeforeAnswer.open(file.toString());
    if (store.getStoreVersion() != STORE_VERSION) {
      if (store.getMapNames().stream().anyMatch(name -> name.startsWith(DOCUMENTS_MAP_PREFIX))) {
        log.warn(
            "{} was written before documents were stored as BSON; it is read as it was written,"
                + " more slowly. `./devstack --fresh` starts with an empty one in the faster format.",
            file);
      } else {
        store.setStoreVersion(STORE_VERSION);
        store.commit();
      }
    }
    return new TypedH2Backend(store, whenBroken);
  }

  /** Whether index keys and documents are stored with this class's types. */
  boolean typed() {
    return getMvStore().getStoreVersion() == STORE_VERSION;
  }

  @Override
  public Document handleCommand(
      Channel channel, String databaseName, String command, Document query) {
    if (ADMIN_DATABASE.equals(databaseName) && TOP.equalsIgnoreCase(command)) {
      return writes().top();
    }
    return commits.answer(() -> super.handleCommand(channel, databaseName, command, query));
  }

  /** mongo-java-server's, with the documents written in {@code metrics.document}. */
  @Override
  public Document getServerStatus() {
    var status = super.getServerStatus();
    var metrics = status.get("metrics") instanceof Document given ? given : new Document();
    metrics.put("document", writes().totals());
    status.put("metrics", metrics);
    return status;
  }

  private synchronized DocumentWrites writes() {
    if (writes == null) {
      writes = new DocumentWrites();
    }
    return writes;
  }

  @Override
  public QueryResult handleQuery(MongoQuery query) {
    return commits.answer(() -> super.handleQuery(query));
  }

  @Override
  protected MongoDatabase openOrCreateDatabase(String databaseName) {
    return new TypedDatabase(databaseName);
  }

  @Override
  public void close() {
    commits.close();
    super.close();
  }

  // An inner class on purpose: H2Database's constructor opens the collections and indexes already
  // in the file through the two methods below, and javac sets an inner object's reference to its
  // outer one before calling the superclass constructor, where a field of its own would still be
  // null.
  private final class TypedDatabase extends H2Database {

    private TypedDatabase(String databaseName) {
      super(databaseName, getMvStore(), TypedH2Backend.this.getCursorRegistry());
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(
        String collectionName, CollectionOptions options) {
      if (untyped()) {
        return super.openOrCreateCollection(collectionName, options);
      }
      String namespace = getFullCollectionNamespace(collectionName);
      return new BsonCollection(
          this,
          collectionName,
          options,
          getMvStore()
              .openMap(
                  DOCUMENTS_MAP_PREFIX + namespace,
                  new MVMap.Builder<Object, byte[]>().valueType(BsonType.INSTANCE)),
          getMvStore().openMap(META_MAP_PREFIX + namespace),
          cursorRegistry,
          writes().of(namespace));
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(
        String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
      if (untyped()) {
        return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
      }
      // H2Database names a unique index's map "<database>.<collection>._index_<index>".
      getMvStore()
          .openMap(
              getFullCollectionNamespace(collectionName) + "._index_" + indexName,
              new MVMap.Builder<KeyValue, Object>().keyType(IndexKeyType.INSTANCE));
      return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
    }

    /**
     * Remembers the description of an index being created for {@link #openOrCreateSecondaryIndex},
     * which is told only its keys.
     */
    @Override
    protected void addIndex(Document description) {
      // Nested when the index's collection is created with it (its _id index is added first).
      var outer = CREATING.get();
      CREATING.set(description);
      try {
        super.addIndex(description);
      } finally {
        if (outer == null) {
          CREATING.remove();
        } else {
          CREATING.set(outer);
        }
      }
    }

    /**
     * A partial index ({@link PartialIndex}) where the description has a filter; otherwise what
     * mongo-java-server does with an index that is not unique (nothing). The description is the one
     * being created, or, when the store opens, the one stored with the database's indexes.
     */
    @Override
    protected Index<Object> openOrCreateSecondaryIndex(
        String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
      var creating = CREATING.get();
      var description =
          creating != null && indexName.equals(creating.get("name"))
              ? Optional.of(creating)
              : stored(collectionName, indexName);
      return description
          .flatMap(PartialIndex::filterOf)
          .<Index<Object>>map(filter -> new PartialIndex(indexName, keys, filter))
          .orElseGet(
              () -> super.openOrCreateSecondaryIndex(collectionName, indexName, keys, sparse));
    }

    private Optional<Document> stored(String collectionName, String indexName) {
      var found =
          getOrCreateIndexesCollection()
              .handleQuery(
                  new Document("name", indexName)
                      .append("ns", getFullCollectionNamespace(collectionName)));
      var each = found.iterator();
      return each.hasNext() ? Optional.of(each.next()) : Optional.empty();
    }

    /** A file written before the types, read as it was written. */
    private boolean untyped() {
      return !typed();
    }
  }
}
