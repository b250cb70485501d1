package dev.orderflow.devstack.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProcessTagTest {

  private final ProcessTag orderService =
      new ProcessTag("order-service", Path.of("/repo/.devstack"));

  @Test
  void a_command_line_with_the_part_and_the_home_carries_the_tag() {
    assertThat(
            orderService.isOn(
                "/jdk/bin/java -Xmx256m -Ddevstack.part=order-service"
                    + " -Ddevstack.home=/repo/.devstack -jar order-service.jar --server.port=8081"))
        .isTrue();
  }

  @Test
  void the_same_part_of_another_checkout_does_not() {
    assertThat(
            orderService.isOn(
                "java -Ddevstack.part=order-service -Ddevstack.home=/other/.devstack -jar x.jar"))
        .isFalse();
  }

  @Test
  void a_part_whose_name_merely_starts_the_same_does_not() {
    var order = new ProcessTag("order", Path.of("/repo/.devstack"));

    assertThat(
            order.isOn(
                "java -Ddevstack.part=order-service -Ddevstack.home=/repo/.devstack -jar x.jar"))
        .isFalse();
  }

  @Test
  void an_unrelated_process_that_reused_the_pid_does_not() {
    assertThat(orderService.isOn("/usr/bin/sleep 300")).isFalse();
    assertThat(orderService.isOn("")).isFalse();
  }
}
