package dev.orderflow.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.devstack.drill.ActiveDrills;
import dev.orderflow.devstack.drill.ActiveDrills.Active;
import dev.orderflow.devstack.drill.ActiveDrills.Switched;
import dev.orderflow.devstack.drill.Drill;
import dev.orderflow.devstack.drill.DrillPages;
import dev.orderflow.devstack.drill.Expectation;
import dev.orderflow.devstack.drill.Expectation.Outcome;
import dev.orderflow.devstack.drill.Prometheus;
import dev.orderflow.devstack.prometheus.LocalPrometheus;
import dev.orderflow.devstack.supervisor.ProcessTag;
import dev.orderflow.devstack.supervisor.StaleProcesses;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * {@code ./devstack drill}: incident drills on the running stack, each defined by a page of {@code
 * docs/drills/} ({@link DrillPages}).
 *
 * <pre>
 * ./devstack drill list                     every drill: name, title, what it needs
 * ./devstack drill NAME start               faults on, parts held, traffic driven
 * ./devstack drill [NAME] check [--wait D] [--prometheus URL]
 *                                           one PASS/FAIL line per expectation, from Prometheus
 * ./devstack drill [NAME] stop              faults off, holds released, traffic stopped
 * ./devstack drill random                   starts a drill without saying which
 * ./devstack drill reveal                   says which drill runs, and its page
 * </pre>
 *
 * Without a NAME, {@code check} and {@code stop} act on every active drill. Drills that touch
 * different faults and parts may run at once; their traffic is one process at the sum of their
 * rates.
 */
public final class DrillCommand {

  static final Set<String> OPTIONS = Set.of("wait", "prometheus");

  /** How often {@code check --wait} asks Prometheus again. */
  static final Duration CHECK_EVERY = Duration.ofSeconds(5);

  /** How long a held part may take to stop after SIGTERM before it is killed. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  /** How long {@code stop} tries a fault again while a part it just released restarts. */
  private static final Duration RESTART_WAIT = Duration.ofSeconds(120);

  private static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);

  /** The tag of the traffic process, which names it in its pid file. */
  static final String TRAFFIC_PART = "drill-traffic";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private final DevstackOptions options;
  private final Map<String, String> environment;
  private final PrintStream out;
  private final PrintStream err;
  private final ActiveDrills active;

  private DrillCommand(
      DevstackOptions options, Map<String, String> environment, PrintStream out, PrintStream err) {
    this.options = options;
    this.environment = environment;
    this.out = out;
    this.err = err;
    this.active = new ActiveDrills(drillDir(options));
  }

  /**
   * Runs {@code drill <arguments>} against the stack {@code options} describe (as {@code
   * ./devstack} finds it: {@link DevstackOptions#withRunningTopology()}), printing to {@code out}
   * and {@code err}.
   *
   * @return the exit status: 0 done (for {@code check}: every expectation passed), 1 failed, 2 the
   *     arguments are wrong
   */
  public static int run(
      List<String> arguments,
      DevstackOptions options,
      Map<String, String> environment,
      PrintStream out,
      PrintStream err) {
    try {
      var parsed = Arguments.parse(arguments, Set.of(), OPTIONS);
      return new DrillCommand(options, environment, out, err).dispatch(parsed);
    } catch (IllegalArgumentException e) {
      err.println("devstack drill: " + e.getMessage());
      return 2;
    } catch (DevstackException | UncheckedIOException e) {
      err.println("devstack drill: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  /** {@code <dataDir>/drill}: the active drills and the traffic's pid. */
  static Path drillDir(DevstackOptions options) {
    return options.dataDir().resolve("drill");
  }

  private int dispatch(Arguments arguments) throws InterruptedException {
    var words = arguments.positionals();
    if (words.isEmpty()) {
      throw new IllegalArgumentException(
          "drill needs list, random, reveal, check, stop, or a drill's name and start|check|stop");
    }
    var first = words.getFirst();
    if (words.size() == 1) {
      return switch (first) {
        case "list" -> list();
        case "random" -> start(randomDrill(), true);
        case "reveal" -> reveal();
        case "check" -> check(activeDrills(), arguments);
        case "stop" -> stop(Optional.empty());
        case "start" ->
            throw new IllegalArgumentException("drill start needs a drill: drill NAME start");
        default ->
            throw new IllegalArgumentException(
                "drill %s needs an action: drill %s start|check|stop".formatted(first, first));
      };
    }
    if (words.size() > 2) {
      throw new IllegalArgumentException("Unexpected argument " + words.subList(2, words.size()));
    }
    var drill = DrillPages.named(options.repoRoot(), first);
    return switch (words.get(1)) {
      case "start" -> start(drill, false);
      case "check" -> check(List.of(drill), arguments);
      case "stop" -> stop(Optional.of(drill));
      default ->
          throw new IllegalArgumentException(
              "Unknown drill action '%s': start, check or stop".formatted(words.get(1)));
    };
  }

  private int list() {
    var rows = new ArrayList<List<String>>();
    rows.add(List.of("NAME", "TITLE", "NEEDS"));
    int status = 0;
    for (var page : DrillPages.pages(options.repoRoot())) {
      try {
        var drill = DrillPages.read(page);
        rows.add(List.of(drill.name(), drill.title(), needs(drill)));
      } catch (IllegalArgumentException e) {
        err.println(e.getMessage());
        status = 1;
      }
    }
    DeadLetterCommand.print(rows, out);
    out.println(
        (rows.size() - 1)
            + " drills in "
            + DrillPages.DIRECTORY
            + "/ (./devstack drill NAME start; the page says what to look at)");
    return status;
  }

  /** What the stack must run for the drill: {@code ./devstack --brokers 3}, traffic, holds. */
  private static String needs(Drill drill) {
    var needs = new ArrayList<String>();
    if (drill.brokers() == 3) {
      needs.add("--brokers 3");
    }
    if (drill.traffic() > 0) {
      needs.add("traffic " + rate(drill.traffic()) + "/s");
    }
    drill.holds().forEach(hold -> needs.add("holds " + hold.instance()));
    return needs.isEmpty() ? "-" : String.join(", ", needs);
  }

  private Drill randomDrill() {
    requireRunning();
    var candidates = new ArrayList<Drill>();
    for (var page : DrillPages.pages(options.repoRoot())) {
      var drill = DrillPages.read(page);
      if (drill.brokers() <= options.brokers()) {
        candidates.add(drill);
      }
    }
    var running = active.read().stream().map(Active::name).toList();
    candidates.removeIf(drill -> running.contains(drill.name()));
    if (candidates.isEmpty()) {
      throw new DevstackException(
          "No drill fits this stack that is not running already (./devstack drill list)");
    }
    return candidates.get(new Random().nextInt(candidates.size()));
  }

  // ---- start ----

  private int start(Drill drill, boolean hidden) throws InterruptedException {
    requireRunning();
    var prometheus = prometheus();
    if (drill.brokers() > options.brokers()) {
      throw new DevstackException(
          "%s needs %d Kafka nodes; this stack runs %d: start it with ./devstack --brokers %d"
              .formatted(
                  label(drill, hidden), drill.brokers(), options.brokers(), drill.brokers()));
    }
    var api = new AdminApi(options, AdminCredentials.of(options, environment).basicAuthorization());
    var started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    if (!hidden) {
      out.println("Starting drill " + drill.name() + ":");
    }
    int[] status = {0};
    active.update(drills -> {
      refuseConflicts(drill, drills);
      var switched = new ArrayList<Switched>();
      try {
        for (var fault : drill.faults()) {
          // Noted before the PUT: one that timed out or failed may have landed all the same.
          switched.add(new Switched(fault.service(), fault.fault(), fault.parameters()));
          switchOn(api, fault, hidden);
        }
        for (var hold : held(drill)) {
          hold(Instance.named(hold), hidden);
        }
        var withIt = new ArrayList<>(drills);
        withIt.add(
            new Active(
                drill.name(),
                drill.title(),
                options.repoRoot().relativize(drill.page()).toString(),
                hidden,
                started.toString(),
                switched,
                held(drill),
                drill.traffic()));
        restartTraffic(withIt, hidden);
        return withIt;
      } catch (RuntimeException | IOException e) {
        err.println("devstack drill: " + e.getMessage() + "; undoing what was done");
        switched.forEach(fault -> switchOffQuietly(api, fault));
        held(drill).forEach(hold -> release(hold, true));
        status[0] = 1;
        return drills;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DevstackException("Interrupted", e);
      }
    });
    if (status[0] != 0) {
      return status[0];
    }
    if (hidden) {
      out.printf(
          "A random drill started at %s UTC: %d fault(s) switched on, %d part(s) held, traffic %s"
              + " orders/s.%nIts name stays hidden: ./devstack drill reveal when you are done.%n",
          CLOCK.format(started), drill.faults().size(), held(drill).size(), rate(drill.traffic()));
    } else {
      out.printf(
          "Drill %s started at %s UTC: %s%nRead %s for what to look at.%n",
          drill.name(),
          CLOCK.format(started),
          drill.title(),
          options.repoRoot().relativize(drill.page()));
    }
    out.printf(
        "Verdict: ./devstack drill check [--wait 180s]; end it: ./devstack drill stop.%n"
            + "Prometheus: %s/alerts%n",
        prometheus.base());
    if (options.rules() != LocalPrometheus.Rules.TRAINING) {
      out.println(
          "Note: Prometheus runs the standard rules (alerts wait 5 minutes); the drills' timelines"
              + " are for ./devstack --training-rules (alerts after 1 minute).");
    }
    return 0;
  }

  private void refuseConflicts(Drill drill, List<Active> drills) {
    for (var running : drills) {
      if (running.name().equals(drill.name())) {
        throw new DevstackException(
            "%s runs already: ./devstack drill stop first"
                .formatted(label(drill, running.hidden())));
      }
      for (var fault : drill.faults()) {
        if (running.faults().stream()
            .anyMatch(other ->
                other.service().equals(fault.service()) && other.fault().equals(fault.fault()))) {
          throw new DevstackException(
              "%s switches %s %s, which a running drill holds on: ./devstack drill stop first"
                  .formatted(label(drill, false), fault.service(), fault.fault()));
        }
      }
      for (var hold : held(drill)) {
        if (running.holds().contains(hold)) {
          throw new DevstackException(
              "%s holds %s, which a running drill holds already: ./devstack drill stop first"
                  .formatted(label(drill, false), hold));
        }
      }
    }
  }

  private void switchOn(AdminApi api, Drill.Injection.Fault fault, boolean hidden)
      throws IOException, InterruptedException {
    var body = new LinkedHashMap<String, Object>();
    body.put("enabled", true);
    body.putAll(fault.parameters());
    var response =
        api.call(
            Service.named(fault.service()),
            "PUT",
            "/api/admin/faults/" + fault.fault(),
            JSON.writeValueAsString(body));
    if (response.statusCode() != 200) {
      throw new DevstackException(
          "%s %s was not switched on: %s"
              .formatted(fault.service(), fault.fault(), AdminApi.describe(response)));
    }
    if (!hidden) {
      out.println("  " + fault.service() + " " + fault.fault() + ": " + answer(response.body()));
    }
  }

  /** {@code on delayMs=500 (applied: inventory-1:8082; pending: none)}. */
  static String answer(String body) throws IOException {
    var fault = JSON.readTree(body);
    var instances = fault.path("instances");
    var spread =
        instances.isObject()
            ? "applied: %s; pending: %s"
                .formatted(names(instances.path("applied")), names(instances.path("pending")))
            : "instances unknown (MongoDB did not answer)";
    return "%s %s (%s)"
        .formatted(
            fault.path("enabled").asBoolean() ? "on" : "off",
            FaultsCommand.parameters(fault.path("parameters")),
            spread);
  }

  private static String names(JsonNode array) {
    var names = new ArrayList<String>();
    array.forEach(name -> names.add(name.asText()));
    return names.isEmpty() ? "none" : String.join(", ", names);
  }

  /**
   * Writes the part's hold file, then stops its process (SIGTERM; SIGKILL after 30 s): the
   * supervisor sees the hold and does not restart it.
   */
  private void hold(Instance instance, boolean hidden) throws IOException {
    var holdFile = options.holdFile(instance);
    Files.createDirectories(holdFile.getParent());
    Files.writeString(holdFile, "held by ./devstack drill since " + Instant.now() + "\n");
    var process =
        readPid(options.pidFile(instance))
            .flatMap(ProcessHandle::of)
            .filter(handle -> StaleProcesses.isTagged(handle, PartLaunch.tag(instance, options)));
    if (process.isEmpty()) {
      if (!hidden) {
        out.println(
            "  "
                + instance.name()
                + ": held (no live process of it was found to stop; it stays stopped)");
      }
      return;
    }
    stop(process.get());
    if (!hidden) {
      out.printf(
          "  %s: stopped (pid %d) and held: not restarted until ./devstack drill stop%n",
          instance.name(), process.get().pid());
    }
  }

  // ---- check ----

  private List<Drill> activeDrills() {
    var running = active.read();
    if (running.isEmpty()) {
      throw new DevstackException(
          "No drill is active: ./devstack drill NAME start, or ./devstack drill NAME check");
    }
    return running.stream()
        .map(drill -> DrillPages.named(options.repoRoot(), drill.name()))
        .toList();
  }

  private int check(List<Drill> drills, Arguments arguments) throws InterruptedException {
    var patience = arguments.durationValue("wait", Duration.ZERO);
    var prometheus =
        arguments.value("prometheus").map(DrillCommand::prometheusAt).orElseGet(this::prometheus);
    var hidden = active.read().stream().filter(Active::hidden).map(Active::name).toList();
    var deadline = Instant.now().plus(patience);
    var begin = Instant.now();
    List<List<Outcome>> verdicts;
    while (true) {
      verdicts = new ArrayList<>();
      for (var drill : drills) {
        verdicts.add(evaluate(drill, prometheus));
      }
      boolean passed = verdicts.stream().flatMap(List::stream).allMatch(Outcome::passed);
      if (passed || !Instant.now().plus(CHECK_EVERY).isBefore(deadline)) {
        break;
      }
      Thread.sleep(CHECK_EVERY);
    }
    for (int i = 0; i < drills.size(); i++) {
      var drill = drills.get(i);
      if (drills.size() > 1) {
        out.println(label(drill, hidden.contains(drill.name())) + ":");
      }
      verdicts.get(i).forEach(outcome -> out.println(outcome.line()));
    }
    var outcomes = verdicts.stream().flatMap(List::stream).toList();
    long passing = outcomes.stream().filter(Outcome::passed).count();
    out.printf(
        "%d of %d passed%s%n",
        passing,
        outcomes.size(),
        patience.isZero()
            ? ""
            : " (after %d s)".formatted(Duration.between(begin, Instant.now()).toSeconds()));
    return passing == outcomes.size() ? 0 : 1;
  }

  /** Every expectation of the drill; one Prometheus could not answer fails, saying why. */
  static List<Outcome> evaluate(Drill drill, Prometheus prometheus) throws InterruptedException {
    var outcomes = new ArrayList<Outcome>();
    for (var expectation : drill.expect()) {
      outcomes.add(evaluate(expectation, prometheus));
    }
    return outcomes;
  }

  private static Outcome evaluate(Expectation expectation, Prometheus prometheus)
      throws InterruptedException {
    try {
      return expectation.judge(prometheus.query(expectation.query()));
    } catch (IOException e) {
      return new Outcome(
          expectation, false, Objects.requireNonNullElse(e.getMessage(), e.toString()));
    }
  }

  // ---- stop ----

  private int stop(Optional<Drill> named) {
    var api = new AdminApi(options, AdminCredentials.of(options, environment).basicAuthorization());
    int[] status = {0};
    int[] stopped = {0};
    active.update(drills -> {
      var stopping = new ArrayList<Active>();
      if (named.isPresent()) {
        var drill = named.get();
        var running = drills.stream().filter(d -> d.name().equals(drill.name())).findFirst();
        // Not active (stopped already, or its state lost): what its page switches on and holds.
        stopping.add(running.orElseGet(() -> asActive(drill)));
      } else {
        stopping.addAll(drills);
      }
      if (stopping.isEmpty()) {
        return drills;
      }
      var stillOn = new ArrayList<Active>();
      for (var drill : stopping) {
        out.println("Stopping " + label(drill.name(), drill.title(), false) + ":");
        // Holds first: a drill holding mongo or the faulted service can then switch its faults off.
        var released =
            drill.holds().stream()
                .filter(hold -> !ownedByAnother(drill, drills, hold, Active::holds))
                .toList();
        released.forEach(hold -> release(hold, false));
        // A released mongo or faulted service answers again once the supervisor restarted it.
        boolean restarting =
            released.stream()
                .anyMatch(hold ->
                    hold.startsWith("mongo")
                        || drill.faults().stream().anyMatch(f -> hold.startsWith(f.service())));
        var failed = new ArrayList<Switched>();
        for (var fault : drill.faults()) {
          if (ownedByAnother(drill, drills, fault, Active::faults)) {
            out.printf(
                "  %s %s: left on, another active drill switched it on%n",
                fault.service(), fault.fault());
          } else if (switchOffWaiting(api, fault, restarting) != 0) {
            failed.add(fault);
          }
        }
        if (!failed.isEmpty()) {
          stillOn.add(drill.leavingOn(failed));
        }
        if (!failed.isEmpty()) {
          status[0] = 1;
          err.printf(
              "devstack drill: still on after stopping %s: %s; kept as active, run ./devstack drill"
                  + " stop again once the service answers%n",
              drill.name(),
              String.join(", ", failed.stream().map(f -> f.service() + " " + f.fault()).toList()));
        }
        stopped[0]++;
      }
      var names = stopping.stream().map(Active::name).toList();
      var left = new ArrayList<>(drills);
      left.removeIf(drill -> names.contains(drill.name()));
      left.addAll(stillOn);
      restartTraffic(left, false);
      return left;
    });
    if (stopped[0] == 0) {
      out.println("No drill is active; nothing to stop.");
      stopTraffic();
      return 0;
    }
    out.println(
        "Check that every guarantee holds again once the system caught up:"
            + " ./devstack verify --wait 120s");
    return status[0];
  }

  /**
   * Whether an active drill other than {@code drill} switched on or holds {@code item}: {@code
   * drill NAME stop} of a drill that is not active must not undo what another one did.
   */
  private static <T> boolean ownedByAnother(
      Active drill, List<Active> drills, T item, Function<Active, List<T>> items) {
    return drills.stream()
        .filter(other -> !other.name().equals(drill.name()))
        .anyMatch(other -> items.apply(other).stream().anyMatch(owned -> same(owned, item)));
  }

  private static boolean same(Object owned, Object item) {
    if (owned instanceof Switched a && item instanceof Switched b) {
      return a.service().equals(b.service()) && a.fault().equals(b.fault());
    }
    return owned.equals(item);
  }

  /**
   * The instances the drill's holds stop: a service's name ({@code inventory-service}) holds every
   * instance of it on a stack of {@code --instances N}; {@code order-service-2} holds that one.
   */
  private List<String> held(Drill drill) {
    var held = new ArrayList<String>();
    for (var hold : drill.holds()) {
      var service =
          options.services().stream()
              .filter(candidate -> candidate.partName().equals(hold.instance()))
              .findFirst();
      if (service.isPresent()) {
        options.instancesOf(service.get()).forEach(instance -> held.add(instance.name()));
      } else {
        held.add(hold.instance());
      }
    }
    return held;
  }

  private Active asActive(Drill drill) {
    return new Active(
        drill.name(),
        drill.title(),
        options.repoRoot().relativize(drill.page()).toString(),
        false,
        Instant.now().toString(),
        drill.faults().stream()
            .map(fault -> new Switched(fault.service(), fault.fault(), fault.parameters()))
            .toList(),
        held(drill),
        drill.traffic());
  }

  /**
   * Switches the fault off; when {@code restarting} (a part it needs was just released), tries
   * again every second for up to {@link #RESTART_WAIT} while the service does not answer 200.
   */
  private int switchOffWaiting(AdminApi api, Switched fault, boolean restarting) {
    if (!restarting) {
      return switchOff(api, fault);
    }
    var deadline = Instant.now().plus(RESTART_WAIT);
    while (Instant.now().isBefore(deadline)) {
      if (switchOffReporting(api, fault, false) == 0) {
        return 0;
      }
      try {
        Thread.sleep(RETRY_INTERVAL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return switchOff(api, fault);
  }

  private int switchOff(AdminApi api, Switched fault) {
    return switchOffReporting(api, fault, true);
  }

  private int switchOffReporting(AdminApi api, Switched fault, boolean report) {
    try {
      var response =
          api.call(
              Service.named(fault.service()), "DELETE", "/api/admin/faults/" + fault.fault(), null);
      if (response.statusCode() != 200) {
        if (!report) {
          return 1;
        }
        err.println(
            "  %s %s was not switched off: %s"
                .formatted(fault.service(), fault.fault(), AdminApi.describe(response)));
        return 1;
      }
      out.println("  " + fault.service() + " " + fault.fault() + ": " + answer(response.body()));
      return 0;
    } catch (DevstackException | IOException e) {
      if (!report) {
        return 1;
      }
      err.println(
          "  %s %s was not switched off: %s"
              .formatted(fault.service(), fault.fault(), e.getMessage()));
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  private void switchOffQuietly(AdminApi api, Switched fault) {
    int status = switchOff(api, fault);
    if (status != 0) {
      err.println("  switch it off by hand: ./devstack faults");
    }
  }

  /** Removes the hold file: the supervisor starts the part again within a second or two. */
  private void release(String instance, boolean quietly) {
    try {
      boolean held = Files.deleteIfExists(options.holdFile(Instance.named(instance)));
      if (!quietly) {
        out.println(
            "  "
                + instance
                + (held
                    ? ": released; the supervisor starts it again within a few seconds"
                    : ": not held"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- reveal ----

  private int reveal() {
    var running = active.read();
    if (running.isEmpty()) {
      out.println("No drill is active.");
      return 0;
    }
    for (var drill : running) {
      var startedAt = Instant.parse(drill.startedAt());
      out.printf(
          "%s: %s%n  started %s UTC, %d min ago; read %s (the answer key is folded at its end)%n",
          drill.name(),
          drill.title(),
          CLOCK.format(startedAt),
          Duration.between(startedAt, Instant.now()).toMinutes(),
          drill.page());
    }
    return 0;
  }

  // ---- traffic ----

  /**
   * One traffic process at the sum of the active drills' rates: the one running is stopped, and a
   * new one started if the sum is above 0. It runs detached ({@code setsid} where there is one),
   * survives this command, and ends with the supervisor it follows.
   */
  private void restartTraffic(List<Active> drills, boolean hidden) {
    double rate = drills.stream().mapToDouble(Active::traffic).sum();
    stopTraffic();
    if (rate <= 0) {
      return;
    }
    if (!options.services().contains(Service.ORDER)) {
      err.println("  no traffic: this stack does not run order-service");
      return;
    }
    var command = new ArrayList<String>();
    LocalPrometheus.onPath("setsid", environment)
        .ifPresent(setsid -> command.add(setsid.toString()));
    command.add(PartLaunch.javaExecutable());
    command.addAll(List.of("-Xms16m", "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    command.addAll(trafficTag().javaOptions());
    command.add("-Ddevstack.root=" + options.repoRoot());
    command.addAll(List.of("-jar", options.devstackJar().toString(), "traffic"));
    command.addAll(List.of("--rate", Double.toString(rate)));
    command.addAll(List.of("--orders", url(Service.ORDER)));
    if (options.services().contains(Service.INVENTORY)) {
      command.addAll(List.of("--inventory", url(Service.INVENTORY)));
    }
    command.addAll(
        List.of("--ledger", RunCommand.ledgers(options).resolve(TrafficCommand.LEDGER).toString()));
    readPid(options.dataDir().resolve("run").resolve("devstack.pid"))
        .ifPresent(supervisor -> command.addAll(List.of("--follow", supervisor.toString())));
    var log = options.dataDir().resolve("logs").resolve("drill-traffic.log");
    try {
      Files.createDirectories(log.getParent());
      var process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(Redirect.appendTo(log.toFile()))
              .redirectInput(Redirect.from(new File("/dev/null")))
              .start();
      Files.createDirectories(trafficPidFile().getParent());
      Files.writeString(trafficPidFile(), process.pid() + System.lineSeparator());
      if (!hidden) {
        out.printf("  traffic: %s orders/s (pid %d, log %s)%n", rate(rate), process.pid(), log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the drill's traffic", e);
    }
  }

  /** Stops the traffic process if it runs; whether there was one. */
  private boolean stopTraffic() {
    var process =
        readPid(trafficPidFile())
            .flatMap(ProcessHandle::of)
            .filter(handle -> StaleProcesses.isTagged(handle, trafficTag()));
    process.ifPresent(this::stop);
    try {
      Files.deleteIfExists(trafficPidFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return process.isPresent();
  }

  Path trafficPidFile() {
    return drillDir(options).resolve("traffic.pid");
  }

  private ProcessTag trafficTag() {
    return new ProcessTag(TRAFFIC_PART, options.dataDir());
  }

  private void stop(ProcessHandle process) {
    process.destroy();
    try {
      process.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      process.destroyForcibly();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- the stack ----

  /** A supervisor runs on this data directory: its topology file and its live pid. */
  private void requireRunning() {
    var supervisor = readPid(options.dataDir().resolve("run").resolve("devstack.pid"));
    if (!Files.isRegularFile(options.topologyFile())
        || supervisor.flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive).isEmpty()) {
      throw new DevstackException(
          "No ./devstack runs on %s: start it first (./devstack --training-rules for the drills'"
                  .formatted(options.dataDir())
              + " timings)");
    }
  }

  /**
   * A Prometheus named by {@code --prometheus URL}, e.g. compose's: the drill's expectations are
   * read from it whatever runs this checkout; it must answer.
   */
  private static Prometheus prometheusAt(String url) {
    URI base;
    try {
      base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    } catch (IllegalArgumentException e) {
      throw new DevstackException(
          "--prometheus needs a URL such as http://localhost:9090, was " + url);
    }
    if (base.getScheme() == null || base.getHost() == null) {
      throw new DevstackException(
          "--prometheus needs a URL such as http://localhost:9090, was " + url);
    }
    var prometheus = new Prometheus(base);
    if (!prometheus.isReady()) {
      throw new DevstackException("Prometheus does not answer at %s".formatted(prometheus.base()));
    }
    return prometheus;
  }

  /** The stack's Prometheus, which must answer. */
  private Prometheus prometheus() {
    if (!options.prometheus()) {
      throw new DevstackException(
          "This stack runs without Prometheus, which gives a drill its verdict: install it"
              + " (sudo apt-get install prometheus) and start ./devstack again");
    }
    var prometheus =
        new Prometheus(URI.create("http://localhost:" + options.port(Infrastructure.PROMETHEUS)));
    if (!prometheus.isReady()) {
      throw new DevstackException(
          "Prometheus does not answer at %s (DEVSTACK_PROMETHEUS_PORT moves it; is ./devstack"
                  .formatted(prometheus.base())
              + " running with Prometheus?)");
    }
    return prometheus;
  }

  private String url(Service service) {
    return "http://localhost:" + options.port(Instance.first(service));
  }

  private static Optional<Long> readPid(Path pidFile) {
    try {
      return Optional.of(Long.parseLong(Files.readString(pidFile).strip()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String label(Drill drill, boolean hidden) {
    return label(drill.name(), drill.title(), hidden);
  }

  private static String label(String name, String title, boolean hidden) {
    return hidden ? "the random drill" : "drill " + name + " (" + title + ")";
  }

  /** {@code 2}, {@code 1.5}. */
  static String rate(double rate) {
    return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
  }
}
