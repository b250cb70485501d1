package dev.orderflow.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class ClientLimitsTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final ClientLimits limits =
      new ClientLimits(
          new LimitsProperties(Map.of(ClientLimits.WRITES, new LimitsProperties.Limit(1, 3)), 100),
          meters);

  @Test
  void a_client_beyond_its_burst_is_refused_with_when_to_retry_and_counted() {
    for (int i = 0; i < 3; i++) {
      limits.charge(ClientLimits.WRITES, "10.0.0.1");
    }

    assertThatThrownBy(() -> limits.charge(ClientLimits.WRITES, "10.0.0.1"))
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            refused -> {
              assertThat(refused.retryAfter())
                  .isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
              assertThat(refused.getMessage()).contains("1 writes requests a second (3 at once)");
            });
    assertThat(meters.get("http.rate.limited").tag("limit", "writes").counter().count()).isOne();
  }

  @Test
  void one_client_flooding_takes_nothing_from_another() {
    assertThatThrownBy(
            () -> {
              for (int i = 0; i < 10; i++) {
                limits.charge(ClientLimits.WRITES, "10.0.0.1");
              }
            })
        .isInstanceOf(RateLimitedException.class);

    for (int i = 0; i < 3; i++) {
      limits.charge(ClientLimits.WRITES, "10.0.0.2");
    }
  }

  @Test
  void the_limits_not_configured_have_their_defaults_and_every_one_is_counted_from_zero() {
    for (int i = 0; i < 10; i++) {
      limits.charge(ClientLimits.STREAM, "10.0.0.1");
    }
    assertThatThrownBy(() -> limits.charge(ClientLimits.STREAM, "10.0.0.1"))
        .isInstanceOf(RateLimitedException.class);

    assertThat(meters.get("http.rate.limited").tag("limit", "admin").counter().count()).isZero();
    assertThatThrownBy(() -> limits.charge("nonsense", "10.0.0.1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_limit_is_raised_from_the_environment_as_the_docs_say() {
    var environment =
        new SystemEnvironmentPropertySource(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
            Map.of(
                "ORDERFLOW_LIMITS_CLIENTS_WRITES_PERSECOND", "1000",
                "ORDERFLOW_LIMITS_CLIENTS_WRITES_BURST", "2000"));
    var bound =
        new Binder(ConfigurationPropertySources.from(environment))
            .bindOrCreate("orderflow.limits", LimitsProperties.class);

    assertThat(bound.clients())
        .containsEntry(ClientLimits.WRITES, new LimitsProperties.Limit(1000, 2000));
  }
}
