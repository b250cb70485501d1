package dev.orderflow.platform.faults;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import dev.orderflow.platform.instance.InstanceName;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
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
 * per fault, with an epoch (made when the document is created) and a revision raised at every
 * switch. Every instance reads that small collection every {@code poll-interval}, applies what
 * changed to its own {@link Faults} (the code a fault strikes keeps asking memory), and reports the
 * epoch and revision it applied in {@value #INSTANCES}, one document per instance, with a heartbeat
 * stamped by the database's clock. A switch writes the wanted state, applies it here at once, then
 * waits (at most {@code wait-at-most}, and three seconds in all) until every instance heard of
 * recently has reported it, and says which have and which have not.
 *
 * <p>The state outlives the instances: one that starts (or restarts) takes the faults that are on,
 * before it consumes or serves. A fault whose document is gone (the collection dropped or restored)
 * is off; a document recreated starts a new epoch, so its revisions count afresh. A document this
 * instance cannot read is skipped, logged and counted ({@code faults_sharing_rejected_total}),
 * never a reason to stop following. While MongoDB does not answer, an instance keeps the faults it
 * has, logs the outage once, counts each failed read in {@code faults_sharing_failures_total}, and
 * a switch is refused ({@link FaultsUnavailableException}) rather than applied to one instance
 * only.
 */
public final class ServiceWideFaults implements SmartLifecycle {

  static final String FAULTS = "faults";
  static final String INSTANCES = "instances";

  /** The collections this keeps in the service's database. */
  public static final Set<String> COLLECTIONS = Set.of(FAULTS, INSTANCES);

  /** The longest any one read or write of the shared state may take. */
  private static final Duration OPERATION = Duration.ofSeconds(2);

  /** The longest a switch may take in all: its write, its report and the wait for the others. */
  private static final Duration SWITCH = Duration.ofSeconds(3);

  /** Registry entries not heard of for this long (instances killed, renamed) are deleted. */
  static final Duration FORGOTTEN_AFTER = Duration.ofHours(1);

  private static final Duration CLEANUP_EVERY = Duration.ofMinutes(1);

  /**
   * Before every phase that consumes or serves (the relay, the listener containers, the web
   * server): the faults that are on apply to the first record and request; and stops after them.
   */
  static final int PHASE = 0;

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

  /** Which switch of a fault: its document's epoch and the revision within it. */
  private record Revision(String epoch, long number) {

    boolean reaches(Revision wanted) {
      return epoch.equals(wanted.epoch) && number >= wanted.number;
    }

    Document toDocument() {
      return new Document("epoch", epoch).append("revision", number);
    }

    static Revision of(Document state) {
      var epoch = state.get("epoch");
      var number = state.get("revision");
      return new Revision(
          epoch == null ? "" : epoch.toString(), number instanceof Number n ? n.longValue() : 0L);
    }
  }

  private final Faults faults;
  private final MongoCollection<Document> wanted;
  private final MongoCollection<Document> instances;
  private final InstanceName instance;
  private final FaultSharingProperties properties;
  private final Clock clock;
  private final Counter failures;
  private final Counter rejected;

  /** Guards what follows; never held across a wait for the others, only across bounded I/O. */
  private final ReentrantLock lock = new ReentrantLock();

  /** The revision of each fault this instance has seen, and of those it applied. */
  private final Map<String, Revision> seen = new TreeMap<>();

  private final Map<String, Revision> applied = new ConcurrentHashMap<>();

  /** The documents skipped as unreadable, by id, so that each is logged and counted once. */
  private final Map<String, Document> unreadable = new HashMap<>();

  private long nextHeartbeat = System.nanoTime();
  private long nextCleanup = System.nanoTime();
  private boolean indexed;
  private boolean away;
  private boolean stopped;

  /** The database's clock at this instance's last heartbeat, and when (elapsed time) it came. */
  private volatile @Nullable Instant databaseTime;

  private volatile long databaseTimeAt;

  /** The live instances as last read, for an answer when the registry cannot be read. */
  private volatile List<String> lastAlive = List.of();

  private volatile @Nullable ScheduledExecutorService poller;

  public ServiceWideFaults(
      Faults faults,
      MongoTemplate mongo,
      InstanceName instance,
      FaultSharingProperties properties,
      MeterRegistry meters,
      Clock clock) {
    this.faults = faults;
    this.wanted = mongo.getCollection(FAULTS);
    this.instances = mongo.getCollection(INSTANCES);
    this.instance = instance;
    this.properties = properties;
    this.clock = clock;
    this.failures =
        Counter.builder("faults.sharing.failures")
            .description("Reads or reports of the service-wide faults that MongoDB did not answer")
            .register(meters);
    this.rejected =
        Counter.builder("faults.sharing.rejected")
            .description("Documents of the service-wide faults that could not be read, skipped")
            .register(meters);
  }

  /**
   * Switches {@code name} on for every instance; validation as {@link Faults#enable}. Once saved,
   * the fault's {@link Fault#onRequestedHere} listeners run here, on this instance only.
   */
  public Switched enable(String name, Map<String, Long> parameters) {
    var fault = faults.named(name);
    fault.check(parameters);
    var update =
        Updates.combine(
            Updates.set("enabled", true),
            Updates.set("parameters", new Document(new LinkedHashMap<String, Object>(parameters))),
            Updates.set("since", Date.from(clock.instant())),
            Updates.inc("revision", 1L),
            Updates.setOnInsert("epoch", new ObjectId()));
    var switched = share(fault, update);
    // Saved: what the fault does once per switch happens here, on the instance that took it.
    fault.requestedHere(parameters);
    return switched;
  }

  /** Switches {@code name} off for every instance. */
  public Switched disable(String name) {
    var fault = faults.named(name);
    var update =
        Updates.combine(
            Updates.set("enabled", false),
            Updates.unset("parameters"),
            Updates.unset("since"),
            Updates.inc("revision", 1L),
            Updates.setOnInsert("epoch", new ObjectId()));
    return share(fault, update);
  }

  /**
   * For each fault, the instances heard of recently that have applied its latest switch and those
   * that have not; {@code null} while MongoDB does not answer (this instance's faults still show).
   */
  public @Nullable Map<String, Instances> instances() {
    var deadline = System.nanoTime() + OPERATION.toNanos();
    try {
      var revisions = new HashMap<String, Revision>();
      for (var document : within(wanted, deadline).find()) {
        if (document.get("_id") instanceof String name) {
          revisions.put(name, Revision.of(document));
        }
      }
      var alive = alive(deadline);
      var answer = new LinkedHashMap<String, Instances>();
      for (var fault : faults.all()) {
        answer.put(fault.name(), split(alive, fault.name(), revisions.get(fault.name())));
      }
      return answer;
    } catch (MongoException | DataAccessException e) {
      log.debug("The faults' instance registry cannot be read: {}", e.toString());
      return null;
    }
  }

  private Switched share(Fault fault, Bson update) {
    var deadline = System.nanoTime() + SWITCH.toNanos();
    Document state;
    try {
      state =
          within(wanted, deadline)
              .findOneAndUpdate(
                  eq("_id", fault.name()),
                  update,
                  new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
    } catch (MongoException | DataAccessException e) {
      // The write may still be applied: the answer must not say it was not.
      throw unavailable(e);
    }
    if (state == null) {
      throw new IllegalStateException("An upsert of fault " + fault.name() + " returned nothing");
    }
    // Saved: every instance follows it from here on, so the answer is a 200 whatever comes next.
    var revision = Revision.of(state);
    try {
      if (lock.tryLock(remaining(deadline), TimeUnit.NANOSECONDS)) {
        try {
          apply(state, "through this instance");
          report(deadline);
        } finally {
          lock.unlock();
        }
      }
      return new Switched(fault, await(fault.name(), revision, deadline));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Switched(fault, unconfirmed(fault.name(), revision));
    } catch (RuntimeException e) {
      log.warn(
          "Fault {} switched for the service, but where it has arrived cannot be told: {}",
          fault.name(),
          e.toString());
      return new Switched(fault, unconfirmed(fault.name(), revision));
    }
  }

  /** Without the registry: this instance if it applied the switch, every other one pending. */
  private Instances unconfirmed(String name, Revision revision) {
    var here = instance.value();
    var done = revision.equals(applied.get(name));
    var pending = new ArrayList<String>();
    for (var other : lastAlive) {
      if (!other.equals(here)) {
        pending.add(other);
      }
    }
    if (!done) {
      pending.add(here);
    }
    pending.sort(null);
    return new Instances(done ? List.of(here) : List.of(), pending);
  }

  private Instances await(String name, Revision revision, long deadline) {
    var until = Math.min(deadline, System.nanoTime() + properties.waitAtMost().toNanos());
    while (true) {
      var split = split(alive(deadline), name, revision);
      if (split.pending().isEmpty() || System.nanoTime() - until >= 0) {
        return split;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  /**
   * The instances whose heartbeat is recent by the database's clock: every heartbeat is stamped by
   * the database, and this instance estimates the database's time now from its own last heartbeat
   * and the time elapsed since, so the instances' own clocks never matter.
   */
  private List<Document> alive(long deadline) {
    var since = Date.from(databaseNow().minus(properties.aliveWithin()));
    var alive = within(instances, deadline).find(gte("heartbeat", since)).into(new ArrayList<>());
    var names = new ArrayList<String>();
    for (var document : alive) {
      if (document.get("_id") instanceof String name) {
        names.add(name);
      }
    }
    lastAlive = List.copyOf(names);
    return alive;
  }

  private Instant databaseNow() {
    var time = databaseTime;
    if (time == null) {
      return clock.instant();
    }
    return time.plusNanos(System.nanoTime() - databaseTimeAt);
  }

  private static Instances split(List<Document> alive, String fault, @Nullable Revision revision) {
    var done = new ArrayList<String>();
    var pending = new ArrayList<String>();
    for (var document : alive) {
      if (!(document.get("_id") instanceof String name)) {
        continue;
      }
      if (revision == null
          || reported(document, fault).map(r -> r.reaches(revision)).orElse(false)) {
        done.add(name);
      } else {
        pending.add(name);
      }
    }
    done.sort(null);
    pending.sort(null);
    return new Instances(done, pending);
  }

  private static Optional<Revision> reported(Document instance, String fault) {
    if (instance.get("faults") instanceof Document reported
        && reported.get(fault) instanceof Document revision) {
      return Optional.of(Revision.of(revision));
    }
    return Optional.empty();
  }

  /** Reads the wanted state, applies what changed, reports it (and a heartbeat when due). */
  void poll() {
    try {
      lock.lockInterruptibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    try {
      if (stopped) {
        return;
      }
      var deadline = System.nanoTime() + OPERATION.toNanos();
      var states = within(wanted, deadline).find().into(new ArrayList<>());
      var changed = follow(states);
      if (instance.resolved() && (changed || System.nanoTime() - nextHeartbeat >= 0)) {
        report(System.nanoTime() + OPERATION.toNanos());
        alive(System.nanoTime() + OPERATION.toNanos());
      }
      if (instance.resolved() && System.nanoTime() - nextCleanup >= 0) {
        cleanUp(System.nanoTime() + OPERATION.toNanos());
      }
      if (away) {
        away = false;
        log.info("MongoDB answers again: faults follow the service-wide state");
      }
    } catch (RuntimeException e) {
      // Whatever it is, the next poll tries again: a scheduled task that threw would never run
      // again.
      failures.increment();
      if (!away) {
        away = true;
        log.warn(
            "The service-wide faults cannot be read ({}): this instance keeps its faults as they are"
                + " until they can",
            e.toString());
      }
    } finally {
      lock.unlock();
    }
  }

  /** Applies each document; a fault whose document is gone is off. True if anything changed. */
  private boolean follow(List<Document> states) {
    var changed = false;
    var present = new HashSet<String>();
    for (var state : states) {
      var id = String.valueOf(state.get("_id"));
      present.add(id);
      try {
        changed |= apply(state, "across the service");
        unreadable.remove(id);
      } catch (RuntimeException e) {
        if (!state.equals(unreadable.put(id, state))) {
          rejected.increment();
          log.warn(
              "Fault document {} skipped, it cannot be read: {}", state.toJson(), e.toString());
        }
      }
    }
    unreadable.keySet().retainAll(present);
    for (var name : List.copyOf(seen.keySet())) {
      if (!present.contains(name)) {
        seen.remove(name);
        applied.remove(name);
        changed = true;
        faults
            .find(name)
            .ifPresent(fault -> {
              if (fault.active()) {
                log.warn("Fault {} switched off: its service-wide state is gone", name);
              }
              fault.disable();
            });
      }
    }
    return changed;
  }

  /** True if the document held a switch this instance had not seen. */
  private boolean apply(Document state, String how) {
    var name = state.getString("_id");
    if (name == null) {
      throw new IllegalArgumentException("no _id");
    }
    var revision = Revision.of(state);
    var before = seen.get(name);
    if (before != null && before.reaches(revision)) {
      return false;
    }
    var enabled = Boolean.TRUE.equals(state.getBoolean("enabled"));
    var parameters = new LinkedHashMap<String, Long>();
    var given = state.get("parameters", Document.class);
    if (given != null) {
      given.forEach((key, value) -> parameters.put(key, ((Number) value).longValue()));
    }
    var since = state.getDate("since");
    seen.put(name, revision);
    var fault = faults.find(name);
    if (fault.isEmpty()) {
      // A fault of another version of the service, which this one does not have.
      return false;
    }
    try {
      if (enabled) {
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

  /** Writes this instance's heartbeat (the database's time) and the revisions it applied. */
  private void report(long deadline) {
    if (stopped || !instance.resolved()) {
      return;
    }
    var reported = new Document();
    new TreeMap<>(applied)
        .forEach((name, revision) -> reported.append(name, revision.toDocument()));
    var after =
        within(instances, deadline)
            .findOneAndUpdate(
                eq("_id", instance.value()),
                Updates.combine(Updates.currentDate("heartbeat"), Updates.set("faults", reported)),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
    if (after != null && after.get("heartbeat") instanceof Date heartbeat) {
      databaseTime = heartbeat.toInstant();
      databaseTimeAt = System.nanoTime();
    }
    nextHeartbeat = System.nanoTime() + properties.heartbeatInterval().toNanos();
  }

  /**
   * Forgets the instances not heard of for an hour (no TTL index: the in-process server lacks it).
   */
  private void cleanUp(long deadline) {
    nextCleanup = System.nanoTime() + CLEANUP_EVERY.toNanos();
    if (!indexed) {
      within(instances, deadline).createIndex(Indexes.ascending("heartbeat"));
      indexed = true;
    }
    if (databaseTime != null) {
      var before = Date.from(databaseNow().minus(FORGOTTEN_AFTER));
      var gone = within(instances, deadline).deleteMany(lt("heartbeat", before)).getDeletedCount();
      if (gone > 0) {
        log.info("Forgot {} instances not heard of for {}", gone, FORGOTTEN_AFTER);
      }
    }
  }

  private static MongoCollection<Document> within(
      MongoCollection<Document> collection, long deadline) {
    // A switch answers within seconds while MongoDB is away, not after the driver's 30 s server
    // selection.
    var left = Math.min(remaining(deadline), OPERATION.toNanos());
    return collection.withTimeout(
        Math.max(TimeUnit.NANOSECONDS.toMillis(left), 1), TimeUnit.MILLISECONDS);
  }

  private static long remaining(long deadline) {
    return Math.max(deadline - System.nanoTime(), 0);
  }

  private static FaultsUnavailableException unavailable(RuntimeException e) {
    return new FaultsUnavailableException(
        "The faults of this service are kept in MongoDB, which did not answer in time; the switch"
            + " may or may not be saved (GET the faults to check): "
            + e.getMessage(),
        e);
  }

  /**
   * Takes the faults that are on, then follows the service-wide state. Bounded: with MongoDB away,
   * the instance starts with its faults off after a couple of seconds and follows once it answers.
   */
  @Override
  public void start() {
    lock.lock();
    try {
      stopped = false;
    } finally {
      lock.unlock();
    }
    poll();
    var scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> Thread.ofPlatform().name("faults-sharing").daemon().unstarted(runnable));
    var every = properties.pollInterval().toMillis();
    scheduler.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
    poller = scheduler;
  }

  /**
   * Stops following, waits for a poll under way, and leaves the registry, so that no switch waits
   * for this instance.
   */
  @Override
  public void stop() {
    var scheduler = poller;
    if (scheduler == null) {
      return;
    }
    poller = null;
    scheduler.shutdownNow();
    try {
      if (!scheduler.awaitTermination(OPERATION.toMillis() * 3, TimeUnit.MILLISECONDS)) {
        log.warn("A poll of the service-wide faults is still under way at stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    lock.lock();
    try {
      stopped = true;
      if (instance.resolved()) {
        within(instances, System.nanoTime() + OPERATION.toNanos())
            .deleteOne(eq("_id", instance.value()));
      }
    } catch (RuntimeException e) {
      log.info("Left the faults' instance registry as is ({}): it ages out", e.toString());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean isRunning() {
    return poller != null;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
