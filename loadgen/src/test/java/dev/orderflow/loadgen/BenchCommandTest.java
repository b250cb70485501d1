package dev.orderflow.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.devstack.Instance;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

  @Test
  void the_bench_refuses_a_ladder_rate_of_zero_before_starting_anything() {
    var errors = new StringWriter();
    var cli = new CommandLine(new Loadgen()).setErr(new PrintWriter(errors));

    int exit = cli.execute("bench", "--ladder", "--rates", "20,0", "--root", "no-such-checkout");

    assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(errors.toString()).contains("--rates needs one or more rising rates above 0");
  }

  @Test
  void the_bench_refuses_ladder_options_without_the_ladder() {
    var errors = new StringWriter();
    var cli = new CommandLine(new Loadgen()).setErr(new PrintWriter(errors));

    int exit = cli.execute("bench", "--rates", "20,40", "--root", "no-such-checkout");

    assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(errors.toString()).contains("--rates and --drain are for --ladder");
  }

  @Test
  void the_bench_starts_its_stack_with_the_instances_and_brokers_it_is_given() {
    var bench = new BenchCommand();
    new CommandLine(bench).parseArgs("--ladder", "--instances", "2", "--brokers", "3");

    var options = bench.stackOptions(Path.of("checkout").toAbsolutePath(), Map.of());

    assertThat(options.instances()).isEqualTo(2);
    assertThat(options.brokers()).isEqualTo(3);
    assertThat(options.fresh()).isTrue();
    assertThat(options.processes())
        .map(Instance::name)
        .contains("order-service", "order-service-2", "projection-service-2", "kafka", "kafka-3");
    assertThat(bench.title()).isEqualTo("./devstack bench --ladder --instances 2 --brokers 3");
  }

  @Test
  void by_default_the_bench_runs_one_instance_and_one_broker() {
    var bench = new BenchCommand();
    new CommandLine(bench).parseArgs();

    var options = bench.stackOptions(Path.of("checkout").toAbsolutePath(), Map.of());

    assertThat(options.instances()).isEqualTo(1);
    assertThat(options.brokers()).isEqualTo(1);
    assertThat(bench.title()).isEqualTo("./devstack bench");
  }

  @Test
  void the_bench_refuses_two_brokers_before_starting_anything() {
    var errors = new StringWriter();
    var cli = new CommandLine(new Loadgen()).setErr(new PrintWriter(errors));

    int exit = cli.execute("bench", "--brokers", "2", "--root", "no-such-checkout");

    assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(errors.toString()).contains("--brokers must be 1 or 3");
  }

  @Test
  void ladder_rates_must_rise() {
    assertThat(BenchCommand.rising(List.of(20.0, 40.0, 80.0))).isTrue();
    assertThat(BenchCommand.rising(List.of(80.0, 40.0))).isFalse();
    assertThat(BenchCommand.rising(List.of(20.0, 20.0))).isFalse();
    assertThat(BenchCommand.rising(List.of())).isFalse();
  }

  @Test
  void the_capacity_line_says_when_it_is_only_a_lower_bound_or_below_the_first_rate() {
    var keptUpWithAll = List.of(step(20, true), step(40, true));
    var fellBehind = List.of(step(20, true), step(40, false));

    assertThat(BenchCommand.capacityLine(keptUpWithAll, 40.0))
        .isEqualTo("capacity 40 orders/s (kept up with every rate offered: at least that)");
    assertThat(BenchCommand.capacityLine(fellBehind, 20.0)).isEqualTo("capacity 20 orders/s");
    assertThat(BenchCommand.capacityLine(List.of(step(20, false)), null))
        .isEqualTo("fell behind at the first rate: capacity below 20 orders/s");
  }

  @Test
  void capacity_is_the_highest_rate_kept_up_with_before_the_first_it_fell_behind_at() {
    var steps = List.of(step(20, true), step(40, true), step(80, false));

    assertThat(BenchCommand.capacity(steps)).isEqualTo(40.0);
    assertThat(steps.get(1).decidedPerSecond()).isEqualTo(39.5);
    assertThat(steps.get(1).cpuMsPerOrder()).isEqualTo(3.0);
    assertThat(steps.get(1).mongoDocumentsPerOrder()).isEqualTo(6.0);
    assertThat(BenchCommand.capacity(List.of(step(20, false)))).isNull();
    assertThat(BenchCommand.ladderTable(steps))
        .contains("| 40 | 39.5 |", "| 3.0 | 6.0 | 1500 | yes |")
        .contains("| 80 | 39.5 |", "| **no** |");
  }

  @Test
  void a_ladder_step_has_enough_clients_for_its_rate() {
    var bench = new BenchCommand();
    bench.workload.clients = 32;

    assertThat(bench.clientsFor(20)).isEqualTo(32);
    assertThat(bench.clientsFor(1280)).isEqualTo(128);
  }

  private static BenchCommand.Step step(double rate, boolean keptUp) {
    var run =
        new Result(
            rate,
            60,
            2400,
            2400,
            0,
            0,
            0,
            0,
            keptUp ? 0 : 5,
            2370,
            40,
            39.5,
            39.5,
            40,
            60,
            80,
            90,
            100,
            20,
            0,
            keptUp);
    return BenchCommand.Step.of(
        rate,
        32,
        run,
        Map.of("mongo", 3.0),
        Map.of(
            "orders.order_commits", new MongoWrites.Writes(2, 2, 0),
            "orders.pending_orders", new MongoWrites.Writes(1, 0, 1)),
        0.01,
        Map.of(),
        1500,
        Map.of("mongo", 200.0));
  }

  @Test
  void a_part_whose_cpu_time_read_lower_after_a_step_is_reported_with_both_readings() {
    var before = new BenchCommand.PartTicks(new ProcessTicks(900, 10), List.of(41L, 57L));
    var after = new BenchCommand.PartTicks(new ProcessTicks(650, 10), List.of(41L));

    assertThat(after.ticks().minus(before.ticks()).all()).isNegative();
    assertThat(BenchCommand.fell("smtp", before, after))
        .contains("smtp's CPU time read lower after the step than before it")
        .contains("900 ticks from processes [41, 57]")
        .contains("then 650 from [41]")
        .contains("understated")
        .doesNotContain("restarted");
  }

  @Test
  void a_part_restarted_during_a_step_is_named_as_restarted() {
    var before = new BenchCommand.PartTicks(new ProcessTicks(985, 0), List.of(9849L));
    var after = new BenchCommand.PartTicks(new ProcessTicks(39, 0), List.of(31636L));

    assertThat(BenchCommand.fell("smtp", before, after))
        .contains("985 ticks from processes [9849], then 39 from [31636]")
        .contains("it was restarted during the step");
  }
}
