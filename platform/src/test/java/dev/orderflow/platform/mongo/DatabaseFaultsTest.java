package dev.orderflow.platform.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.orderflow.platform.faults.Faults;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.Set;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The wrapped client hands out one wrapped database per name and one wrapped collection per name
 * and document class, however often they are asked for, and the spared collections unwrapped.
 */
class DatabaseFaultsTest {

  final MongoClient client = mock(MongoClient.class);
  final MongoDatabase database = mock(MongoDatabase.class);
  final MongoDatabase otherDatabase = mock(MongoDatabase.class);
  final MongoClient faulty =
      new DatabaseFaults(new Faults(new SimpleMeterRegistry(), Clock.systemUTC()), Set.of("faults"))
          .around(client);

  @SuppressWarnings("unchecked")
  DatabaseFaultsTest() {
    // The driver makes a new database and collection on every call, as these mocks do.
    when(client.getDatabase("orders")).thenAnswer(call -> database);
    when(client.getDatabase("other")).thenAnswer(call -> otherDatabase);
    when(database.getCollection(anyString())).thenAnswer(call -> mock(MongoCollection.class));
    when(database.getCollection(anyString(), any(Class.class)))
        .thenAnswer(call -> mock(MongoCollection.class));
    when(database.withWriteConcern(any())).thenAnswer(call -> mock(MongoDatabase.class));
  }

  @Test
  void a_database_is_wrapped_once_per_name() {
    var orders = faulty.getDatabase("orders");

    assertThat(Proxy.isProxyClass(orders.getClass())).isTrue();
    assertThat(faulty.getDatabase("orders")).isSameAs(orders);
    assertThat(faulty.getDatabase("other")).isNotSameAs(orders);
  }

  @Test
  void a_collection_is_wrapped_once_per_name_and_document_class() {
    var orders = faulty.getDatabase("orders");
    var events = orders.getCollection("events", Document.class);

    assertThat(Proxy.isProxyClass(events.getClass())).isTrue();
    assertThat(orders.getCollection("events", Document.class)).isSameAs(events);
    assertThat(orders.getCollection("events")).isSameAs(events);
    assertThat(orders.getCollection("events", String.class)).isNotSameAs(events);
    assertThat(orders.getCollection("outbox")).isNotSameAs(events);
  }

  @Test
  void spared_collections_and_with_results_are_not_cached() {
    var orders = faulty.getDatabase("orders");

    var spared = orders.getCollection("faults");
    assertThat(Proxy.isProxyClass(spared.getClass())).isFalse();
    assertThat(orders.getCollection("faults")).isNotSameAs(spared);
    var majority = orders.withWriteConcern(WriteConcern.MAJORITY);
    assertThat(Proxy.isProxyClass(majority.getClass())).isTrue();
    assertThat(orders.withWriteConcern(WriteConcern.MAJORITY)).isNotSameAs(majority);
  }
}
