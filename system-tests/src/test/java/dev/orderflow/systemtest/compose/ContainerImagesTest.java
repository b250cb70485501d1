package dev.orderflow.systemtest.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.devstack.ContainerImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Kafka and MongoDB that the Testcontainers tests prove the services against are the ones
 * docker-compose.yml runs: same images, same tags. ContainerImages is the single source; compose
 * must match it and the tests must use it.
 */
class ContainerImagesTest {

  private static final Pattern TESTCONTAINERS_IMPORT =
      Pattern.compile("import\\s+org\\.testcontainers\\.[\\w.]*\\.(\\w+Container)\\s*;");

  private final ComposeFile compose = ComposeFile.load();

  @Test
  void compose_runs_the_kafka_and_mongodb_images_of_the_testcontainers_tests() {
    assertThat(compose.service("kafka").image()).isEqualTo(ContainerImages.KAFKA);
    assertThat(compose.service("mongo").image()).isEqualTo(ContainerImages.MONGO);
  }

  @Test
  void every_kafka_broker_of_every_profile_runs_the_same_image() {
    var repository = imageRepository(ContainerImages.KAFKA);
    assertThat(compose.services().values())
        .filteredOn(service -> service.image() != null && service.image().startsWith(repository))
        .extracting(ComposeService::image)
        .hasSizeGreaterThanOrEqualTo(4)
        .containsOnly(ContainerImages.KAFKA);
  }

  @Test
  void testcontainers_tests_create_their_containers_from_container_images() {
    var literalImages = new ArrayList<String>();
    var created = new ArrayList<String>();
    for (Path source : testSources()) {
      String code = Repository.read(source);
      var matcher = creationOfTestcontainersIn(code).matcher(code);
      while (matcher.find()) {
        String argument = matcher.group(2).trim();
        created.add(argument);
        if (!argument.startsWith("ContainerImages.")) {
          literalImages.add(Repository.root().relativize(source) + ": " + matcher.group());
        }
      }
    }

    assertThat(created).as("Testcontainers containers found in the tests").isNotEmpty();
    assertThat(literalImages)
        .as("containers not created from ContainerImages, whose tags compose also runs")
        .isEmpty();
  }

  /** {@code new KafkaContainer(<image>} for each container class the file imports. */
  private static Pattern creationOfTestcontainersIn(String code) {
    var classes = new ArrayList<String>();
    var imports = TESTCONTAINERS_IMPORT.matcher(code);
    while (imports.find()) {
      classes.add(imports.group(1));
    }
    if (classes.isEmpty()) {
      return Pattern.compile("(?!)");
    }
    return Pattern.compile(
        "new\\s+(" + String.join("|", classes) + ")\\s*(?:<[^>]*>)?\\s*\\(\\s*([^,)]*)");
  }

  private static String imageRepository(String image) {
    return image.substring(0, image.lastIndexOf(':') + 1);
  }

  /** Test sources of every module. */
  private static List<Path> testSources() {
    try (Stream<Path> modules = Files.list(Repository.root())) {
      return modules
          .map(module -> module.resolve("src/test/java"))
          .filter(Files::isDirectory)
          .flatMap(ContainerImagesTest::javaFiles)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Stream<Path> javaFiles(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(file -> file.toString().endsWith(".java")).toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
