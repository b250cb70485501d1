package dev.orderflow.systemtest.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.devstack.DevstackOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every service's runnable jar, and so its image, carries a CycloneDX SBOM of what it ships: every
 * runtime dependency with its version and package URL, none of the test ones.
 */
class SbomTest {

  private static final String ENTRY = "META-INF/sbom/application.cdx.json";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "order-service",
        "inventory-service",
        "notification-service",
        "projection-service"
      })
  void the_runnable_jar_carries_an_sbom_of_what_it_ships(String service) throws IOException {
    var sbom = sbom(service);

    assertThat(sbom.path("bomFormat").asString()).isEqualTo("CycloneDX");
    assertThat(sbom.path("metadata").path("component").path("name").asString()).isEqualTo(service);
    var names = new ArrayList<String>();
    for (var component : sbom.path("components")) {
      names.add(component.path("name").asString());
      assertThat(component.path("version").asString()).as(component.toString()).isNotBlank();
      assertThat(component.path("purl").asString())
          .as(component.toString())
          .startsWith("pkg:maven/");
    }
    assertThat(names)
        .contains("spring-kafka", "spring-boot", "platform", "events")
        .doesNotContain("junit-jupiter-api", "assertj-core", "devstack");
  }

  @Test
  void the_consoles_runnable_jar_carries_one_too_without_kafka_or_the_platform()
      throws IOException {
    var sbom = sbom("console");

    assertThat(sbom.path("metadata").path("component").path("name").asString())
        .isEqualTo("console");
    var names = new ArrayList<String>();
    sbom.path("components").forEach(component -> names.add(component.path("name").asString()));
    assertThat(names)
        .contains("spring-cloud-gateway-server-webmvc", "uplot", "webjars-locator-lite")
        .doesNotContain("spring-kafka", "platform", "events", "junit-jupiter-api");
  }

  private static JsonNode sbom(String service) throws IOException {
    var root = Path.of(System.getProperty("orderflow.root", "..")).toAbsolutePath().normalize();
    var jar =
        root.resolve(service)
            .resolve("target")
            .resolve(service + "-" + DevstackOptions.VERSION + "-exec.jar");
    try (var file = new JarFile(jar.toFile())) {
      assertThat(file.getManifest().getMainAttributes().getValue("Sbom-Location"))
          .as("Sbom-Location in the manifest of " + jar.getFileName())
          .isEqualTo(ENTRY);
      var entry = file.getJarEntry(ENTRY);
      assertThat(entry).as(ENTRY + " in " + jar.getFileName()).isNotNull();
      try (var in = file.getInputStream(entry)) {
        return JsonMapper.builder().build().readTree(in);
      }
    }
  }
}
