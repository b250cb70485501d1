package dev.orderflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClients;
import dev.orderflow.devstack.mongo.EmbeddedMongo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MongoCommandTest {

  @TempDir Path repo;

  private EmbeddedMongo mongo;
  private DevstackOptions options;

  @BeforeEach
  void startMongoWithAnEventStore() {
    mongo = EmbeddedMongo.inMemory(0);
    options = DevstackOptions.defaults(repo).port(Infrastructure.MONGO, mongo.port());
    try (var client = MongoClients.create(mongo.connectionString("orders"))) {
      var events = client.getDatabase("orders").getCollection("events");
      for (int version = 1; version <= 3; version++) {
        events.insertOne(
            new Document("aggregateId", "o-1")
                .append("version", version)
                .append("type", version == 1 ? "OrderPlaced" : "OrderConfirmed"));
      }
      client
          .getDatabase("orders")
          .getCollection("idempotency_keys")
          .insertOne(new Document("k", 1));
    }
  }

  @AfterEach
  void stopMongo() {
    mongo.close();
  }

  private String run(String... arguments) {
    var out = new ByteArrayOutputStream();
    int status =
        MongoCommand.run(
            Arguments.parse(List.of(arguments), Set.of(), MongoCommand.OPTIONS),
            options,
            new PrintStream(out, true, StandardCharsets.UTF_8));
    assertThat(status).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void without_arguments_it_lists_the_databases_with_their_collections() {
    assertThat(run()).contains("orders  events, idempotency_keys");
  }

  @Test
  void a_database_alone_lists_its_collections_with_their_document_counts() {
    assertThat(run("orders"))
        .isEqualTo(
            """
            COLLECTION        DOCUMENTS
            events            3
            idempotency_keys  1
            """);
  }

  /** The stack's own server counts the documents written (mongo/DocumentWrites): shown too. */
  @Test
  void on_the_stacks_own_server_the_documents_written_to_each_collection_are_shown() {
    try (var counting = EmbeddedMongo.onDisk(repo.resolve("data"), 0);
        var client = MongoClients.create(counting.connectionString("orders"))) {
      var commits = client.getDatabase("orders").getCollection("order_commits");
      commits.insertMany(List.of(new Document("_id", "o-1:1"), new Document("_id", "o-2:1")));
      commits.updateOne(
          new Document("_id", "o-1:1"), new Document("$set", new Document("published", true)));
      var reminders = client.getDatabase("orders").getCollection("pending_orders");
      reminders.insertOne(new Document("_id", "o-1"));
      reminders.deleteOne(new Document("_id", "o-1"));
      options = options.port(Infrastructure.MONGO, counting.port());

      assertThat(run("orders"))
          .isEqualTo(
              """
              COLLECTION      DOCUMENTS  INSERTED  UPDATED  DELETED
              order_commits   2          2         1        0
              pending_orders  0          1         0        1
              (INSERTED, UPDATED, DELETED: documents written since the mongo part started)
              """);
    }
  }

  @Test
  void a_filter_a_sort_and_a_limit_choose_the_documents_printed_as_indented_json() {
    var out =
        run(
            "orders",
            "events",
            "{\"type\":\"OrderConfirmed\"}",
            "--sort",
            "{\"version\":-1}",
            "--limit",
            "1");

    assertThat(out).contains("\"version\": 3").doesNotContain("\"version\": 2");
    assertThat(out).contains("\n  \"type\": \"OrderConfirmed\"");
    assertThat(out).endsWith("1 of 2 documents (--limit 1)\n");
  }

  @Test
  void every_document_is_printed_when_fewer_than_the_limit_match() {
    assertThat(run("orders", "events")).endsWith("\n3 documents\n");
  }

  @Test
  void one_match_is_one_document() {
    assertThat(run("orders", "events", "{\"version\":1}")).endsWith("\n1 document\n");
  }

  @Test
  void an_unknown_collection_is_named_with_those_there_are() {
    assertThatThrownBy(() -> run("orders", "evnts"))
        .isInstanceOf(DevstackException.class)
        .hasMessage("No collection 'evnts' in orders; it has events, idempotency_keys");
  }

  @Test
  void a_filter_that_is_not_json_is_refused_with_an_example() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> run("orders", "events", "status=PENDING"))
        .withMessageContaining("{\"status\":\"PENDING\"}");
  }

  @Test
  void a_limit_below_one_is_refused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> run("orders", "events", "--limit", "0"))
        .withMessage("--limit must be at least 1, was 0");
  }

  @Test
  void without_a_running_stack_it_says_so() {
    int free = FreePorts.find();
    options = options.port(Infrastructure.MONGO, free);

    assertThatThrownBy(() -> run("orders"))
        .isInstanceOf(DevstackException.class)
        .hasMessage("mongo is not running on port " + free + " (start ./devstack first)");
  }
}
