package dev.orderflow.systemtest.compose;

import static dev.orderflow.systemtest.compose.ComposeFile.asList;
import static dev.orderflow.systemtest.compose.ComposeFile.asMap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The rules docker-compose.yml keeps. Each returns what breaks it, one line per finding, so that a
 * test can show the findings of the real file (none) and of a deliberately broken one.
 */
final class ComposeRules {

  /** What a laptop can give the default stack. */
  static final long DEFAULT_STACK_BUDGET_BYTES = 4L << 30;

  private ComposeRules() {}

  /** docker-compose v1 rejects a top-level {@code name:}. */
  static List<String> noProjectName(ComposeFile compose) {
    return compose.topLevelKeys().contains("name")
        ? List.of("top-level name: docker-compose v1 rejects it")
        : List.of();
  }

  static List<String> everyServiceHasAHealthCheck(ComposeFile compose) {
    var findings = new ArrayList<String>();
    compose
        .services()
        .forEach((name, service) -> {
          var test = service.healthcheckTest();
          if (test.isEmpty() || test.getFirst().equals("NONE")) {
            findings.add(name + ": no health check");
          }
        });
    return findings;
  }

  static List<String> everyServiceHasAMemoryLimit(ComposeFile compose) {
    var findings = new ArrayList<String>();
    compose
        .services()
        .forEach((name, service) -> {
          if (service.memoryLimitBytes().isEmpty()) {
            findings.add(name + ": no memory limit");
          }
        });
    return findings;
  }

  /** The services started without a profile must fit in {@code budgetBytes} together. */
  static List<String> defaultStackFits(ComposeFile compose, long budgetBytes) {
    long total = defaultStackMemoryBytes(compose);
    return total > budgetBytes
        ? List.of(
            "the default stack's memory limits add up to %d MiB, more than %d MiB"
                .formatted(total >> 20, budgetBytes >> 20))
        : List.of();
  }

  static long defaultStackMemoryBytes(ComposeFile compose) {
    return compose.servicesStartedWith(Set.of()).values().stream()
        .mapToLong(service -> service.memoryLimitBytes().orElse(0))
        .sum();
  }

  /**
   * Every dependency waits for the other service's health check, names a service that has one, and
   * is started whenever the dependent one is (a service outside any profile cannot wait for one
   * that only a profile starts).
   */
  static List<String> dependenciesWaitForHealth(ComposeFile compose) {
    var findings = new ArrayList<String>();
    var services = compose.services();
    services.forEach((name, service) ->
        service
            .dependsOn()
            .forEach((dependency, condition) -> {
              var target = services.get(dependency);
              if (target == null) {
                findings.add(name + " depends on " + dependency + ", which is no service");
                return;
              }
              if (!condition.equals("service_healthy")) {
                findings.add(
                    name
                        + " depends on "
                        + dependency
                        + " with "
                        + condition
                        + ", not service_healthy");
              }
              if (target.healthcheckTest().isEmpty()) {
                findings.add(name + " waits for " + dependency + ", which has no health check");
              }
              if (service.profiles().isEmpty() && !target.profiles().isEmpty()) {
                findings.add(
                    name
                        + " is always started but depends on "
                        + dependency
                        + ", which only profiles "
                        + target.profiles()
                        + " start");
              }
            }));
    return findings;
  }

  /** Build contexts, Dockerfiles and the Maven modules the orderflow images are built from. */
  static List<String> buildsExist(ComposeFile compose, Path root) {
    var findings = new ArrayList<String>();
    compose
        .services()
        .forEach((name, service) -> {
          if (!service.isBuilt()) {
            return;
          }
          Path context = root.resolve(service.buildContext()).normalize();
          if (!Files.isDirectory(context)) {
            findings.add(name + ": build context " + service.buildContext() + " does not exist");
          } else if (!Files.isRegularFile(context.resolve(service.dockerfile()))) {
            findings.add(name + ": no " + service.dockerfile() + " in " + service.buildContext());
          }
          if (service.module() != null
              && !Files.isRegularFile(context.resolve(service.module()).resolve("pom.xml"))) {
            findings.add(name + ": SERVICE=" + service.module() + " is no Maven module");
          }
        });
    return findings;
  }

  /** Host paths mounted into containers exist; named volumes are declared. */
  static List<String> mountsExist(ComposeFile compose, Path root) {
    var findings = new ArrayList<String>();
    compose
        .services()
        .forEach((name, service) -> {
          for (var mount : service.mounts()) {
            if (mount.bind()) {
              if (!Files.exists(root.resolve(mount.source()).normalize())) {
                findings.add(name + " mounts " + mount.source() + ", which does not exist");
              }
            } else if (!compose.namedVolumes().contains(mount.source())) {
              findings.add(name + " uses volume " + mount.source() + ", which is not declared");
            }
          }
        });
    return findings;
  }

  /**
   * A scalable service publishes no fixed host port (the second replica could not bind it) and no
   * service has a fixed container name (which would forbid a second replica too).
   */
  static List<String> scalable(ComposeFile compose, Set<String> scalableServices) {
    var findings = new ArrayList<String>();
    compose
        .services()
        .forEach((name, service) -> {
          if (service.containerName() != null) {
            findings.add(name + ": container_name " + service.containerName() + " forbids --scale");
          }
          if (scalableServices.contains(name)) {
            service.ports().stream()
                .filter(ComposeService.PublishedPort::fixedOnHost)
                .forEach(port ->
                    findings.add(
                        name
                            + " is scalable but publishes the fixed host port "
                            + port.hostPort()));
          }
        });
    return findings;
  }

  /** Enough partitions for every instance of the service to get work. */
  static List<String> partitionsCover(ComposeFile compose, String serviceName, int instances) {
    var partitions = compose.service(serviceName).environment().get("ORDERFLOW_KAFKA_PARTITIONS");
    if (partitions == null) {
      return List.of(serviceName + " does not set ORDERFLOW_KAFKA_PARTITIONS");
    }
    return Integer.parseInt(partitions.trim()) < instances
        ? List.of(
            "%s: %s partitions for %d instances leave some idle"
                .formatted(serviceName, partitions, instances))
        : List.of();
  }

  /**
   * Prometheus scrapes every orderflow service by its compose name, on the port the service listens
   * on, at /actuator/prometheus; a static target names a compose service or Prometheus itself.
   */
  static List<String> prometheusScrapesTheServices(ComposeFile compose, String prometheusYaml) {
    var findings = new ArrayList<String>();
    var services = compose.services();
    var scraped = new HashSet<String>();
    Map<String, Object> config =
        asMap(new Yaml(new SafeConstructor(new LoaderOptions())).load(prometheusYaml));
    for (Object scrape : asList(config.get("scrape_configs"))) {
      var job = asMap(scrape);
      String jobName = String.valueOf(job.get("job_name"));
      String metricsPath = String.valueOf(job.getOrDefault("metrics_path", "/metrics"));
      for (Object discovery : asList(job.get("dns_sd_configs"))) {
        var dns = asMap(discovery);
        int port = ((Number) dns.getOrDefault("port", -1)).intValue();
        for (Object dnsName : asList(dns.get("names"))) {
          var service = services.get(String.valueOf(dnsName));
          if (service == null) {
            findings.add(
                "job " + jobName + " looks up " + dnsName + ", which is no compose service");
            continue;
          }
          scraped.add(service.name());
          var httpPort = service.httpPort();
          if (httpPort.isPresent() && httpPort.getAsInt() != port) {
            findings.add(
                "job %s scrapes %s on port %d, but it listens on %d"
                    .formatted(jobName, dnsName, port, httpPort.getAsInt()));
          }
          if (service.isOrderflowService() && !metricsPath.equals("/actuator/prometheus")) {
            findings.add(
                "job " + jobName + " scrapes " + metricsPath + ", not /actuator/prometheus");
          }
        }
      }
      for (Object staticConfig : asList(job.get("static_configs"))) {
        for (Object target : asList(asMap(staticConfig).get("targets"))) {
          String host = String.valueOf(target).split(":")[0];
          if (!host.equals("localhost") && !services.containsKey(host)) {
            findings.add("job " + jobName + " scrapes " + target + ", which is no compose service");
          }
          scraped.add(host);
        }
      }
    }
    services.values().stream()
        .filter(ComposeService::isOrderflowService)
        .filter(service -> !scraped.contains(service.name()))
        .forEach(service -> findings.add(service.name() + " is not scraped by Prometheus"));
    return findings;
  }

  /** Every variable given to an orderflow service is one of its configuration properties. */
  static List<String> environmentIsConfiguration(
      ComposeService service, ServiceConfiguration configuration) {
    return configuration.unknownVariables(service.name(), service.environment().keySet());
  }
}
