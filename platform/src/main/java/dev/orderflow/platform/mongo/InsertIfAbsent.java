package dev.orderflow.platform.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import org.bson.Document;

/**
 * Inserting a document unless one with the same unique key exists: the building block of every
 * idempotent write here (a duplicate delivery finds its document already there) and of optimistic
 * concurrency (the second of two writers that computed the same key loses).
 */
public final class InsertIfAbsent {

  private InsertIfAbsent() {}

  /**
   * True if {@code document} was inserted, false if its {@code _id} or another unique key was
   * taken.
   */
  public static boolean into(MongoCollection<Document> collection, Document document) {
    try {
      collection.insertOne(document);
      return true;
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return false;
      }
      throw e;
    }
  }
}
