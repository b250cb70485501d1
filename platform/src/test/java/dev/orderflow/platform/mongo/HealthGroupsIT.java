package dev.orderflow.platform.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.orderflow.devstack.EmbeddedStack;
import dev.orderflow.devstack.mongo.EmbeddedMongo;
import dev.orderflow.platform.PlatformTestApplication;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The probes of a service whose MongoDB goes away and comes back: liveness stays UP (a restart
 * would not bring the database back), readiness follows MongoDB. A context of its own, with a
 * MongoDB of its own that the test stops, and a consumer group of its own.
 */
@SpringBootTest(
    classes = PlatformTestApplication.class,
    properties = {
      "spring.application.name=platform-health",
      "orderflow.admin.user=admin",
      "orderflow.admin.password=health-password"
    })
@AutoConfigureMockMvc
@DirtiesContext
class HealthGroupsIT {

  private static EmbeddedMongo mongo = EmbeddedMongo.inMemory(0);
  private static final int PORT = mongo.port();

  @Autowired MockMvc mvc;

  @DynamicPropertySource
  static void stack(DynamicPropertyRegistry registry) {
    EmbeddedStack.shared()
        .springProperties("health")
        .forEach((key, value) -> {
          if (!key.equals("spring.mongodb.uri")) {
            registry.add(key, () -> value);
          }
        });
    // The driver's defaults (30 s server selection): the health check bounds its ping itself.
    registry.add("spring.mongodb.uri", () -> "mongodb://localhost:" + PORT + "/health");
  }

  /**
   * MongoDB stops with the context, after it (and the relay's lease release) stopped: closed
   * without it, the release would wait out the driver's server selection.
   */
  @TestConfiguration
  static class StopMongoAfterTheContext {

    @Bean
    DisposableBean stopMongo() {
      return () -> mongo.close();
    }
  }

  @Test
  void liveness_does_not_depend_on_mongodb_and_readiness_does() throws Exception {
    mvc.perform(get("/actuator/health/liveness")).andExpect(status().isOk());
    mvc.perform(get("/actuator/health/readiness")).andExpect(status().isOk());
    mvc.perform(get("/actuator/health/readiness").with(httpBasic("admin", "health-password")))
        .andExpect(jsonPath("$.components.mongo.status").value("UP"));

    mongo.close();

    var started = System.nanoTime();
    mvc.perform(get("/actuator/health/readiness"))
        .andExpect(status().isServiceUnavailable())
        .andExpect(jsonPath("$.status").value("DOWN"));
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("a probe answers within seconds, not after the driver's 30 s server selection")
        .isLessThan(Duration.ofSeconds(3));
    mvc.perform(get("/actuator/health/liveness"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("UP"));
    started = System.nanoTime();
    mvc.perform(get("/actuator/health")).andExpect(status().isServiceUnavailable());
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));

    mongo = EmbeddedMongo.inMemory(PORT);

    await("readiness UP again once MongoDB answers")
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() ->
            mvc.perform(get("/actuator/health/readiness"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP")));
    mvc.perform(get("/actuator/health/liveness")).andExpect(status().isOk());
  }
}
