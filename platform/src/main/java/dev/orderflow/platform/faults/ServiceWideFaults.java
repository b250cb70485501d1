package dev.orderflow.platform.faults;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import dev.orderflow.platform.instance.InstanceName;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The faults of a service, switched through any of its instances and applied by all of them.
 *
 * <p>The service's database holds the wanted state of each fault in {@value #FAULTS}: one document
 * per fault, with a revision raised at every switch. Every instance reads that small collection
 * every {@code poll-interval}, applies what changed to its own {@link Faults} (the code a fault
 * strikes keeps asking memory), and reports the revisions it applied in {@value #INSTANCES}, one
 * document per instance, with a heartbeat. A switch writes the wanted state, applies it here at
 * once, then waits (at most {@code wait-at-most}) until every instance heard of recently has
 * reported it, and says which have and which have not.
 *
 * <p>The state outlives the instances: one that starts (or restarts) takes the faults that are on.
 * While MongoDB does not answer, an instance keeps the faults it has, logs the outage once, counts
 * each failed read in {@code faults_sharing_failures_total}, and a switch is refused ({@link
 * FaultsUnavailableException}) rather than applied to one instance only.
 */
public final class ServiceWideFaults implements SmartLifecycle {

  static final String FAULTS = "faults";
  static final String INSTANCES = "instances";

  /** The longest any one read or write of the shared state may take. */
  private static final long TIMEOUT_MS = 2_000;

  private static final Logger log = LoggerFactory.getLogger(ServiceWideFaults.class);

  /** The instances that applied a switch, and those heard of recently that have not yet. */
  public record Instances(List<String> applied, List<String> pending) {

    public Instances {
      applied = List.copyOf(applied);
      pending = List.copyOf(pending);
    }
  }

  /** A fault as this instance has it after a switch, and where else the switch has arrived. */
  public record Switched(Fault fault, Instances instances) {}

  private final Faults faults;
  private final MongoCollection<Document> wanted;
  private final MongoCollection<Document> instances;
  private final InstanceName instance;
  private final FaultSharingProperties properties;
  private final Clock clock;
  private final Counter failures;

  /** The revision of each fault this instance has seen, and of those it applied. */
  private final Map<String, Long> seen = new TreeMap<>();

  private final Map<String, Long> applied = new TreeMap<>();
  private long nextHeartbeat = System.nanoTime();
  private boolean away;
  private volatile @Nullable ScheduledExecutorService poller;

  public ServiceWideFaults(
      Faults faults,
      MongoTemplate mongo,
      InstanceName instance,
      FaultSharingProperties properties,
      MeterRegistry meters,
      Clock clock) {
    this.faults = faults;
    // A switch answers 503 within seconds, not after the driver's 30 s server selection.
    this.wanted = mongo.getCollection(FAULTS).withTimeout(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    this.instances = mongo.getCollection(INSTANCES).withTimeout(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    this.instance = instance;
    this.properties = properties;
    this.clock = clock;
    this.failures =
        Counter.builder("faults.sharing.failures")
            .description("Reads or reports of the service-wide faults that MongoDB did not answer")
            .register(meters);
  }

  /** Switches {@code name} on for every instance; validation as {@link Faults#enable}. */
  public Switched enable(String name, Map<String, Long> parameters) {
    var fault = faults.named(name);
    fault.check(parameters);
    var update =
        Updates.combine(
            Updates.set("enabled", true),
            Updates.set("parameters", new Document(new LinkedHashMap<String, Object>(parameters))),
            Updates.set("since", Date.from(clock.instant())),
            Updates.inc("revision", 1L));
    return share(fault, update);
  }

  /** Switches {@code name} off for every instance. */
  public Switched disable(String name) {
    var fault = faults.named(name);
    var update =
        Updates.combine(
            Updates.set("enabled", false),
            Updates.unset("parameters"),
            Updates.unset("since"),
            Updates.inc("revision", 1L));
    return share(fault, update);
  }

  /**
   * For each fault, the instances heard of recently that have applied its latest switch and those
   * that have not.
   */
  public Map<String, Instances> instances() {
    try {
      var revisions = new TreeMap<String, Long>();
      for (var document : wanted.find()) {
        revisions.put(document.getString("_id"), revision(document));
      }
      var alive = alive();
      var answer = new LinkedHashMap<String, Instances>();
      for (var fault : faults.all()) {
        var revision = revisions.getOrDefault(fault.name(), 0L);
        answer.put(fault.name(), split(alive, fault.name(), revision));
      }
      return answer;
    } catch (MongoException | DataAccessException e) {
      throw unavailable(e);
    }
  }

  private Switched share(Fault fault, org.bson.conversions.Bson update) {
    Document state;
    try {
      state =
          wanted.findOneAndUpdate(
              eq("_id", fault.name()),
              update,
              new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
    } catch (MongoException | DataAccessException e) {
      throw unavailable(e);
    }
    if (state == null) {
      throw new IllegalStateException("An upsert of fault " + fault.name() + " returned nothing");
    }
    var revision = revision(state);
    synchronized (this) {
      apply(state, "through this instance");
      report();
    }
    try {
      return new Switched(fault, await(fault.name(), revision));
    } catch (MongoException | DataAccessException e) {
      throw unavailable(e);
    }
  }

  private Instances await(String name, long revision) {
    // Elapsed time, not the clock: a service's clock may be a test's fixed one.
    var deadline = System.nanoTime() + properties.waitAtMost().toNanos();
    while (true) {
      var split = split(alive(), name, revision);
      if (split.pending().isEmpty() || System.nanoTime() - deadline >= 0) {
        return split;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  private List<Document> alive() {
    var since = Date.from(clock.instant().minus(properties.aliveWithin()));
    return instances.find(gte("heartbeat", since)).into(new ArrayList<>());
  }

  private Instances split(List<Document> alive, String fault, long revision) {
    var done = new ArrayList<String>();
    var pending = new ArrayList<String>();
    for (var document : alive) {
      var reported = document.get("faults", Document.class);
      var at = reported == null ? null : (Number) reported.get(fault);
      var name = document.getString("_id");
      if (revision == 0 || (at != null && at.longValue() >= revision)) {
        done.add(name);
      } else {
        pending.add(name);
      }
    }
    done.sort(null);
    pending.sort(null);
    return new Instances(done, pending);
  }

  /** Reads the wanted state, applies what changed, reports it (and a heartbeat when due). */
  synchronized void poll() {
    try {
      var changed = false;
      for (var document : wanted.find()) {
        changed |= apply(document, "across the service");
      }
      if (changed || System.nanoTime() - nextHeartbeat >= 0) {
        report();
      }
      if (away) {
        away = false;
        log.info("MongoDB answers again: faults follow the service-wide state");
      }
    } catch (MongoException | DataAccessException e) {
      failures.increment();
      if (!away) {
        away = true;
        log.warn(
            "The service-wide faults cannot be read ({}): this instance keeps its faults as they are"
                + " until MongoDB answers",
            e.toString());
      }
    }
  }

  /** True if the document held a switch this instance had not seen. */
  private boolean apply(Document state, String how) {
    var name = state.getString("_id");
    var revision = revision(state);
    if (revision <= seen.getOrDefault(name, 0L)) {
      return false;
    }
    seen.put(name, revision);
    var fault = faults.find(name);
    if (fault.isEmpty()) {
      // A fault of another version of the service, which this one does not have.
      return false;
    }
    try {
      if (Boolean.TRUE.equals(state.getBoolean("enabled"))) {
        var parameters = new LinkedHashMap<String, Long>();
        var given = state.get("parameters", Document.class);
        if (given != null) {
          given.forEach((key, value) -> parameters.put(key, ((Number) value).longValue()));
        }
        var since = state.getDate("since");
        fault.get().enable(parameters, since == null ? clock.instant() : since.toInstant());
        log.warn("Fault {} switched ON {} with {}", name, how, parameters);
      } else {
        if (fault.get().active()) {
          log.warn("Fault {} switched off {}", name, how);
        }
        fault.get().disable();
      }
    } catch (IllegalArgumentException e) {
      log.warn("Fault {}: revision {} not applied here: {}", name, revision, e.getMessage());
      return false;
    }
    applied.put(name, revision);
    return true;
  }

  private void report() {
    var now = clock.instant();
    instances.replaceOne(
        eq("_id", instance.value()),
        new Document("_id", instance.value())
            .append("heartbeat", Date.from(now))
            .append("faults", new Document(new LinkedHashMap<String, Object>(applied))),
        new ReplaceOptions().upsert(true));
    nextHeartbeat = System.nanoTime() + properties.heartbeatInterval().toNanos();
  }

  private static long revision(Document state) {
    var revision = state.get("revision");
    return revision instanceof Number number ? number.longValue() : 0L;
  }

  private static FaultsUnavailableException unavailable(RuntimeException e) {
    return new FaultsUnavailableException(
        "The faults of this service are kept in MongoDB, which does not answer: " + e.getMessage(),
        e);
  }

  /** Takes the faults that are on, then follows the service-wide state. */
  @Override
  public void start() {
    poll();
    var scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> Thread.ofPlatform().name("faults-sharing").daemon().unstarted(runnable));
    var every = properties.pollInterval().toMillis();
    scheduler.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
    poller = scheduler;
  }

  /** Stops following and leaves the registry, so that no switch waits for this instance. */
  @Override
  public void stop() {
    var scheduler = poller;
    if (scheduler == null) {
      return;
    }
    scheduler.shutdownNow();
    poller = null;
    try {
      instances.deleteOne(eq("_id", instance.value()));
    } catch (MongoException | DataAccessException e) {
      log.info("Left the faults' instance registry as is ({}): it ages out", e.toString());
    }
  }

  @Override
  public boolean isRunning() {
    return poller != null;
  }
}
