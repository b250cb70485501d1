package dev.orderflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a service's jar is extracted again, and what goes with the old extraction. */
class ClassDataSharingTest {

  @TempDir Path repo;

  private DevstackOptions options;
  private Path jar;
  private Path extracted;
  private Path archive;

  @BeforeEach
  void aBuiltServiceWithAnExtractionAndAnArchive() throws Exception {
    options = DevstackOptions.defaults(repo).devstackJar(repo.resolve("devstack.jar"));
    jar = options.serviceJar(Service.ORDER);
    Files.createDirectories(jar.getParent());
    Files.writeString(jar, "the build the extraction came from");
    extracted = ClassDataSharing.runnableJar(Service.ORDER, options);
    Files.createDirectories(extracted.getParent());
    Files.writeString(extracted, "extracted");
    Files.writeString(
        extracted.getParent().resolve(".extracted-from"), ClassDataSharing.checksum(jar));
    archive = options.cacheDir().resolve("cds/order-service.jsa");
    Files.createDirectories(archive.getParent());
    Files.writeString(archive, "archive");
  }

  @Test
  void the_extraction_and_archive_of_the_same_build_are_kept() {
    ClassDataSharing.prepare(List.of(Service.ORDER), options);

    assertThat(extracted).hasContent("extracted");
    assertThat(archive).hasContent("archive");
  }

  @Test
  void a_rebuilt_jar_of_the_same_size_and_time_is_extracted_anew_and_its_archive_dropped()
      throws Exception {
    var time = Files.getLastModifiedTime(jar);
    Files.writeString(jar, "the build after it, same size");
    Files.setLastModifiedTime(jar, time);

    // Not a Spring Boot jar, so the extraction itself fails, and says why.
    assertThatThrownBy(() -> ClassDataSharing.prepare(List.of(Service.ORDER), options))
        .isInstanceOf(DevstackException.class)
        .hasMessageContaining("Could not extract " + jar);
    assertThat(extracted).doesNotExist();
    assertThat(archive).doesNotExist();
  }
}
