package dev.orderflow.systemtest.compose;

import static dev.orderflow.systemtest.compose.ComposeFile.asList;
import static dev.orderflow.systemtest.compose.ComposeFile.asMap;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Prometheus and Grafana of docker-compose.yml find what they are given: the files their containers
 * are told to read are mounted from files that exist (the rules directory {@code PROMETHEUS_RULES}
 * chooses, the runbooks the alerts link to), Prometheus scrapes the services where they listen, and
 * Grafana's dashboards use the data sources it is provisioned with (Prometheus; Jaeger).
 */
class MonitoringConfigurationTest {

  private final ComposeFile compose = ComposeFile.load();
  private final ComposeService prometheus = compose.service("prometheus");
  private final ComposeService grafana = compose.service("grafana");

  @Test
  void prometheus_scrapes_every_service_by_its_compose_name_and_port() {
    var config = prometheusConfigFile();

    assertThat(ComposeRules.prometheusScrapesTheServices(compose, Repository.read(config)))
        .isEmpty();
  }

  @Test
  void prometheus_reads_a_mounted_configuration_and_rules_directory() {
    var config = prometheusConfigFile();
    Map<String, Object> settings = yaml(config);

    for (Object ruleFiles : asList(settings.get("rule_files"))) {
      var directory = Path.of(String.valueOf(ruleFiles)).getParent().toString();
      assertThat(hostPathOf(prometheus, directory))
          .as("rule files " + ruleFiles)
          .hasValueSatisfying(host -> assertThat(host).isDirectory());
    }
  }

  @Test
  void prometheus_loads_the_rules_directory_compose_is_told_to() {
    assertThat(hostPathOf(prometheus, "/etc/prometheus/rules"))
        .hasValue(Repository.file("infra/prometheus/rules"));

    var training = new HashMap<>(ComposeFile.REQUIRED);
    training.put("PROMETHEUS_RULES", "rules-training");
    var drills = ComposeFile.load(Repository.composeFile(), training).service("prometheus");
    assertThat(hostPathOf(drills, "/etc/prometheus/rules"))
        .hasValue(Repository.file("infra/prometheus/rules-training"));
  }

  @Test
  void prometheus_serves_the_runbooks_its_alerts_link_to_at_its_published_address() {
    var assets = option(prometheus, "--web.user-assets=");
    var externalUrl = URI.create(option(prometheus, "--web.external-url="));

    // runbook_url is {{ $externalURL }}/user/runbooks/<alert>.md (AlertRulesTest).
    assertThat(hostPathOf(prometheus, assets)).hasValue(Repository.file("docs"));
    for (var alert : AlertRulesTest.alertNames()) {
      assertThat(Repository.file("docs/runbooks/" + alert + ".md")).isRegularFile();
    }
    assertThat(externalUrl.getHost()).isEqualTo("localhost");
    assertThat(prometheus.ports())
        .extracting(ComposeService.PublishedPort::hostPort)
        .contains(String.valueOf(externalUrl.getPort()));
  }

  @Test
  void grafana_queries_the_prometheus_and_the_jaeger_of_compose() {
    var datasources = provisioned("datasources");
    assertThat(datasources)
        .extracting(datasource -> datasource.get("type"))
        .contains("prometheus", "jaeger");
    for (var datasource : datasources) {
      var url = URI.create(String.valueOf(datasource.get("url")));
      assertThat(compose.services()).containsKey(url.getHost());
      assertThat(compose.service(url.getHost()).ports())
          .extracting(ComposeService.PublishedPort::containerPort)
          .contains(url.getPort());
    }
  }

  @Test
  void grafana_provisions_dashboards_from_a_mounted_directory_that_has_some() {
    var providers = provisioned("dashboards");
    assertThat(providers).isNotEmpty();
    for (var provider : providers) {
      var path = String.valueOf(asMap(provider.get("options")).get("path"));
      var directory = hostPathOf(grafana, path);
      assertThat(directory).as(path).hasValueSatisfying(host -> assertThat(host).isDirectory());
      assertThat(jsonFiles(directory.orElseThrow())).as("dashboards in " + path).isNotEmpty();
    }
  }

  @Test
  void every_dashboard_has_an_identity_and_uses_a_provisioned_data_source() {
    var datasourceUids = new HashSet<String>();
    provisioned("datasources")
        .forEach(datasource -> datasourceUids.add(String.valueOf(datasource.get("uid"))));
    var dashboards = jsonFiles(Repository.file("infra/grafana/dashboards"));
    assertThat(dashboards).isNotEmpty();

    for (Path file : dashboards) {
      JsonNode dashboard = JsonMapper.builder().build().readTree(Repository.read(file));
      assertThat(dashboard.path("uid").asString("")).as(file + " uid").isNotBlank();
      assertThat(dashboard.path("title").asString("")).as(file + " title").isNotBlank();
      assertThat(dashboard.path("panels").size()).as(file + " panels").isPositive();
      assertThat(datasourceUidsIn(dashboard)).as(file + " data sources").isSubsetOf(datasourceUids);
    }
  }

  @Test
  void every_dashboard_draws_the_faults_switched_on_as_annotations_from_prometheus() {
    for (Path file : jsonFiles(Repository.file("infra/grafana/dashboards"))) {
      JsonNode dashboard = JsonMapper.builder().build().readTree(Repository.read(file));
      var faults = new ArrayList<JsonNode>();
      for (var annotation : dashboard.path("annotations").path("list")) {
        if (annotation.path("expr").asString("").contains("faults_active")) {
          faults.add(annotation);
        }
      }

      assertThat(faults).as(file + " fault annotations").hasSize(1);
      var annotation = faults.get(0);
      assertThat(annotation.path("datasource").path("uid").asString()).isEqualTo("prometheus");
      assertThat(annotation.path("enable").asBoolean()).as(file + " shown").isTrue();
      assertThat(annotation.path("titleFormat").asString()).contains("{{name}}");
      assertThat(annotation.path("textFormat").asString()).contains("{{application}}");
    }
  }

  @Test
  void every_variable_a_dashboard_query_uses_is_defined_with_a_value_for_all() {
    var used = Pattern.compile("\\$\\{?([A-Za-z]\\w*)");
    for (Path file : jsonFiles(Repository.file("infra/grafana/dashboards"))) {
      JsonNode dashboard = JsonMapper.builder().build().readTree(Repository.read(file));
      var defined = new HashSet<String>();
      for (var variable : dashboard.path("templating").path("list")) {
        defined.add(variable.path("name").asString());
        assertThat(variable.path("includeAll").asBoolean()).as(file + " All").isTrue();
        assertThat(variable.path("allValue").asString("")).as(file + " allValue").isNotBlank();
      }
      var queries = new ArrayList<String>();
      dashboard.findValues("expr").forEach(expr -> queries.add(expr.asString()));
      for (var query : queries) {
        used.matcher(query)
            .results()
            .map(match -> match.group(1))
            .forEach(name -> assertThat(defined).as(file + ": " + query).contains(name));
      }
    }
  }

  @Test
  void grafana_lets_anyone_view_and_opens_on_a_dashboard_that_exists() {
    var environment = grafana.environment();

    assertThat(environment)
        .containsEntry("GF_AUTH_ANONYMOUS_ENABLED", "true")
        .containsEntry("GF_AUTH_ANONYMOUS_ORG_ROLE", "Viewer");
    assertThat(hostPathOf(grafana, environment.get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH")))
        .hasValueSatisfying(home -> assertThat(home).isRegularFile());
  }

  private Path prometheusConfigFile() {
    var path = option(prometheus, "--config.file=");
    var file = hostPathOf(prometheus, path);
    assertThat(file).as(path).hasValueSatisfying(host -> assertThat(host).isRegularFile());
    return file.orElseThrow();
  }

  /** The value of a {@code --name=value} option of the service's command. */
  private static String option(ComposeService service, String prefix) {
    return service.command().stream()
        .filter(argument -> argument.startsWith(prefix))
        .findFirst()
        .map(argument -> argument.substring(prefix.length()))
        .orElseThrow(() -> new AssertionError(service.name() + " has no " + prefix));
  }

  /**
   * The entries of Grafana's provisioning files of one kind (datasources, dashboards providers).
   */
  private List<Map<String, Object>> provisioned(String kind) {
    var directory = hostPathOf(grafana, "/etc/grafana/provisioning/" + kind).orElseThrow();
    var key = kind.equals("datasources") ? "datasources" : "providers";
    var entries = new ArrayList<Map<String, Object>>();
    for (Path file : files(directory, ".yml", ".yaml")) {
      asList(yaml(file).get(key)).forEach(entry -> entries.add(asMap(entry)));
    }
    return entries;
  }

  /** Where a container path of the service comes from on the host, through its bind mounts. */
  private static Optional<Path> hostPathOf(ComposeService service, String containerPath) {
    return service.mounts().stream()
        .filter(ComposeService.Mount::bind)
        .filter(mount ->
            containerPath.equals(mount.target()) || containerPath.startsWith(mount.target() + "/"))
        .max((a, b) -> Integer.compare(a.target().length(), b.target().length()))
        .map(mount ->
            Repository.root()
                .resolve(mount.source())
                .resolve(containerPath.substring(mount.target().length()).replaceFirst("^/", ""))
                .normalize());
  }

  private static Set<String> datasourceUidsIn(JsonNode node) {
    var uids = new HashSet<String>();
    if (node.isObject()) {
      var datasource = node.path("datasource");
      if (datasource.isObject() && datasource.has("uid")) {
        uids.add(datasource.path("uid").asString());
      }
      node.values().forEach(child -> uids.addAll(datasourceUidsIn(child)));
    } else if (node.isArray()) {
      node.values().forEach(child -> uids.addAll(datasourceUidsIn(child)));
    }
    return uids;
  }

  private static Map<String, Object> yaml(Path file) {
    return asMap(new Yaml(new SafeConstructor(new LoaderOptions())).load(Repository.read(file)));
  }

  private static List<Path> jsonFiles(Path directory) {
    return files(directory, ".json");
  }

  private static List<Path> files(Path directory, String... suffixes) {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(file -> Stream.of(suffixes).anyMatch(file.toString()::endsWith))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
