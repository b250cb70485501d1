package dev.orderflow.systemtest.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.systemtest.compose.ServiceConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every environment variable a Deployment of {@code deploy/k8s/} gives an orderflow service or the
 * console (its own, and those of the ConfigMaps it takes whole) sets one of that service's
 * configuration properties, as its runnable jar has them: compose's check ({@code
 * ServiceEnvironmentTest}, {@link ServiceConfiguration}) on the Kubernetes manifests. Skipped where
 * the jars have not been built (./mvnw verify builds them first).
 */
class KubernetesEnvironmentTest {

  @TempDir static Path scratch;

  private static final Map<String, ServiceConfiguration> CONFIGURATIONS = new ConcurrentHashMap<>();

  static Stream<Arguments> orderflowContainers() {
    return Kustomize.overlays()
        .flatMap(overlay ->
            Rendered.overlay(overlay).all(Deployment.class).stream()
                .filter(KubernetesRulesTest::isOrderflow)
                .map(deployment -> Arguments.of(overlay, deployment.getMetadata().getName())));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("orderflowContainers")
  void every_variable_given_to_the_service_is_one_of_its_properties(String overlay, String name) {
    var rendered = Rendered.overlay(overlay);
    var container =
        rendered
            .find(Deployment.class, name)
            .orElseThrow()
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .getFirst();
    var configuration = configurationOf(container.getName());

    assertThat(misspelt(configuration, name, KubernetesRulesTest.environment(rendered, container)))
        .isEmpty();
  }

  @Test
  void a_misspelt_variable_is_refused_with_the_right_spelling() {
    var configuration = configurationOf("inventory-service");

    assertThat(
            misspelt(
                configuration,
                "inventory-service",
                Map.of(
                    "SPRING_MONGODB_DATABSE",
                    "inventory",
                    "SPRING_KAFKA_ADMIN_AUTO_CREATE",
                    "false")))
        .containsExactly(
            "inventory-service: SPRING_MONGODB_DATABSE is no configuration property of the service"
                + " (did you mean SPRING_MONGODB_DATABASE?)");
  }

  private static List<String> misspelt(
      ServiceConfiguration configuration, String service, Map<String, String> environment) {
    return configuration.unknownVariables(service, environment.keySet());
  }

  private static ServiceConfiguration configurationOf(String module) {
    return CONFIGURATIONS.computeIfAbsent(
        module, key -> ServiceConfiguration.ofBuiltModule(key, scratch));
  }
}
