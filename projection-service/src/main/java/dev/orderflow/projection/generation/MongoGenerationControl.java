package dev.orderflow.projection.generation;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import dev.orderflow.platform.mongo.InsertIfAbsent;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Control documents in the {@code projection_generations} collection:
 *
 * <pre>{@code
 * { _id: "order", revision: 7, live: 3, shape: 2,
 *   building: { generation: 4, owner, startedAt, heartbeatAt, progress: 0.42 } }
 * }</pre>
 *
 * A document without {@code shape} was written before shapes were numbered: shape 1.
 */
@Component
class MongoGenerationControl implements GenerationControl {

  static final String COLLECTION = "projection_generations";

  private final MongoCollection<Document> documents;

  MongoGenerationControl(MongoTemplate mongo) {
    this.documents = mongo.getCollection(COLLECTION);
    // Makes mongo-java-server answer the compare-and-set filter {_id, revision} from an index.
    documents.createIndex(
        new Document("_id", 1).append("revision", 1), new IndexOptions().unique(true));
  }

  @Override
  public Optional<ControlDocument> find(ProjectionName name) {
    return Optional.ofNullable(documents.find(new Document("_id", name.id())).first())
        .map(document -> control(name, document));
  }

  @Override
  public boolean insert(ControlDocument document) {
    return InsertIfAbsent.into(documents, document(document, 1));
  }

  @Override
  public boolean replace(ControlDocument current, ControlDocument next) {
    var unchanged = new Document("_id", current.name().id()).append("revision", current.revision());
    return documents.replaceOne(unchanged, document(next, current.revision() + 1)).getMatchedCount()
        == 1;
  }

  private static Document document(ControlDocument control, long revision) {
    var document =
        new Document("_id", control.name().id())
            .append("revision", revision)
            .append("live", control.live())
            .append("shape", control.shape());
    var building = control.building();
    if (building != null) {
      document.append(
          "building",
          new Document("generation", building.generation())
              .append("owner", building.owner())
              .append("startedAt", Date.from(building.startedAt()))
              .append("heartbeatAt", Date.from(building.heartbeatAt()))
              .append("progress", building.progress()));
    }
    return document;
  }

  private static ControlDocument control(ProjectionName name, Document document) {
    var building = document.get("building", Document.class);
    return new ControlDocument(
        name,
        document.getInteger("live"),
        building == null
            ? null
            : new ControlDocument.Building(
                building.getInteger("generation"),
                building.getString("owner"),
                building.getDate("startedAt").toInstant(),
                building.getDate("heartbeatAt").toInstant(),
                building.getDouble("progress")),
        document.getLong("revision"),
        document.getInteger("shape", 1));
  }
}
