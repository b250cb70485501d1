package dev.orderflow.loadgen;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code loadgen run} drives a running system (devstack, compose, anything with the HTTP contract);
 * {@code loadgen bench} starts a fresh embedded stack and benchmarks it ({@code ./devstack bench}).
 */
@Command(
    name = "loadgen",
    mixinStandardHelpOptions = true,
    description = "Load generator and benchmark for orderflow.",
    subcommands = {LoadCommand.class, BenchCommand.class})
public final class Loadgen {

  public static void main(String[] args) {
    System.exit(new CommandLine(new Loadgen()).execute(args));
  }
}
