package dev.orderflow.inventory.stock;

import static dev.orderflow.inventory.stock.StockDocument.AVAILABLE;
import static dev.orderflow.inventory.stock.StockDocument.CHANGED_AT;
import static dev.orderflow.inventory.stock.StockDocument.DIRTY;
import static dev.orderflow.inventory.stock.StockDocument.MARKERS;
import static dev.orderflow.inventory.stock.StockDocument.ON_HAND;
import static dev.orderflow.inventory.stock.StockDocument.RESERVED;
import static dev.orderflow.inventory.stock.StockDocument.VERSION;
import static dev.orderflow.inventory.stock.StockDocument.atVersion;
import static dev.orderflow.inventory.stock.StockDocument.byId;

import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOneModel;
import dev.orderflow.inventory.domain.StepOutcome;
import dev.orderflow.inventory.domain.StockState;
import dev.orderflow.inventory.domain.StockStep;
import dev.orderflow.inventory.domain.StockStep.Decision;
import dev.orderflow.platform.concurrency.CompareAndSet;
import dev.orderflow.platform.concurrency.CompareAndSet.Contended;
import dev.orderflow.platform.concurrency.CompareAndSet.Round;
import dev.orderflow.platform.concurrency.WriteBehind;
import dev.orderflow.platform.mongo.InsertIfAbsent;
import dev.orderflow.platform.mongo.LastWritten;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The stock levels of every sku, in MongoDB. Every change reads the sku's document and writes it
 * back conditionally on the version it read ({@link CompareAndSet}, kind {@value #KIND}: a sku that
 * keeps changing ends in {@code stock-busy}), then hands the new levels to the {@link
 * StockLevelOutbox}. A writer that loses the race reads again; there are no locks, and each lost
 * race means another writer got through. The read is skipped when this process wrote the document
 * last ({@link LastWritten}: the document as the write returned it, or as a reservation read it
 * just before its steps), which is most of the time: a reservation's steps and its marker's removal
 * follow each other on the same skus.
 *
 * <p>The markers of a batch's final reservations wait to be removed ({@link #clearMarkersAll}): the
 * next batch that writes the same sku removes them in its own write, and every {@link
 * Clearing#interval} one {@code bulkWrite} removes those of the skus no batch wrote since. With an
 * interval, the relay's marks of the levels published wait with them ({@link #published}, issue
 * 19): a mark whose sku is written again meanwhile is not needed (the newer levels are announced in
 * turn), and one that is still current goes in the same update as its sku's markers' removal, or
 * alone, at the next flush.
 *
 * <p>The conditions live in Java rather than in the update's filter on purpose: a filter such as
 * {@code {_id, available: {$gte: q}}} is a collection scan on mongo-java-server, while {@code {_id,
 * version}} is answered by a unique index on exactly those fields.
 */
public class Stock implements AutoCloseable {

  /**
   * How the markers of final reservations are removed.
   *
   * @param interval how long they wait for a batch's write of their sku before one write removes
   *     them together; zero removes them at once
   * @param capacity most skus with markers waiting; beyond that the oldest are left as they are
   * @param failed hears every removal together that failed (its markers wait for the next)
   * @param dropped hears every sku whose markers were left because {@code capacity} waited
   */
  public record Clearing(Duration interval, int capacity, Runnable failed, Runnable dropped) {

    /** Every batch's markers removed at once, with one write of their own. */
    public static final Clearing AT_ONCE = new Clearing(Duration.ZERO, 1, () -> {}, () -> {});
  }

  /** The kind of a contended sku, named in the problem {@code stock-busy}. */
  static final String KIND = "stock";

  private static final FindOneAndUpdateOptions RETURN_AFTER =
      new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);

  private final MongoCollection<Document> documents;
  private final StockLevelOutbox outbox;
  private final Clock clock;
  private final LastWritten<String, Document> written = new LastWritten<>();

  /**
   * By sku: markers of final reservations waiting to be removed (the steps that set them), and the
   * version whose levels the relay published, waiting to be marked.
   */
  private final WriteBehind<String, Waiting> clearing;

  /**
   * What waits for one sku's next write or flush.
   *
   * @param markers by marker, the steps whose markers are to be removed
   * @param published the version the relay published, to be marked published; {@link #NONE} for
   *     none
   */
  private record Waiting(Map<String, StockStep> markers, long published) {

    static final long NONE = -1;

    static Waiting markers(Map<String, StockStep> markers) {
      return new Waiting(markers, NONE);
    }

    Waiting and(Waiting more) {
      var merged = new LinkedHashMap<>(markers);
      merged.putAll(more.markers);
      return new Waiting(merged, Math.max(published, more.published));
    }
  }

  /** Stock whose markers are removed at once ({@link Clearing#AT_ONCE}). */
  public Stock(MongoTemplate mongo, StockLevelOutbox outbox, Clock clock) {
    this(mongo, outbox, clock, Clearing.AT_ONCE);
  }

  public Stock(MongoTemplate mongo, StockLevelOutbox outbox, Clock clock, Clearing clearing) {
    this.documents = mongo.getCollection(StockDocument.COLLECTION);
    this.outbox = outbox;
    this.clock = clock;
    this.clearing =
        new WriteBehind<>(
            "stock markers",
            clearing.interval(),
            clearing.capacity(),
            Waiting::and,
            this::clearNow,
            clearing.failed(),
            clearing.dropped());
    if (!clearing.interval().isZero()) {
      outbox.holdMarksIn(this::published);
    }
    // Redundant on real MongoDB (_id is unique already); on mongo-java-server it is what makes
    // every compare-and-set filter {_id, version} an index lookup instead of a collection scan.
    documents.createIndex(
        new Document(StockDocument.ID, 1).append(VERSION, 1), new IndexOptions().unique(true));
  }

  public Optional<StockLevels> levels(String sku) {
    return Optional.ofNullable(documents.find(byId(sku)).first()).map(StockDocument::levels);
  }

  /**
   * The sku's state as stored, read now; empty if it was never stocked. A step that follows decides
   * on the document read here rather than reading it again: its write checks the version.
   */
  public Optional<StockState> read(String sku) {
    var stored = Optional.ofNullable(documents.find(byId(sku)).first());
    stored.ifPresent(document -> written.put(sku, document));
    return stored.map(StockDocument::state);
  }

  /**
   * The sku's state as this process last wrote (or read) it, if it did: good for deciding a write
   * (the write checks the version), not for deciding to write nothing.
   */
  public Optional<StockState> remembered(String sku) {
    var remembered = written.take(sku);
    remembered.ifPresent(document -> written.put(sku, document));
    return remembered.map(StockDocument::state);
  }

  /**
   * Sets how many units of {@code sku} are on hand, creating the sku if it is new; what is reserved
   * stays reserved and {@code available} follows.
   *
   * @throws OnHandBelowReservedException if orders hold more units than {@code onHand}
   */
  public StockLevels setOnHand(String sku, int onHand) {
    if (onHand < 0) {
      throw new IllegalArgumentException("onHand must not be negative: " + onHand);
    }
    return CompareAndSet.until(
        contended(sku),
        CompareAndSet.ATTEMPTS,
        () -> {
          var current = documents.find(byId(sku)).first();
          if (current == null) {
            var created = StockDocument.created(sku, onHand, now());
            if (!InsertIfAbsent.into(documents, created)) {
              return Round.lost();
            }
            outbox.announce(created);
            return Round.done(StockDocument.levels(created));
          }
          var levels = StockDocument.levels(current);
          if (levels.onHand() == onHand) {
            return Round.done(levels);
          }
          if (onHand < levels.reserved()) {
            throw new OnHandBelowReservedException(sku, onHand, levels.reserved());
          }
          var update =
              new Document(
                      "$set",
                      new Document(ON_HAND, onHand)
                          .append(AVAILABLE, onHand - levels.reserved())
                          .append(DIRTY, true)
                          .append(CHANGED_AT, Date.from(now())))
                  .append("$inc", new Document(VERSION, 1L));
          return changed(sku, levels.version(), update)
              .map(after -> Round.done(StockDocument.levels(after)))
              .orElseGet(Round::lost);
        });
  }

  /**
   * Applies one step of a reservation or a release to {@code sku}, or finds out it need not or must
   * not (see {@link StockStep}). Safe to repeat: a step that is done stays done.
   */
  public StepOutcome apply(String sku, StockStep step) {
    return CompareAndSet.until(
        contended(sku),
        CompareAndSet.ATTEMPTS,
        () -> {
          var remembered = written.take(sku);
          var current = remembered.orElseGet(() -> documents.find(byId(sku)).first());
          return switch (step.decide(current == null ? null : StockDocument.state(current))) {
            // Nothing to write, so nothing checked a remembered document: decide on the stored one.
            case Decision.Stop stop when remembered.isPresent() -> Round.lost();
            case Decision.Stop stop -> Round.done(stop.outcome());
            case Decision.Write write when current != null ->
                changed(sku, StockDocument.version(current), update(step, write))
                    .map(after -> Round.<StepOutcome>done(write.outcome()))
                    .orElseGet(Round::lost);
            case Decision.Write write ->
                throw new IllegalStateException("A step never writes to a sku never stocked");
          };
        });
  }

  /**
   * The state of {@code skus} as stored, read now with one command; a sku never stocked is missing.
   * Like {@link #read}, for a batch: its steps are decided on these documents ({@link #applyAll}).
   */
  public Map<String, StockState> readAll(Collection<String> skus) {
    var states = new HashMap<String, StockState>();
    if (skus.isEmpty()) {
      return states;
    }
    documents
        .find(new Document(StockDocument.ID, new Document("$in", List.copyOf(skus))))
        .forEach(document -> {
          var sku = document.getString(StockDocument.ID);
          written.put(sku, document);
          states.put(sku, StockDocument.state(document));
        });
    return states;
  }

  /**
   * The forward steps of a batch on one sku, in the order they were decided, all on {@code read}
   * (each on the state the ones before it leave): one write moves all their units and sets all
   * their markers.
   */
  public record Steps(String sku, StockState read, List<StockStep> steps) {

    public Steps {
      Objects.requireNonNull(sku, "sku");
      Objects.requireNonNull(read, "read");
      steps = List.copyOf(steps);
      if (steps.isEmpty()) {
        throw new IllegalArgumentException("No steps on " + sku);
      }
    }
  }

  /**
   * Writes the steps of a batch, one compare-and-set per sku ({@code {_id, version}} as read, the
   * summed units, every step's marker), all in one unordered {@code bulkWrite}; answers the skus
   * whose write lost because the document changed since it was read. Those got nothing; every other
   * sku got all of its steps and is announced once, at its new version. A sku counted lost whose
   * document, read again, is past the version read is announced as found: its write may have landed
   * with markers another attempt has taken over since, and its levels are the newest either way.
   *
   * <p>MongoDB tells only how many filters matched. When fewer than all did, one {@code find $in}
   * tells the winners by their markers: a marker names its order and attempt, and no other writer
   * sets a marker of this attempt. Not by content, as {@code Bulk.compareAndSetAll} would: two
   * writes of the same units from the same version leave the same levels.
   *
   * @throws IllegalArgumentException for a step that is not a forward step decided to write on what
   *     the steps before it leave
   */
  public Set<String> applyAll(List<Steps> batch) {
    if (batch.isEmpty()) {
      return Set.of();
    }
    return clearing.whileNotFlushing(() -> applyAllNow(batch));
  }

  private Set<String> applyAllNow(List<Steps> batch) {
    var now = now();
    var models = new ArrayList<UpdateOneModel<Document>>(batch.size());
    var after = new HashMap<String, Document>();
    var unset = new HashMap<String, Map<String, StockStep>>();
    for (var steps : batch) {
      var cleared = clearedWith(steps);
      unset.put(steps.sku(), cleared);
      var write = summed(steps, cleared.keySet(), now);
      models.add(
          new UpdateOneModel<>(atVersion(steps.sku(), steps.read().version()), write.update()));
      if (after.put(steps.sku(), write.after()) != null) {
        throw new IllegalArgumentException("Two writes to " + steps.sku() + " in one batch");
      }
    }
    BulkWriteResult result;
    try {
      result = documents.bulkWrite(models, new BulkWriteOptions().ordered(false));
    } catch (RuntimeException e) {
      // Whether it landed is not known: the markers it was to remove wait on, which is harmless.
      unset.forEach(this::waitOn);
      throw e;
    }
    var found = new HashMap<String, Document>();
    var lost =
        result.getMatchedCount() == batch.size()
            ? Set.<String>of()
            : losers(batch, after.keySet(), found);
    var announced = new ArrayList<Document>(after.size());
    for (var steps : batch) {
      if (lost.contains(steps.sku())) {
        written.take(steps.sku());
        // Removed with it if it landed after all; removing a marker again is harmless.
        waitOn(steps.sku(), unset.getOrDefault(steps.sku(), Map.of()));
        // Counted lost, yet it may have landed (another attempt took its markers over since), or
        // another writer changed it: either way the levels found are newer than those read.
        var again = found.get(steps.sku());
        if (again != null && StockDocument.version(again) > steps.read().version()) {
          announced.add(again);
        }
      } else {
        var document = Objects.requireNonNull(after.get(steps.sku()), steps.sku());
        written.put(steps.sku(), document);
        announced.add(document);
      }
    }
    outbox.announceAll(announced);
    return lost;
  }

  /** A sku's steps summed into one update, and the document it leaves. */
  private record Summed(Document update, Document after) {}

  private static Summed summed(Steps steps, Set<String> cleared, Instant now) {
    var state = steps.read();
    int availableDelta = 0;
    var markers = new HashMap<>(state.markers());
    var set = new Document(DIRTY, true).append(CHANGED_AT, Date.from(now));
    var unset = new Document();
    for (var marker : cleared) {
      markers.remove(marker);
      unset.append(MARKERS + "." + marker, "");
    }
    for (var step : steps.steps()) {
      var running =
          new StockState(
              state.onHand(),
              state.reserved() - availableDelta,
              state.available() + availableDelta,
              state.version(),
              markers);
      if (!(step.decide(running) instanceof Decision.Write write) || !write.marks()) {
        throw new IllegalArgumentException(
            "Not a forward step that writes, on " + steps.sku() + ": " + step);
      }
      availableDelta += write.availableDelta();
      markers.put(step.marker(), step.attempt());
      set.append(MARKERS + "." + step.marker(), step.attempt());
    }
    var inc = new Document(VERSION, 1L);
    if (availableDelta != 0) {
      inc.append(AVAILABLE, availableDelta).append(RESERVED, -availableDelta);
    }
    var marked = new Document();
    markers.forEach(marked::append);
    var after =
        new Document(StockDocument.ID, steps.sku())
            .append(ON_HAND, state.onHand())
            .append(RESERVED, state.reserved() - availableDelta)
            .append(AVAILABLE, state.available() + availableDelta)
            .append(VERSION, state.version() + 1)
            .append(MARKERS, marked)
            .append(DIRTY, true)
            .append(CHANGED_AT, Date.from(now));
    var update = new Document("$inc", inc).append("$set", set);
    if (!unset.isEmpty()) {
      update.append("$unset", unset);
    }
    return new Summed(update, after);
  }

  /** Markers a write was to remove and may not have: they wait for the next. */
  private void waitOn(String sku, Map<String, StockStep> markers) {
    if (!markers.isEmpty()) {
      clearing.addAll(Map.of(sku, Waiting.markers(markers)));
    }
  }

  /**
   * The markers waiting to be removed from {@code steps}' sku that its write removes too: those
   * still set by the attempt that waits to remove them, as read, and not set again by these steps.
   * The rest are no longer waited for: gone already, or another attempt's.
   */
  private Map<String, StockStep> clearedWith(Steps steps) {
    // A mark waiting is needless once this write lands: the levels it writes are announced next.
    var waiting = clearing.take(steps.sku());
    if (waiting == null) {
      return Map.of();
    }
    var setAgain = new HashSet<String>();
    steps.steps().forEach(step -> setAgain.add(step.marker()));
    var cleared = new LinkedHashMap<String, StockStep>();
    waiting
        .markers()
        .forEach((marker, step) -> {
          if (!setAgain.contains(marker)
              && Objects.equals(steps.read().markers().get(marker), step.attempt())) {
            cleared.put(marker, step);
          }
        });
    return cleared;
  }

  /**
   * The skus whose write did not land: read again (into {@code found}), a sku without all of its
   * markers.
   */
  private Set<String> losers(List<Steps> batch, Set<String> skus, Map<String, Document> found) {
    var stored = new HashMap<String, StockState>();
    documents
        .find(new Document(StockDocument.ID, new Document("$in", List.copyOf(skus))))
        .forEach(document -> {
          var sku = document.getString(StockDocument.ID);
          found.put(sku, document);
          stored.put(sku, StockDocument.state(document));
        });
    var lost = new HashSet<String>();
    for (var steps : batch) {
      var now = stored.get(steps.sku());
      boolean landed =
          now != null
              && steps.steps().stream()
                  .allMatch(
                      step -> Objects.equals(now.markers().get(step.marker()), step.attempt()));
      if (!landed) {
        lost.add(steps.sku());
      }
    }
    return Set.copyOf(lost);
  }

  /**
   * Removes the markers of a batch's steps once their reservations are final ({@link #clearMarker}
   * for many). They wait for the next batch's write of their sku ({@link #applyAll}), or for the
   * next removal together, whichever comes first; with {@link Clearing#AT_ONCE} they go at once.
   */
  public void clearMarkersAll(Map<String, List<StockStep>> bySku) {
    var waiting = new LinkedHashMap<String, Waiting>();
    bySku.forEach((sku, steps) -> {
      var markers = new LinkedHashMap<String, StockStep>();
      steps.forEach(step -> markers.put(step.marker(), step));
      waiting.put(sku, Waiting.markers(markers));
    });
    clearing.addAll(waiting);
  }

  /**
   * The relay published these versions of their skus' levels ({@link StockLevelOutbox}): each mark
   * waits for the sku's next flush, to go with its markers' removal, unless a write of the sku
   * makes it needless first.
   */
  void published(Map<String, Long> versions) {
    var waiting = new LinkedHashMap<String, Waiting>();
    versions.forEach((sku, version) -> waiting.put(sku, new Waiting(Map.of(), version)));
    clearing.addAll(waiting);
  }

  /** Removes the markers waiting now, with one write; those of a write that fails wait on. */
  public void flushMarkers() {
    clearing.flush();
  }

  /** How many skus have markers waiting to be removed. */
  public int markersWaiting() {
    return clearing.waiting();
  }

  /** Removes the markers still waiting, and any given after this at once. */
  @Override
  public void close() {
    clearing.close();
  }

  /**
   * Removes markers and marks levels published now: one unordered {@code bulkWrite} of one
   * compare-and-set per sku, on the document this process last wrote, which also marks it published
   * when that is the version the relay published. A sku it does not remember, or whose write lost,
   * has its markers removed one by one by {@link #clearMarker}. A mark of a version this process
   * wrote over since is dropped; one of a version it does not know (another instance wrote it, or
   * it forgot the sku) is written on its own, conditionally, as the relay would.
   */
  private void clearNow(Map<String, Waiting> waiting) {
    var bySku = new LinkedHashMap<String, List<StockStep>>();
    waiting.forEach((sku, wait) -> bySku.put(sku, List.copyOf(wait.markers().values())));
    var models = new ArrayList<UpdateOneModel<Document>>(bySku.size());
    var cleared = new HashMap<String, Document>();
    var oneByOne = new HashMap<String, List<StockStep>>();
    var unknownMarks = new ArrayList<UpdateOneModel<Document>>();
    waiting.forEach((sku, wait) -> {
      var steps = Objects.requireNonNull(bySku.get(sku), sku);
      var remembered = written.take(sku);
      var published = wait.published();
      var known = remembered.map(StockDocument::version).orElse(Waiting.NONE);
      var markHere = published != Waiting.NONE && published == known;
      if (published != Waiting.NONE && published > known) {
        unknownMarks.add(StockLevelOutbox.mark(sku, published));
      }
      if (steps.isEmpty()) {
        if (markHere) {
          var after = new Document(remembered.get());
          after.put(DIRTY, false);
          models.add(StockLevelOutbox.mark(sku, published));
          cleared.put(sku, after);
        } else {
          remembered.ifPresent(document -> written.put(sku, document));
        }
        return;
      }
      var mine =
          remembered
              .map(StockDocument::state)
              .filter(state ->
                  steps.stream()
                      .allMatch(step ->
                          Objects.equals(state.markers().get(step.marker()), step.attempt())));
      if (remembered.isEmpty() || mine.isEmpty()) {
        oneByOne.put(sku, steps);
        if (markHere) {
          unknownMarks.add(StockLevelOutbox.mark(sku, published));
        }
        return;
      }
      var unset = new Document();
      var after = new Document(remembered.get());
      var markers =
          new Document(
              Objects.requireNonNullElseGet(after.get(MARKERS, Document.class), Document::new));
      for (var step : steps) {
        unset.append(MARKERS + "." + step.marker(), "");
        markers.remove(step.marker());
      }
      after.put(MARKERS, markers);
      var update = new Document("$unset", unset);
      if (markHere) {
        update.append("$set", new Document(DIRTY, false));
        after.put(DIRTY, false);
      }
      models.add(new UpdateOneModel<>(atVersion(sku, StockDocument.version(after)), update));
      cleared.put(sku, after);
    });
    if (!unknownMarks.isEmpty()) {
      documents.bulkWrite(unknownMarks, new BulkWriteOptions().ordered(false));
    }
    if (!models.isEmpty()) {
      var result = documents.bulkWrite(models, new BulkWriteOptions().ordered(false));
      if (result.getMatchedCount() == models.size()) {
        cleared.forEach(written::put);
      } else {
        // Which ones lost is not told; clearing again is harmless, one by one on a fresh read.
        cleared.forEach((sku, after) -> oneByOne.put(sku, bySku.get(sku)));
      }
    }
    oneByOne.forEach((sku, steps) -> steps.forEach(step -> clearMarker(sku, step)));
  }

  /**
   * Removes a step's marker once the reservation or release it belongs to is final, if the marker
   * is still that attempt's. Levels do not change, so neither does the version: the write is still
   * conditional on it, because every change of a marker moves the version.
   */
  public void clearMarker(String sku, StockStep step) {
    CompareAndSet.until(
        contended(sku),
        CompareAndSet.ATTEMPTS,
        () -> {
          var remembered = written.take(sku);
          var current = remembered.orElseGet(() -> documents.find(byId(sku)).first());
          var mark =
              current == null ? null : StockDocument.state(current).markers().get(step.marker());
          if (current == null || mark == null || mark != step.attempt()) {
            return remembered.isEmpty() ? Round.done() : Round.lost();
          }
          var unset = new Document("$unset", new Document(MARKERS + "." + step.marker(), ""));
          return written(sku, StockDocument.version(current), unset).isPresent()
              ? Round.done()
              : Round.lost();
        });
  }

  /**
   * Writes {@code update} if the sku is still at {@code version} and remembers what it wrote; empty
   * if another writer got there first.
   */
  private Optional<Document> written(String sku, long version, Document update) {
    var after = documents.findOneAndUpdate(atVersion(sku, version), update, RETURN_AFTER);
    if (after != null) {
      written.put(sku, after);
    }
    return Optional.ofNullable(after);
  }

  /** {@link #written}, for a change of the levels: the new levels go to the outbox. */
  private Optional<Document> changed(String sku, long version, Document update) {
    var after = written(sku, version, update);
    after.ifPresent(outbox::announce);
    return after;
  }

  private static Contended contended(String sku) {
    return Contended.of(KIND, sku);
  }

  private Document update(StockStep step, Decision.Write write) {
    var inc = new Document(VERSION, 1L);
    if (write.availableDelta() != 0) {
      inc.append(AVAILABLE, write.availableDelta()).append(RESERVED, -write.availableDelta());
    }
    var set = new Document(DIRTY, true).append(CHANGED_AT, Date.from(now()));
    var update = new Document("$inc", inc).append("$set", set);
    var marker = MARKERS + "." + step.marker();
    if (write.marks()) {
      set.append(marker, step.attempt());
    } else {
      update.append("$unset", new Document(marker, ""));
    }
    return update;
  }

  /** Milliseconds: what MongoDB keeps, so an announcement reads the same from memory and disk. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
