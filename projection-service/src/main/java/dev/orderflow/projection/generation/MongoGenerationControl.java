package dev.orderflow.projection.generation;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.UpdateOptions;
import dev.orderflow.platform.mongo.InsertIfAbsent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Control documents in the {@code projection_generations} collection:
 *
 * <pre>{@code
 * { _id: "order", revision: 7, live: 3, shape: 2,
 *   building: { generation: 4, owner, startedAt, heartbeatAt, progress: 0.42, pause: "order-g4-…" } }
 * }</pre>
 *
 * A document without {@code shape} was written before shapes were numbered: shape 1. The
 * acknowledgements of a pause request are kept apart, in {@code projection_switch_acks} ({@code
 * {_id: token, projection, generation, paused: [member ids], released: [member ids]}}), written
 * with {@code $addToSet}: the instances add to them while the owner renews the control document
 * every second, and neither write may undo the other. The owner opens the document (with its
 * generation) before it makes the request; one an instance upserted after the owner forgot it has
 * no generation, and is forgotten with any.
 */
@Component
class MongoGenerationControl implements GenerationControl {

  static final String COLLECTION = "projection_generations";
  static final String ACKNOWLEDGEMENTS = "projection_switch_acks";

  private final MongoCollection<Document> documents;
  private final MongoCollection<Document> acknowledgements;

  MongoGenerationControl(MongoTemplate mongo) {
    this.documents = mongo.getCollection(COLLECTION);
    this.acknowledgements = mongo.getCollection(ACKNOWLEDGEMENTS);
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

  @Override
  public void openAcknowledgements(ProjectionName name, int generation, String token) {
    acknowledgements.updateOne(
        new Document("_id", token),
        new Document(
            "$set", new Document("projection", name.id()).append("generation", generation)),
        new UpdateOptions().upsert(true));
  }

  @Override
  public void acknowledgePause(ProjectionName name, String token, Collection<String> members) {
    acknowledgements.updateOne(
        new Document("_id", token),
        new Document("$set", new Document("projection", name.id()))
            .append(
                "$addToSet", new Document("paused", new Document("$each", List.copyOf(members)))),
        new UpdateOptions().upsert(true));
  }

  @Override
  public void withdrawPause(String token, Collection<String> members) {
    acknowledgements.updateOne(
        new Document("_id", token),
        new Document("$pull", new Document("paused", new Document("$in", List.copyOf(members)))));
  }

  @Override
  public void acknowledgeRelease(String token, Collection<String> members) {
    // No upsert: a request its owner forgot needs no more acknowledgements.
    acknowledgements.updateOne(
        new Document("_id", token),
        new Document(
            "$addToSet", new Document("released", new Document("$each", List.copyOf(members)))));
  }

  @Override
  public Acknowledgements acknowledgements(String token) {
    var document = acknowledgements.find(new Document("_id", token)).first();
    if (document == null) {
      return new Acknowledgements(Set.of(), Set.of());
    }
    return new Acknowledgements(members(document, "paused"), members(document, "released"));
  }

  @Override
  public void forgetAcknowledgements(ProjectionName name, int generation) {
    acknowledgements.deleteMany(
        new Document("projection", name.id())
            .append(
                "$or",
                List.of(
                    new Document("generation", new Document("$lte", generation)),
                    new Document("generation", new Document("$exists", false)))));
  }

  private static Set<String> members(Document document, String field) {
    var members = document.getList(field, String.class);
    return members == null ? Set.of() : new HashSet<>(new ArrayList<>(members));
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
      if (building.pause() != null) {
        document.get("building", Document.class).append("pause", building.pause());
      }
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
                building.getDouble("progress"),
                building.getString("pause")),
        document.getLong("revision"),
        document.getInteger("shape", 1));
  }
}
