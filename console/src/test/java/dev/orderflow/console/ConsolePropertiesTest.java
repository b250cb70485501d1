package dev.orderflow.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class ConsolePropertiesTest {

  private final ApplicationContextRunner context =
      new ApplicationContextRunner().withUserConfiguration(Properties.class);

  @Test
  void by_default_the_services_are_on_their_usual_ports_and_there_is_no_jaeger() {
    context.run(started -> {
      var properties = started.getBean(ConsoleProperties.class);
      assertThat(properties.services().byRoute())
          .containsExactly(
              entry("order", "order-service", "http://localhost:8081"),
              entry("inventory", "inventory-service", "http://localhost:8082"),
              entry("notification", "notification-service", "http://localhost:8083"),
              entry("projection", "projection-service", "http://localhost:8084"));
      assertThat(properties.jaegerUrl()).isNull();
    });
  }

  @Test
  void each_address_is_set_by_its_own_property() {
    context
        .withPropertyValues(
            "orderflow.console.services.order=http://order-service:8081",
            "orderflow.console.jaeger-url=http://localhost:16686/")
        .run(started -> {
          var properties = started.getBean(ConsoleProperties.class);
          assertThat(properties.services().order())
              .containsExactly(URI.create("http://order-service:8081"));
          assertThat(properties.services().inventory())
              .containsExactly(URI.create("http://localhost:8082"));
          assertThat(new SettingsController(properties).settings().jaegerUrl())
              .isEqualTo("http://localhost:16686");
        });
  }

  @Test
  void a_service_of_several_instances_has_their_addresses_separated_by_commas_the_first_first() {
    context
        .withPropertyValues(
            "orderflow.console.services.projection=http://localhost:8084, http://localhost:8184")
        .run(started ->
            assertThat(started.getBean(ConsoleProperties.class).services().byRoute())
                .containsEntry(
                    "projection",
                    new ConsoleProperties.Upstream(
                        "projection-service",
                        List.of(
                            URI.create("http://localhost:8084"),
                            URI.create("http://localhost:8184")))));
  }

  @Test
  void an_address_the_proxy_could_not_call_stops_the_start_and_names_its_property() {
    for (var wrong :
        new String[] {
          "localhost:8082",
          "ftp://localhost:8082",
          "http://inventory:8082/api",
          "http://localhost:8082,localhost:8092",
          "http://localhost:8082,,http://localhost:8092"
        }) {
      context
          .withPropertyValues("orderflow.console.services.inventory=" + wrong)
          .run(started ->
              assertThat(started)
                  .hasFailed()
                  .getFailure()
                  .rootCause()
                  .hasMessageContaining("orderflow.console.services.inventory must be an http(s)"));
    }
  }

  @Test
  void a_service_without_an_address_stops_the_start_and_names_its_property() {
    context
        .withPropertyValues("orderflow.console.services.order=")
        .run(started ->
            assertThat(started)
                .hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("orderflow.console.services.order must name at least one"));
  }

  private static java.util.Map.Entry<String, ConsoleProperties.Upstream> entry(
      String route, String service, String url) {
    return java.util.Map.entry(
        route, new ConsoleProperties.Upstream(service, List.of(URI.create(url))));
  }

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(ConsoleProperties.class)
  static class Properties {}
}
