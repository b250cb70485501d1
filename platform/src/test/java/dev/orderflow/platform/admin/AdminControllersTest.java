package dev.orderflow.platform.admin;

import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.orderflow.devstack.mongo.EmbeddedMongo;
import dev.orderflow.platform.faults.Fault;
import dev.orderflow.platform.faults.FaultSharingProperties;
import dev.orderflow.platform.faults.Faults;
import dev.orderflow.platform.faults.FaultsUnavailableException;
import dev.orderflow.platform.faults.ServiceWideFaults;
import dev.orderflow.platform.instance.InstanceName;
import dev.orderflow.platform.kafka.AlreadyRedrivenException;
import dev.orderflow.platform.kafka.DeadLetter;
import dev.orderflow.platform.kafka.DeadLetterInbox;
import dev.orderflow.platform.kafka.UnknownDeadLetterException;
import dev.orderflow.platform.web.ClientLimits;
import dev.orderflow.platform.web.LimitsProperties;
import dev.orderflow.platform.web.RequestProblems;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The admin API's contract in a web slice, with its security, in seconds: no broker, and for a
 * database only an in-memory MongoDB for the faults (the dead-letter inbox is a stand-in). {@code
 * AdminApiIT} runs it against a running service.
 */
@WebMvcTest
@ContextConfiguration(classes = AdminControllersTest.Slice.class)
@TestPropertySource(
    properties = {"orderflow.admin.user=admin", "orderflow.admin.password=slice-password"})
class AdminControllersTest {

  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @Configuration(proxyBeanMethods = false)
  @EnableWebSecurity
  @EnableConfigurationProperties(LimitsProperties.class)
  @Import({
    AdminSecurityConfiguration.class,
    FaultsController.class,
    DeadLettersController.class,
    AdminProblems.class,
    RequestProblems.class
  })
  static class Slice {

    @Bean
    MeterRegistry meters() {
      return new SimpleMeterRegistry();
    }

    @Bean
    Faults faults(MeterRegistry meters) {
      var faults = new Faults(meters, Clock.fixed(T0, ZoneOffset.UTC));
      faults.register("slow", "Slows things down.", Fault.Parameter.milliseconds("delayMs", 500));
      return faults;
    }

    @Bean(destroyMethod = "close")
    EmbeddedMongo mongoServer() {
      return EmbeddedMongo.inMemory(0);
    }

    @Bean
    MongoClient mongoClient(EmbeddedMongo server) {
      return MongoClients.create(server.connectionString("slice"));
    }

    @Bean
    ServiceWideFaults serviceWideFaults(Faults faults, MongoClient client, MeterRegistry meters) {
      return new ServiceWideFaults(
          faults,
          new MongoTemplate(client, "slice"),
          new InstanceName("slice:8080"),
          new FaultSharingProperties(
              Duration.ofMillis(250),
              Duration.ofSeconds(2),
              Duration.ofSeconds(6),
              Duration.ofSeconds(1)),
          meters,
          Clock.fixed(T0, ZoneOffset.UTC));
    }

    @Bean
    ClientLimits clientLimits(LimitsProperties properties, MeterRegistry meters) {
      return new ClientLimits(properties, meters);
    }
  }

  @Autowired MockMvc http;
  @MockitoBean DeadLetterInbox inbox;
  @MockitoSpyBean ServiceWideFaults shared;

  @Test
  void without_the_admins_credentials_every_admin_request_is_401_with_a_challenge()
      throws Exception {
    http.perform(get("/api/admin/faults"))
        .andExpect(status().isUnauthorized())
        .andExpect(header().string("WWW-Authenticate", "Basic realm=\"orderflow admin\""))
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:unauthorized"));
    http.perform(
            get("/api/admin/dead-letters")
                .with(request -> basic(request, "admin", "not-the-password")))
        .andExpect(status().isUnauthorized());
  }

  @Test
  void faults_are_listed_switched_on_with_bounded_parameters_and_off() throws Exception {
    http.perform(admin(get("/api/admin/faults")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[0].name").value("slow"))
        .andExpect(jsonPath("$[0].enabled").value(false))
        .andExpect(jsonPath("$[0].parameters.delayMs").value(500));

    http.perform(admin(json(put("/api/admin/faults/slow"), "{\"enabled\":true,\"delayMs\":50}")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.enabled").value(true))
        .andExpect(jsonPath("$.since").value("2026-03-01T10:00:00Z"))
        .andExpect(jsonPath("$.parameters.delayMs").value(50))
        .andExpect(jsonPath("$.instances.applied[0]").value("slice:8080"))
        .andExpect(jsonPath("$.instances.pending").isEmpty());
    http.perform(admin(get("/api/admin/faults")))
        .andExpect(jsonPath("$[0].enabled").value(true))
        .andExpect(jsonPath("$[0].instances.applied[0]").value("slice:8080"));

    http.perform(admin(json(put("/api/admin/faults/slow"), "{\"enabled\":false}")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.enabled").value(false));
  }

  @Test
  void a_switch_while_mongodb_is_away_is_a_503_problem() throws Exception {
    doThrow(new FaultsUnavailableException("MongoDB does not answer", new RuntimeException()))
        .when(shared)
        .disable("slow");

    http.perform(admin(delete("/api/admin/faults/slow")))
        .andExpect(status().isServiceUnavailable())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:faults-unavailable"));
  }

  @Test
  void while_mongodb_is_away_the_faults_still_list_without_their_instances() throws Exception {
    when(shared.instances()).thenReturn(null);

    http.perform(admin(get("/api/admin/faults")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[0].name").value("slow"))
        .andExpect(jsonPath("$[0].enabled").isBoolean())
        .andExpect(jsonPath("$[0].instances").isEmpty());
  }

  @Test
  void a_fault_request_the_api_cannot_take_is_a_4xx_problem() throws Exception {
    http.perform(admin(json(put("/api/admin/faults/nothing-of-that-name"), "{}")))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:unknown-fault"));
    http.perform(admin(json(put("/api/admin/faults/slow"), "{\"enabled\":\"yes\"}")))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:invalid-request"));
    http.perform(admin(json(put("/api/admin/faults/slow"), "{\"delayMs\":1.5}")))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("delayMs must be a whole number"));
  }

  @Test
  void dead_letters_are_listed_and_sent_back_once() throws Exception {
    var letter =
        new DeadLetter(
            "orders.events.DLT:1:42",
            "orders.events.DLT",
            1,
            42,
            "orders.events",
            "o-1",
            "java.lang.IllegalArgumentException",
            "quantity must be positive",
            T0,
            "{}",
            null);
    when(inbox.list()).thenReturn(List.of(letter));
    when(inbox.redrive("orders.events.DLT", 1, 42)).thenReturn(letter);
    when(inbox.redrive("orders.events.DLT", 1, 43))
        .thenThrow(new AlreadyRedrivenException("orders.events.DLT:1:43"));
    when(inbox.redrive("orders.events.DLT", 1, 44))
        .thenThrow(new UnknownDeadLetterException("orders.events.DLT:1:44"));

    http.perform(admin(get("/api/admin/dead-letters")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[0].id").value("orders.events.DLT:1:42"))
        .andExpect(jsonPath("$[0].status").value("DEAD"));
    http.perform(admin(post("/api/admin/dead-letters/orders.events.DLT/1/42/redrive")))
        .andExpect(status().isOk());
    http.perform(admin(post("/api/admin/dead-letters/orders.events.DLT/1/43/redrive")))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:already-redriven"));
    http.perform(admin(post("/api/admin/dead-letters/orders.events.DLT/1/44/redrive")))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:unknown-dead-letter"));
    http.perform(admin(post("/api/admin/dead-letters/orders.events.DLT/one/44/redrive")))
        .andExpect(status().isBadRequest());
  }

  private static MockHttpServletRequestBuilder admin(MockHttpServletRequestBuilder request) {
    return request.with(r -> basic(r, "admin", "slice-password"));
  }

  private static MockHttpServletRequestBuilder json(
      MockHttpServletRequestBuilder request, String body) {
    return request.contentType(MediaType.APPLICATION_JSON).content(body);
  }

  private static org.springframework.mock.web.MockHttpServletRequest basic(
      org.springframework.mock.web.MockHttpServletRequest request, String user, String password) {
    var token =
        java.util.Base64.getEncoder()
            .encodeToString(
                (user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    request.addHeader("Authorization", "Basic " + token);
    return request;
  }
}
