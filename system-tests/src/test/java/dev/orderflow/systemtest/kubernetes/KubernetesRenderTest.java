package dev.orderflow.systemtest.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orderflow.systemtest.compose.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each overlay of {@code deploy/k8s/} renders, and every object it renders is valid for its API,
 * read strictly ({@link StrictModels}): no cluster needed, so {@code ./mvnw verify} checks the
 * manifests wherever it runs. The committed renders in {@code deploy/k8s/rendered/} stand in for
 * kustomize where kubectl is missing, and are compared with kustomize's own where it is not
 * (rewritten with {@code -Dorderflow.k8s.regenerate=true}).
 */
class KubernetesRenderTest {

  static Stream<String> overlays() {
    return Kustomize.overlays();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("overlays")
  void every_object_of_the_overlay_is_valid_for_its_api(String overlay) {
    var rendered = Rendered.overlay(overlay);

    assertThat(rendered.all()).hasSizeGreaterThan(20);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("overlays")
  void the_committed_render_is_kustomizes_own(String overlay) throws IOException {
    var kubectl = Kustomize.kubectl();
    assumeTrue(kubectl.isPresent(), "kubectl is not on the PATH: the committed render stands");
    var rendered = Kustomize.build(kubectl.get(), Kustomize.overlayDirectory(overlay));
    if (Boolean.getBoolean("orderflow.k8s.regenerate")) {
      Files.createDirectories(Kustomize.golden(overlay).getParent());
      Files.writeString(Kustomize.golden(overlay), rendered);
    }

    assertThat(Repository.read(Kustomize.golden(overlay)))
        .as(
            "deploy/k8s/rendered/%s.yaml is kubectl kustomize deploy/k8s/overlays/%s; rewrite it"
                + " with -Dorderflow.k8s.regenerate=true",
            overlay, overlay)
        .isEqualTo(rendered);
  }

  static Stream<Arguments> misspellings() {
    return Stream.of(
        Arguments.of("dev", "livenessProbe:", "livenesProbe:"),
        Arguments.of("dev", "terminationGracePeriodSeconds:", "terminationGracePeriod:"),
        Arguments.of("dev", "maxUnavailable: 1", "maxUnavailble: 1"),
        Arguments.of("dev", "topicName:", "topic:"),
        Arguments.of("dev", "networkPolicyPeers:", "networkPolicyPeer:"),
        Arguments.of("dev", "kraftMetadata:", "kraftMetaData:"),
        Arguments.of("dev", "connectionStringSecretName:", "connectionStringSecret:"),
        Arguments.of("dev", "volumeClaimTemplates:", "volumeClaimTemplate:"),
        Arguments.of("prod", "minReplicaCount:", "minReplicasCount:"),
        Arguments.of("prod", "stabilizationWindowSeconds:", "stabilisationWindowSeconds:"),
        Arguments.of("prod", "honorLabels:", "honourLabels:"),
        Arguments.of("prod", "policyTypes:", "policyType:"));
  }

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @MethodSource("misspellings")
  void a_misspelt_field_is_refused_and_named(String overlay, String field, String misspelt) {
    var yaml = Kustomize.render(overlay);
    assertThat(yaml).contains(field);
    var broken =
        yaml.replaceFirst(
            "(?m)(^\\s*(- )?)" + Pattern.quote(field), "$1" + Matcher.quoteReplacement(misspelt));

    assertThatThrownBy(() -> Rendered.read(broken))
        .isInstanceOf(Rendered.InvalidObjectException.class)
        .hasMessageContaining(misspelt.substring(0, misspelt.indexOf(':')));
  }

  @Test
  void a_string_where_the_api_takes_a_number_is_refused() {
    var yaml = Kustomize.render("dev");
    var broken = yaml.replaceFirst("(?m)^  replicas: 1$", "  replicas: \"1\"");
    assertThat(broken).isNotEqualTo(yaml);

    assertThatThrownBy(() -> Rendered.read(broken))
        .isInstanceOf(Rendered.InvalidObjectException.class)
        .hasMessageContaining("replicas");
  }

  @Test
  void a_kind_without_a_model_is_refused() {
    var yaml =
        """
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: sneaked-in
        """;

    assertThatThrownBy(() -> Rendered.read(yaml))
        .hasMessageContaining("no model for apps/v1 DaemonSet");
  }

  /** The check end to end: a typo in a manifest file, rendered by kustomize, fails it. */
  @Test
  void a_typo_in_a_manifest_file_fails_the_check(@TempDir Path copy) throws IOException {
    var kubectl = Kustomize.kubectl();
    assumeTrue(kubectl.isPresent(), "kubectl is not on the PATH");
    copyTree(Repository.file(Kustomize.DEPLOY), copy);
    var manifest = copy.resolve("base/inventory-service.yaml");
    Files.writeString(
        manifest, Files.readString(manifest).replace("readinessProbe:", "readynessProbe:"));

    var rendered = Kustomize.build(kubectl.get(), copy.resolve("overlays/dev"));

    assertThatThrownBy(() -> Rendered.read(rendered))
        .isInstanceOf(Rendered.InvalidObjectException.class)
        .hasMessageContaining("Deployment inventory-service")
        .hasMessageContaining("readynessProbe");
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var paths = Files.walk(from)) {
      for (var path : paths.toList()) {
        var target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
        }
      }
    }
  }
}
