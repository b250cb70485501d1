package dev.orderflow.systemtest.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.events.Topic;
import dev.orderflow.events.Topics;
import dev.orderflow.systemtest.compose.Repository;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The project's rules for its Kubernetes manifests, on each rendered overlay: the topics, the
 * autoscaling, the alerts and dashboards, and what every Deployment must have (probes on the right
 * health groups, a memory limit that holds the heap, a graceful stop, a PodDisruptionBudget, a
 * Service), with nothing secret in them.
 */
class KubernetesRulesTest {

  /** projection-service's changes topic (orderflow.stream.topic's default, StreamProperties). */
  static final String CHANGES_TOPIC = "projections.changes";

  /**
   * What a JVM needs besides its heap (metaspace, code cache, thread stacks, direct buffers), at
   * least: the console measured 225 MB resident with a 128 MB heap (docker-compose.yml), a service
   * idles at ~330 MB with a 256 MB one.
   */
  static final long NON_HEAP_MIB = 128;

  /** Spring Boot's default spring.lifecycle.timeout-per-shutdown-phase. */
  static final Duration DEFAULT_SHUTDOWN_PHASE = Duration.ofSeconds(30);

  static final Set<String> ORDERFLOW_COMPONENTS = Set.of("service", "console");

  static Stream<String> overlays() {
    return Kustomize.overlays();
  }

  // --- topics ---------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @MethodSource("overlays")
  void every_topic_of_the_catalogue_and_its_dead_letters_is_a_kafka_topic(String overlay) {
    var rendered = Rendered.overlay(overlay);
    var expected = new TreeSet<String>();
    for (Topic<?> topic : Topics.all()) {
      expected.add(topic.name());
      expected.add(topic.deadLetter());
    }
    expected.add(CHANGES_TOPIC);

    assertThat(topicNames(rendered)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("overlays")
  void event_topics_share_one_partition_count_and_the_services_replication(String overlay) {
    var rendered = Rendered.overlay(overlay);
    var services = servicesConfiguration(rendered);
    var eventTopics =
        rendered.all(KafkaTopic.class).stream()
            .filter(topic -> !topic.getSpec().getTopicName().equals(CHANGES_TOPIC))
            .toList();

    assertThat(eventTopics)
        .extracting(topic -> topic.getSpec().getPartitions())
        .containsOnly(partitions(rendered));
    assertThat(rendered.all(KafkaTopic.class))
        .allSatisfy(topic -> {
          assertThat(topic.getSpec().getReplicas())
              .as("%s replicas", topic.getSpec().getTopicName())
              .isEqualTo(Integer.parseInt(services.get("ORDERFLOW_KAFKA_REPLICATION_FACTOR")))
              .isLessThanOrEqualTo(brokers(rendered));
          assertThat(String.valueOf(topic.getSpec().getConfig().get("min.insync.replicas")))
              .isEqualTo(services.get("ORDERFLOW_KAFKA_MIN_INSYNC_REPLICAS"));
          assertThat(topic.getMetadata().getLabels())
              .containsEntry("strimzi.io/cluster", kafka(rendered).getMetadata().getName());
        });
    assertThat(eventTopics)
        .allSatisfy(topic ->
            assertThat(String.valueOf(topic.getSpec().getConfig().get("retention.ms")))
                .as("events are kept forever")
                .isEqualTo("-1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("overlays")
  void the_changes_topic_has_one_partition_and_services_make_no_topics(String overlay) {
    var rendered = Rendered.overlay(overlay);
    var changes =
        rendered.all(KafkaTopic.class).stream()
            .filter(topic -> topic.getSpec().getTopicName().equals(CHANGES_TOPIC))
            .findFirst()
            .orElseThrow();

    assertThat(changes.getSpec().getPartitions()).isEqualTo(1);
    assertThat(servicesConfiguration(rendered))
        .containsEntry("SPRING_KAFKA_ADMIN_AUTO_CREATE", "false");
    assertThat(kafka(rendered).getSpec().getKafka().getConfig())
        .containsEntry("auto.create.topics.enable", false);
  }

  // --- autoscaling ----------------------------------------------------------------------------

  @Test
  void every_consumer_service_scales_on_its_groups_lag_up_to_one_partition_per_thread() {
    var rendered = Rendered.overlay("prod");
    var services = servicesConfiguration(rendered);
    int threads = Integer.parseInt(services.get("SPRING_KAFKA_LISTENER_CONCURRENCY"));
    var kafka = kafka(rendered);
    var namespace = kafka.getMetadata().getNamespace();
    var scaled = rendered.all(ScaledObject.class);

    assertThat(scaled)
        .extracting(object -> object.spec().scaleTargetRef().name())
        .containsExactlyInAnyOrderElementsOf(serviceNames(rendered));
    assertThat(scaled)
        .allSatisfy(object -> {
          var spec = object.spec();
          var target = spec.scaleTargetRef().name();
          assertThat(spec.minReplicaCount()).as(target).isEqualTo(2);
          assertThat(spec.maxReplicaCount())
              .as("%s: partitions / listener threads", target)
              .isEqualTo(partitions(rendered) / threads);
          assertThat(spec.triggers()).hasSize(1);
          var trigger = spec.triggers().getFirst();
          assertThat(trigger.type()).isEqualTo("kafka");
          assertThat(ScaledObject.KAFKA_METADATA).containsAll(trigger.metadata().keySet());
          assertThat(trigger.metadata())
              .as("the group is the service's name (spring.application.name)")
              .containsEntry("consumerGroup", target)
              .containsEntry(
                  "bootstrapServers",
                  kafka.getMetadata().getName() + "-kafka-bootstrap." + namespace + ".svc:9092");
          var topic = trigger.metadata().get("topic");
          if (topic != null) {
            assertThat(topicNames(rendered)).contains(topic);
          }
          assertThat(rendered.find(Deployment.class, target).orElseThrow().getSpec().getReplicas())
              .as("%s leaves its replicas to KEDA", target)
              .isNull();
        });
  }

  // --- monitoring -----------------------------------------------------------------------------

  @Test
  void every_rule_of_infra_prometheus_is_in_the_prometheus_rule() {
    var rendered = Rendered.overlay("prod");
    var rule = rendered.find(PrometheusRule.class, "orderflow").orElseThrow();
    Map<String, Object> rules =
        new Yaml().load(Repository.read("infra/prometheus/rules/orderflow.yml"));
    @SuppressWarnings("unchecked")
    var groups = (List<Map<String, Object>>) rules.get("groups");
    var inRule =
        rule.getSpec().getGroups().stream()
            .map(group -> {
              var rulesOfGroup = new ArrayList<Map<String, Object>>();
              for (var one : group.getRules()) {
                var fields = new LinkedHashMap<String, Object>();
                putIfSet(fields, "record", one.getRecord());
                putIfSet(fields, "alert", one.getAlert());
                putIfSet(fields, "expr", one.getExpr().getStrVal());
                putIfSet(fields, "for", one.getFor());
                putIfSet(fields, "labels", one.getLabels());
                putIfSet(fields, "annotations", one.getAnnotations());
                rulesOfGroup.add(fields);
              }
              var fields = new LinkedHashMap<String, Object>();
              putIfSet(fields, "name", group.getName());
              putIfSet(fields, "interval", group.getInterval());
              fields.put("rules", rulesOfGroup);
              return fields;
            })
            .toList();

    assertThat(groups).isNotEmpty();
    assertThat(inRule).isEqualTo(groups);
    assertThat(alerts(groups)).hasSizeGreaterThan(5);
  }

  @Test
  void every_dashboard_of_infra_grafana_is_in_a_dashboard_config_map() throws IOException {
    var rendered = Rendered.overlay("prod");
    var dashboards = rendered.find(ConfigMap.class, "orderflow-dashboards").orElseThrow();

    assertThat(dashboards.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    try (var files = Files.list(Repository.file("infra/grafana/dashboards"))) {
      var expected =
          files.collect(
              Collectors.toMap(
                  file -> file.getFileName().toString(), file -> Repository.read(file)));
      assertThat(dashboards.getData()).isEqualTo(expected);
    }
  }

  @Test
  void the_service_monitor_scrapes_every_orderflow_service_on_its_metrics_path() {
    var rendered = Rendered.overlay("prod");
    var monitor = rendered.find(ServiceMonitor.class, "orderflow").orElseThrow();
    var selector = monitor.getSpec().getSelector();
    var endpoint = monitor.getSpec().getEndpoints().getFirst();

    assertThat(endpoint.getPath()).isEqualTo("/actuator/prometheus");
    assertThat(endpoint.getHonorLabels()).isTrue();
    var scraped =
        rendered.all(Service.class).stream()
            .filter(service ->
                service
                    .getMetadata()
                    .getLabels()
                    .entrySet()
                    .containsAll(selector.getMatchLabels().entrySet()))
            .filter(service ->
                selector.getMatchExpressions().stream()
                    .allMatch(expression ->
                        expression
                            .getValues()
                            .contains(service.getMetadata().getLabels().get(expression.getKey()))))
            .toList();
    assertThat(scraped)
        .extracting(service -> service.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(orderflowDeploymentNames(rendered));
    assertThat(scraped)
        .allSatisfy(service ->
            assertThat(service.getSpec().getPorts())
                .extracting(port -> port.getName())
                .contains(endpoint.getPort()));
  }

  // --- network policies -----------------------------------------------------------------------

  @Test
  void the_network_policies_let_only_what_must_talk_talk() {
    var rendered = Rendered.overlay("prod");
    var policies = rendered.all(NetworkPolicy.class);
    var console = podLabels(rendered, "console");
    var services = serviceNames(rendered).stream().map(name -> podLabels(rendered, name)).toList();
    var kafkaPeers =
        kafka(rendered).getSpec().getKafka().getListeners().getFirst().getNetworkPolicyPeers();

    assertThat(services).hasSize(4);
    for (var service : services) {
      assertThat(admitted(policies, service, console)).as("console -> %s", service).isTrue();
      assertThat(admitted(policies, service, service)).as("service -> service").isFalse();
      assertThat(kafkaPeers)
          .as("Kafka takes %s", service)
          .anySatisfy(peer -> assertThat(matches(peer.getPodSelector(), service)).isTrue());
      assertThat(admitted(policies, MONGODB_MEMBER, service)).as("%s -> MongoDB", service).isTrue();
    }
    assertThat(kafkaPeers)
        .as("Kafka does not take the console")
        .noneSatisfy(peer ->
            assertThat(peer.getPodSelector() != null && matches(peer.getPodSelector(), console))
                .isTrue());
    assertThat(admitted(policies, MONGODB_MEMBER, console)).as("console -> MongoDB").isFalse();
    assertThat(admitted(policies, console, Map.of("app", "anything")))
        .as("the front door")
        .isTrue();
  }

  /** The labels the MongoDB operator gives the members of the replica set orderflow-mongodb. */
  private static final Map<String, String> MONGODB_MEMBER = Map.of("app", "orderflow-mongodb-svc");

  private static Map<String, String> podLabels(Rendered rendered, String deployment) {
    return rendered
        .find(Deployment.class, deployment)
        .orElseThrow()
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getLabels();
  }

  /**
   * Whether a pod of the same namespace labelled {@code from} may connect to a pod labelled {@code
   * to}: allowed when no policy selects {@code to}, or one that does has an ingress rule whose
   * peers take {@code from} (namespace-only peers name other namespaces).
   */
  private static boolean admitted(
      List<NetworkPolicy> policies, Map<String, String> to, Map<String, String> from) {
    var selecting =
        policies.stream().filter(p -> matches(p.getSpec().getPodSelector(), to)).toList();
    return selecting.isEmpty()
        || selecting.stream()
            .flatMap(policy -> policy.getSpec().getIngress().stream())
            .anyMatch(rule ->
                rule.getFrom().isEmpty()
                    || rule.getFrom().stream()
                        .anyMatch(peer ->
                            peer.getNamespaceSelector() == null
                                && peer.getPodSelector() != null
                                && matches(peer.getPodSelector(), from)));
  }

  private static boolean matches(LabelSelector selector, Map<String, String> labels) {
    return labels.entrySet().containsAll(selector.getMatchLabels().entrySet())
        && selector.getMatchExpressions().isEmpty();
  }

  // --- every Deployment -----------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @MethodSource("overlays")
  void every_deployment_has_probes_a_memory_limit_a_budget_and_a_service(String overlay) {
    var rendered = Rendered.overlay(overlay);

    assertThat(rendered.all(Deployment.class))
        .isNotEmpty()
        .allSatisfy(deployment -> {
          var name = deployment.getMetadata().getName();
          var pod = deployment.getSpec().getTemplate();
          var labels = pod.getMetadata().getLabels();
          for (var container : pod.getSpec().getContainers()) {
            assertThat(container.getLivenessProbe()).as("%s liveness", name).isNotNull();
            assertThat(container.getReadinessProbe()).as("%s readiness", name).isNotNull();
            var resources = container.getResources();
            assertThat(resources.getLimits()).as("%s limits", name).containsKey("memory");
            assertThat(resources.getRequests().get("memory"))
                .as("%s: memory requested is the limit (a heap does not shrink)", name)
                .isEqualTo(resources.getLimits().get("memory"));
            assertThat(resources.getRequests()).as("%s cpu request", name).containsKey("cpu");
          }
          assertThat(rendered.all(PodDisruptionBudget.class))
              .as("%s has a PodDisruptionBudget", name)
              .anySatisfy(budget ->
                  assertThat(labels)
                      .containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels()));
          assertThat(rendered.all(Service.class))
              .as("%s has a Service", name)
              .anySatisfy(service ->
                  assertThat(labels).containsAllEntriesOf(service.getSpec().getSelector()));
          assertThat(pod.getSpec().getEnableServiceLinks())
              .as("%s: no service-link variables", name)
              .isFalse();
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("overlays")
  void orderflow_pods_probe_the_health_groups_and_stop_gracefully(String overlay) {
    var rendered = Rendered.overlay(overlay);

    assertThat(orderflowDeployments(rendered))
        .hasSize(5)
        .allSatisfy(deployment -> {
          var name = deployment.getMetadata().getName();
          var pod = deployment.getSpec().getTemplate().getSpec();
          var container = pod.getContainers().getFirst();
          assertThat(path(container.getStartupProbe())).isEqualTo("/actuator/health/liveness");
          assertThat(path(container.getLivenessProbe())).isEqualTo("/actuator/health/liveness");
          assertThat(path(container.getReadinessProbe())).isEqualTo("/actuator/health/readiness");
          var preStop = container.getLifecycle().getPreStop().getSleep().getSeconds();
          assertThat(pod.getTerminationGracePeriodSeconds())
              .as("%s: grace > preStop + one shutdown phase", name)
              .isGreaterThan(preStop + shutdownPhase(rendered, container).toSeconds());
          assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
          assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("overlays")
  void the_memory_limit_holds_the_heap_and_what_a_jvm_needs_besides(String overlay) {
    var rendered = Rendered.overlay(overlay);
    int heapPercent = imageHeapPercent();

    assertThat(orderflowDeployments(rendered))
        .allSatisfy(deployment -> {
          var container = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
          long limit = mebibytes(container.getResources().getLimits().get("memory"));
          long heap = heapMebibytes(container, limit, heapPercent);
          assertThat(limit)
              .as("%s: limit %d MiB, heap %d MiB", container.getName(), limit, heap)
              .isGreaterThanOrEqualTo(heap + NON_HEAP_MIB);
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("overlays")
  void nothing_secret_is_committed_and_secrets_are_only_referenced(String overlay) {
    var rendered = Rendered.overlay(overlay);
    var secretish = Pattern.compile("PASSWORD|SECRET|TOKEN|CREDENTIAL|_URI$");
    var operatorSecrets =
        rendered.all(MongoDBCommunity.class).stream()
            .flatMap(mongo -> mongo.spec().users().stream())
            .map(MongoDBCommunity.User::connectionStringSecretName)
            .filter(Objects::nonNull)
            .collect(Collectors.toSet());

    assertThat(rendered.all()).noneMatch(object -> object instanceof Secret);
    assertThat(Kustomize.render(overlay)).doesNotContainPattern("(?m)^kind: Secret$");
    assertThat(rendered.all(ConfigMap.class))
        .allSatisfy(map ->
            assertThat(map.getData().keySet()).noneMatch(key -> secretish.matcher(key).find()));
    assertThat(rendered.all(Deployment.class))
        .flatExtracting(deployment -> deployment.getSpec().getTemplate().getSpec().getContainers())
        .flatExtracting(Container::getEnv)
        .allSatisfy(variable -> {
          if (secretish.matcher(variable.getName()).find()) {
            assertThat(variable.getValue()).as(variable.getName()).isNull();
            var secret = variable.getValueFrom().getSecretKeyRef().getName();
            if (!secret.equals("orderflow-admin")) {
              assertThat(operatorSecrets).as("made by the MongoDB operator").contains(secret);
            }
          }
        });
  }

  // --- helpers --------------------------------------------------------------------------------

  /** The ConfigMap the services share, generated with a hash of its content in its name. */
  private static Map<String, String> servicesConfiguration(Rendered rendered) {
    var maps =
        rendered.all(ConfigMap.class).stream()
            .filter(map -> map.getMetadata().getName().startsWith("orderflow-services-"))
            .toList();
    assertThat(maps).hasSize(1);
    return maps.getFirst().getData();
  }

  private static Set<String> topicNames(Rendered rendered) {
    return rendered.all(KafkaTopic.class).stream()
        .map(topic -> topic.getSpec().getTopicName())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** The one partition count of the event topics. */
  private static int partitions(Rendered rendered) {
    return rendered.all(KafkaTopic.class).stream()
        .filter(topic -> topic.getSpec().getTopicName().equals(Topics.ORDER_EVENTS.name()))
        .findFirst()
        .orElseThrow()
        .getSpec()
        .getPartitions();
  }

  private static Kafka kafka(Rendered rendered) {
    var clusters = rendered.all(Kafka.class);
    assertThat(clusters).hasSize(1);
    return clusters.getFirst();
  }

  private static int brokers(Rendered rendered) {
    return rendered.all(KafkaNodePool.class).stream()
        .filter(pool -> pool.getSpec().getRoles().contains(ProcessRoles.BROKER))
        .mapToInt(pool -> pool.getSpec().getReplicas())
        .sum();
  }

  private static List<Deployment> orderflowDeployments(Rendered rendered) {
    return rendered.all(Deployment.class).stream()
        .filter(KubernetesRulesTest::isOrderflow)
        .toList();
  }

  /** One of the four services or the console (not Mailpit, say). */
  static boolean isOrderflow(Deployment deployment) {
    var component = deployment.getMetadata().getLabels().get("app.kubernetes.io/component");
    return component != null && ORDERFLOW_COMPONENTS.contains(component);
  }

  private static List<String> orderflowDeploymentNames(Rendered rendered) {
    return orderflowDeployments(rendered).stream()
        .map(deployment -> deployment.getMetadata().getName())
        .toList();
  }

  /** The four services of the saga, each a Kafka consumer. */
  private static List<String> serviceNames(Rendered rendered) {
    return orderflowDeployments(rendered).stream()
        .filter(deployment ->
            "service"
                .equals(deployment.getMetadata().getLabels().get("app.kubernetes.io/component")))
        .map(deployment -> deployment.getMetadata().getName())
        .toList();
  }

  private static String path(Probe probe) {
    return probe.getHttpGet().getPath();
  }

  /**
   * The container's spring.lifecycle.timeout-per-shutdown-phase: its environment, its module's
   * file, Boot's default.
   */
  private static Duration shutdownPhase(Rendered rendered, Container container) {
    var fromEnvironment =
        environment(rendered, container).get("SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE");
    if (fromEnvironment != null) {
      return Duration.parse("PT" + fromEnvironment.toUpperCase(Locale.ROOT));
    }
    var file = Repository.file(container.getName() + "/src/main/resources/application.yml");
    var matcher =
        Pattern.compile("timeout-per-shutdown-phase:\\s*(\\d+)s").matcher(Repository.read(file));
    return matcher.find()
        ? Duration.ofSeconds(Long.parseLong(matcher.group(1)))
        : DEFAULT_SHUTDOWN_PHASE;
  }

  /** The container's literal variables, from its env and the ConfigMaps of its envFrom. */
  static Map<String, String> environment(Rendered rendered, Container container) {
    var variables = new TreeMap<String, String>();
    for (var source : container.getEnvFrom()) {
      var name = source.getConfigMapRef().getName();
      variables.putAll(rendered.find(ConfigMap.class, name).orElseThrow().getData());
    }
    for (EnvVar variable : container.getEnv()) {
      variables.put(variable.getName(), Objects.requireNonNullElse(variable.getValue(), "<ref>"));
    }
    return variables;
  }

  /** The image's heap as a share of the container's memory (Dockerfile: -XX:MaxRAMPercentage). */
  private static int imageHeapPercent() {
    var matcher =
        Pattern.compile("-XX:MaxRAMPercentage=(\\d+)").matcher(Repository.read("Dockerfile"));
    assertThat(matcher.find()).as("the Dockerfile sets the heap's share").isTrue();
    return Integer.parseInt(matcher.group(1));
  }

  private static long heapMebibytes(Container container, long limit, int percent) {
    var options =
        container.getEnv().stream()
            .filter(variable -> variable.getName().equals("JAVA_TOOL_OPTIONS"))
            .map(EnvVar::getValue)
            .findFirst()
            .orElse("");
    var xmx = Pattern.compile("-Xmx(\\d+)([mMgG])").matcher(options);
    if (xmx.find()) {
      long value = Long.parseLong(xmx.group(1));
      return xmx.group(2).equalsIgnoreCase("g") ? value * 1024 : value;
    }
    return limit * percent / 100;
  }

  private static long mebibytes(Quantity quantity) {
    return Quantity.getAmountInBytes(quantity).divide(BigDecimal.valueOf(1024L * 1024)).longValue();
  }

  private static void putIfSet(Map<String, Object> fields, String key, Object value) {
    if (value != null && !(value instanceof Map<?, ?> map && map.isEmpty())) {
      fields.put(key, value);
    }
  }

  private static List<Object> alerts(List<Map<String, Object>> groups) {
    return groups.stream()
        .flatMap(group -> ((List<?>) group.get("rules")).stream())
        .filter(rule -> ((Map<?, ?>) rule).containsKey("alert"))
        .map(Object.class::cast)
        .toList();
  }
}
