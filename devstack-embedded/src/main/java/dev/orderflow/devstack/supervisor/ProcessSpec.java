package dev.orderflow.devstack.supervisor;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How to start one supervised process.
 *
 * @param name the name in the supervisor's output
 * @param command the command line, executable first
 * @param environment added to the supervisor's own environment
 * @param logFile where stdout and stderr are appended, across restarts
 * @param pidFile holds the pid of the current process while it is supervised
 * @param holdFile while this file exists, a death of the process is not restarted: it is restarted
 *     once the file is gone ({@link SupervisedProcess}); a drill holds a part this way
 */
public record ProcessSpec(
    String name,
    List<String> command,
    Map<String, String> environment,
    Path logFile,
    Path pidFile,
    Path holdFile) {

  public ProcessSpec {
    command = List.copyOf(command);
    environment = Map.copyOf(environment);
  }
}
