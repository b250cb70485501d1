package dev.orderflow.devstack.supervisor;

import java.nio.file.Path;
import java.util.List;

/**
 * System properties that mark a process as a given part of the devstack living in a given
 * directory. A pid alone proves nothing once its process is gone: the operating system hands the
 * number to the next process.
 */
public record ProcessTag(String part, Path home) {

  public ProcessTag {
    home = home.toAbsolutePath().normalize();
  }

  /** JVM options to put on the tagged process's command line. */
  public List<String> javaOptions() {
    return List.of("-Ddevstack.part=" + part, "-Ddevstack.home=" + home);
  }

  /** Whether a process with this command line carries the tag. */
  public boolean isOn(String commandLine) {
    // Whole arguments only: the tag of "order" must not match "-Ddevstack.part=order-service".
    var padded = " " + commandLine + " ";
    return javaOptions().stream().allMatch(option -> padded.contains(" " + option + " "));
  }
}
