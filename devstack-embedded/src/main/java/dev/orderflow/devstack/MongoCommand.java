package dev.orderflow.devstack;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.orderflow.devstack.mongo.DocumentsWritten;
import dev.orderflow.devstack.supervisor.Readiness;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonParseException;
import org.bson.json.JsonWriterSettings;

/**
 * {@code ./devstack mongo}: a look inside the running stack's MongoDB server (mongo-java-server on
 * the devstack's port), without a MongoDB shell.
 *
 * <pre>
 * ./devstack mongo                                  the databases, with their collections
 * ./devstack mongo DATABASE                         its collections, with their document counts
 *                                                   and the documents written to each
 * ./devstack mongo DATABASE COLLECTION [FILTER]     the documents (FILTER a JSON query), as JSON
 *     [--limit 20] [--sort JSON]
 * </pre>
 */
final class MongoCommand {

  static final java.util.Set<String> OPTIONS = java.util.Set.of("limit", "sort");

  static final int DEFAULT_LIMIT = 20;

  private static final JsonWriterSettings JSON =
      JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).indent(true).build();

  private MongoCommand() {}

  /** What to show, from the command line. */
  record Query(String database, String collection, Document filter, Document sort, int limit) {

    static Query parse(Arguments arguments) {
      var positionals = arguments.positionals();
      if (positionals.size() > 3) {
        throw new IllegalArgumentException(
            "mongo takes a database, a collection and a filter, not " + positionals);
      }
      int limit = arguments.intValue("limit", DEFAULT_LIMIT);
      if (limit < 1) {
        throw new IllegalArgumentException("--limit must be at least 1, was " + limit);
      }
      return new Query(
          positionals.isEmpty() ? "" : positionals.get(0),
          positionals.size() < 2 ? "" : positionals.get(1),
          positionals.size() < 3 ? new Document() : json("the filter", positionals.get(2)),
          json("--sort", arguments.value("sort").orElse("{}")),
          limit);
    }

    private static Document json(String what, String text) {
      try {
        return Document.parse(text);
      } catch (JsonParseException | IllegalArgumentException e) {
        throw new IllegalArgumentException(
            what + " must be a JSON document like {\"status\":\"PENDING\"}, was " + text, e);
      }
    }
  }

  static int run(Arguments arguments, DevstackOptions options, PrintStream out) {
    var query = Query.parse(arguments);
    int port = options.port(Infrastructure.MONGO);
    if (!new Readiness.PortOpen(port).isReady()) {
      throw new DevstackException(
          "mongo is not running on port " + port + " (start ./devstack first)");
    }
    var settings =
        MongoClientSettings.builder()
            .applyConnectionString(new ConnectionString("mongodb://localhost:" + port))
            .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(5, TimeUnit.SECONDS))
            .build();
    try (var client = MongoClients.create(settings)) {
      if (query.database().isEmpty()) {
        for (var database : client.listDatabaseNames()) {
          var collections = new ArrayList<String>();
          client.getDatabase(database).listCollectionNames().forEach(collections::add);
          collections.sort(null);
          out.println(database + "  " + String.join(", ", collections));
        }
        return 0;
      }
      var database = client.getDatabase(query.database());
      var collections = new ArrayList<String>();
      database.listCollectionNames().forEach(collections::add);
      collections.sort(null);
      if (query.collection().isEmpty()) {
        if (collections.isEmpty()) {
          throw new DevstackException(
              "No database '" + query.database() + "' (./devstack mongo lists them)");
        }
        var written = written(client);
        var rows = new ArrayList<List<String>>();
        rows.add(
            written.isEmpty()
                ? List.of("COLLECTION", "DOCUMENTS")
                : List.of("COLLECTION", "DOCUMENTS", "INSERTED", "UPDATED", "DELETED"));
        for (var name : collections) {
          var row = new ArrayList<String>();
          row.add(name);
          row.add(String.valueOf(database.getCollection(name).countDocuments()));
          if (!written.isEmpty()) {
            var counts =
                written.getOrDefault(
                    query.database() + "." + name, new DocumentsWritten.Counts(0, 0, 0));
            row.add(String.valueOf(counts.inserted()));
            row.add(String.valueOf(counts.updated()));
            row.add(String.valueOf(counts.deleted()));
          }
          rows.add(row);
        }
        DeadLetterCommand.print(rows, out);
        if (!written.isEmpty()) {
          out.println(
              "(INSERTED, UPDATED, DELETED: documents written since the mongo part started)");
        }
        return 0;
      }
      if (!collections.contains(query.collection())) {
        throw new DevstackException(
            "No collection '"
                + query.collection()
                + "' in "
                + query.database()
                + (collections.isEmpty() ? "" : "; it has " + String.join(", ", collections)));
      }
      var collection = database.getCollection(query.collection());
      long matching = collection.countDocuments(query.filter());
      int shown = 0;
      for (var document : collection.find(query.filter()).sort(query.sort()).limit(query.limit())) {
        out.println(document.toJson(JSON));
        shown++;
      }
      out.println(
          shown == matching
              ? matching + (matching == 1 ? " document" : " documents")
              : shown + " of " + matching + " documents (--limit " + query.limit() + ")");
      return 0;
    } catch (MongoException e) {
      throw new DevstackException("mongo on port " + port + " answered: " + e.getMessage());
    }
  }

  /** The documents written per collection, or none from a server that does not count them. */
  private static Map<String, DocumentsWritten.Counts> written(MongoClient client) {
    try {
      return DocumentsWritten.read(client);
    } catch (MongoException notCounted) {
      return Map.of();
    }
  }
}
