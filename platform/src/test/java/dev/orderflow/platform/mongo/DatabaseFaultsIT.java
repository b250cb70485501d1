package dev.orderflow.platform.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.mongodb.MongoTimeoutException;
import dev.orderflow.platform.PlatformTestSupport;
import dev.orderflow.platform.faults.Faults;
import dev.orderflow.platform.kafka.RetryPolicy;
import dev.orderflow.platform.outbox.OutboxAutoConfiguration;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

class DatabaseFaultsIT extends PlatformTestSupport {

  private static final String STORE = "database-faults";

  @Autowired MockMvc mvc;
  @Autowired MongoTemplate mongo;
  @Autowired Faults faults;

  @AfterEach
  void switchOff() throws Exception {
    faults.disable("db-latency");
    mvc.perform(delete("/api/admin/faults/db-outage").with(httpBasic(ADMIN, PASSWORD)))
        .andExpect(status().isOk());
  }

  @Test
  void while_mongodb_is_out_every_store_fails_as_if_unreachable_and_works_again_after()
      throws Exception {
    var id = UUID.randomUUID().toString();
    mongo.insert(new Document("_id", id), STORE);

    mvc.perform(
            put("/api/admin/faults/db-outage")
                .with(httpBasic(ADMIN, PASSWORD))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"enabled\":true}"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.enabled").value(true))
        // Read from the instance registry, which the outage spares.
        .andExpect(jsonPath("$.instances.pending").isEmpty());

    assertThatThrownBy(() -> mongo.findById(id, Document.class, STORE))
        .isInstanceOf(DataAccessResourceFailureException.class)
        .hasRootCauseInstanceOf(MongoTimeoutException.class)
        .satisfies(failure ->
            assertThat(RetryPolicy.classify(failure))
                .as("retried while it lasts, never dead-lettered")
                .isEqualTo(RetryPolicy.Kind.UNAVAILABLE));
    assertThatThrownBy(() -> mongo.getCollection(STORE).insertOne(new Document()))
        .isInstanceOf(MongoTimeoutException.class);
    assertThat(mongo.getCollection(OutboxAutoConfiguration.LEASES).countDocuments())
        .as("the leases are spared")
        .isNotNegative();

    mvc.perform(get("/actuator/health/readiness")).andExpect(status().isServiceUnavailable());
    mvc.perform(get("/actuator/health/liveness")).andExpect(status().isOk());
    mvc.perform(get("/api/admin/faults").with(httpBasic(ADMIN, PASSWORD)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[?(@.name == 'db-outage')].enabled").value(true));

    mvc.perform(delete("/api/admin/faults/db-outage").with(httpBasic(ADMIN, PASSWORD)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.enabled").value(false));

    assertThat(mongo.findById(id, Document.class, STORE)).isNotNull();
    mvc.perform(get("/actuator/health/readiness")).andExpect(status().isOk());
  }

  @Test
  void while_mongodb_is_slow_every_operation_waits_delay_ms() {
    var id = UUID.randomUUID().toString();
    faults.enable("db-latency", Map.of("delayMs", 300L));

    var insert = timed(() -> mongo.insert(new Document("_id", id), STORE));
    var find = timed(() -> mongo.findById(id, Document.class, STORE));
    var raw = timed(() -> mongo.getCollection(STORE).countDocuments());

    assertThat(insert).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(find).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(raw).isGreaterThanOrEqualTo(Duration.ofMillis(300));

    faults.disable("db-latency");
    assertThat(timed(() -> mongo.findById(id, Document.class, STORE)))
        .isLessThan(Duration.ofMillis(300));
  }

  private static Duration timed(Runnable operation) {
    var start = System.nanoTime();
    operation.run();
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
