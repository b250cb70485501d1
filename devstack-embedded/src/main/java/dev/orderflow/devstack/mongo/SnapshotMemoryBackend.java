package dev.orderflow.devstack.mongo;

import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import java.util.List;
import java.util.function.Supplier;

/**
 * mongo-java-server's in-memory backend with reads that see each document whole, as MongoDB's do.
 *
 * <p>The plain backend changes a stored document in place, field by field, and answers a query with
 * the stored documents themselves, which are encoded onto the wire after the collection's lock is
 * released. A read racing an update could therefore see some fields from before it and some from
 * after: a reservation still {@code RESERVING} at the version its finish had given it, which a
 * compare-and-set then claimed a second time. Here a query is answered with copies taken under the
 * lock; only a write's own look-up gets the stored documents, which it changes. The file-backed
 * store needs none of this: it decodes a new document for every read ({@link BsonCollection}).
 */
final class SnapshotMemoryBackend extends MemoryBackend {

  @Override
  public MemoryDatabase openOrCreateDatabase(String databaseName) {
    return new MemoryDatabase(databaseName, getCursorRegistry()) {
      @Override
      protected MemoryCollection openOrCreateCollection(
          String collectionName, CollectionOptions options) {
        return new SnapshotCollection(this, collectionName, options, cursorRegistry);
      }
    };
  }

  private static final class SnapshotCollection extends MemoryCollection {

    /** Writes under way, all on the thread that holds this collection's lock. */
    private int writing;

    SnapshotCollection(
        MemoryDatabase database, String name, CollectionOptions options, CursorRegistry cursors) {
      super(database, name, options, cursors);
    }

    @Override
    public synchronized Document updateDocuments(
        Document selector,
        Document update,
        ArrayFilters arrayFilters,
        boolean multi,
        boolean upsert,
        Oplog oplog) {
      return write(
          () -> super.updateDocuments(selector, update, arrayFilters, multi, upsert, oplog));
    }

    @Override
    public synchronized Document findAndModify(Document query) {
      return write(() -> super.findAndModify(query));
    }

    @Override
    public synchronized int deleteDocuments(Document selector, int limit, Oplog oplog) {
      return write(() -> super.deleteDocuments(selector, limit, oplog));
    }

    // Called with the lock held, with every document a query matched.
    @Override
    protected QueryResult createQueryResult(List<Document> matched, int batchSize) {
      return super.createQueryResult(
          writing > 0 ? matched : matched.stream().map(Document::cloneDeeply).toList(), batchSize);
    }

    private <T> T write(Supplier<T> write) {
      writing++;
      try {
        return write.get();
      } finally {
        writing--;
      }
    }
  }
}
