package dev.orderflow.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {

  @Test
  void the_bench_refuses_accept_only_before_starting_anything() {
    var errors = new StringWriter();
    var cli = new CommandLine(new Loadgen()).setErr(new PrintWriter(errors));

    int exit = cli.execute("bench", "--accept-only", "--root", "no-such-checkout");

    assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(errors.toString()).contains("--accept-only is for loadgen run");
  }
}
