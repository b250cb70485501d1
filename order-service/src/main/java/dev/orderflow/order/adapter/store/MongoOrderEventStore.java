package dev.orderflow.order.adapter.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.orderflow.events.OrderEvent;
import dev.orderflow.order.application.OrderEventStore;
import dev.orderflow.order.application.OrderEventStore.PreparedAppend;
import dev.orderflow.order.application.OrderStream;
import dev.orderflow.order.application.StreamRevision;
import dev.orderflow.platform.json.EventJson;
import dev.orderflow.platform.mongo.Bulk;
import dev.orderflow.platform.mongo.InsertIfAbsent;
import dev.orderflow.platform.outbox.OutboxMessage;
import dev.orderflow.platform.outbox.OutboxRelay;
import dev.orderflow.platform.outbox.OutboxSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.IntStream;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The event store, in MongoDB, and at the same time the outbox of order-service.
 *
 * <p>One document per commit, holding every event of one append:
 *
 * <pre>{@code
 * { _id: "<orderId>:<commit>", streamId, commit, committedAt, published: false, traceparent,
 *
 *   events: [ { version, type, payload: "<event JSON>" } ],
 *   awaitingDecision: true }   // the first commit only, until the order is decided
 * }</pre>
 *
 * <ul>
 *   <li><b>Atomic appends</b>: a commit is a single insert, so all of its events are stored or
 *       none.
 *   <li><b>Optimistic concurrency</b>: the {@code _id} of the next commit is fixed by the revision
 *       the writer loaded, so two writers that loaded the same revision collide on the primary key
 *       and the second one's append stores nothing and returns false (it loads and decides again).
 *   <li><b>Outbox</b>: {@code published} turns true once Kafka acknowledged the commit's events;
 *       the state change and its announcement are one write, there is no dual write.
 *   <li><b>The saga deadline's reminder</b>: an order's first commit is inserted with {@code
 *       awaitingDecision: true} ({@link MongoPendingOrders} removes it once the order is decided),
 *       so a placement is one insert and no order exists without its reminder (ADR 9).
 *   <li><b>Reads by primary key only</b>: commit numbers are dense, so a stream is read by {@code
 *       _id} in pages, which any MongoDB (and the in-process server of the tests) answers from the
 *       primary index.
 *   <li><b>Placements remembered for their replies</b>: the stream of each order this process
 *       placed is kept as written (at most {@link EventStoreProperties#placementsRemembered}, the
 *       oldest forgotten first; 0 remembers none) until a reply to it loads it ({@link
 *       #loadReplied}) or another append to it is made here; most replies then need no read (issue
 *       19). A placement is remembered published: a reply proves inventory read it from Kafka, so
 *       the decision is handed to the relay alone (a placement read for a reply counts as published
 *       too).
 *   <li><b>A placement's mark waits for its decision</b> ({@link PlacementMarks}): the relay's mark
 *       of an order's first commit goes to the store with its reminder's removal, one update of the
 *       document for both; a mark nobody took is written alone a second or so later.
 * </ul>
 */
@Component
class MongoOrderEventStore implements OrderEventStore, OutboxSource {

  static final String COMMITS = "order_commits";

  /** The outbox flag of a commit: true once Kafka acknowledged its events. */
  static final String PUBLISHED = "published";

  private static final int PAGE = 4;

  private final MongoCollection<Document> commits;
  private final EventJson json;
  private final OutboxRelay relay;
  private final Clock clock;
  private final PlacementMarks placementMarks;

  /** The streams of the placements this process made, as written, oldest first. */
  private final Map<String, OrderStream> placed;

  MongoOrderEventStore(MongoTemplate mongo, EventJson json, OutboxRelay relay, Clock clock) {
    this(
        mongo,
        json,
        relay,
        clock,
        EventStoreProperties.DEFAULTS,
        PlacementMarks.none(mongo.getCollection(COMMITS)));
  }

  /**
   * @param placementMarks where the relay's marks of placements wait for their orders' decisions
   */
  @Autowired
  MongoOrderEventStore(
      MongoTemplate mongo,
      EventJson json,
      OutboxRelay relay,
      Clock clock,
      EventStoreProperties properties,
      PlacementMarks placementMarks) {
    var remembered = properties.placementsRemembered();
    this.commits = mongo.getCollection(COMMITS);
    this.placementMarks = placementMarks;
    this.json = json;
    this.relay = relay;
    this.clock = clock;
    this.placed =
        new LinkedHashMap<>() {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, OrderStream> eldest) {
            return size() > remembered;
          }
        };
    // The sweep's and the backlog gauge's query: the few commits not yet published, oldest first.
    // A partial index holds only those, on MongoDB and on the embedded server, which would
    // otherwise scan the whole event store every few seconds (ADR 3).
    commits.createIndex(
        new Document("committedAt", 1),
        new IndexOptions()
            .name("unpublished_committedAt")
            .partialFilterExpression(new Document(PUBLISHED, false)));
    relay.register(this);
  }

  @Override
  public OrderStream load(String orderId) {
    var loaded = new ArrayList<Document>();
    for (int from = 1; ; from += PAGE) {
      var page = commits.find(Filters.in("_id", page(orderId, from))).into(new ArrayList<>());
      loaded.addAll(page);
      if (page.size() < PAGE) {
        break;
      }
    }
    return stream(orderId, loaded);
  }

  /**
   * The first page of every order's commits in one {@code find $in}, by primary key like {@link
   * #load}; an order with more commits than a page (rare: a placement and its decision are two) is
   * read on with {@link #load}.
   */
  @Override
  public Map<String, OrderStream> loadAll(Collection<String> orderIds) {
    if (orderIds.isEmpty()) {
      return Map.of();
    }
    var ids = new ArrayList<String>(orderIds.size() * PAGE);
    orderIds.forEach(orderId -> ids.addAll(page(orderId, 1)));
    var byOrder = new HashMap<String, List<Document>>();
    for (var commit : commits.find(Filters.in("_id", ids))) {
      byOrder.computeIfAbsent(commit.getString("streamId"), id -> new ArrayList<>()).add(commit);
    }
    var streams = new LinkedHashMap<String, OrderStream>();
    for (var orderId : orderIds) {
      var loaded = byOrder.getOrDefault(orderId, List.of());
      streams.put(
          orderId, loaded.size() < PAGE ? stream(orderId, new ArrayList<>(loaded)) : load(orderId));
    }
    return streams;
  }

  /**
   * The placements remembered, and the other streams read as {@link #loadAll} reads them, their
   * placement counted as published whatever its mark says: a reply proves inventory read it from
   * Kafka, so a placement another process made, whose mark is still waiting there ({@link
   * PlacementMarks}), is not handed to the relay again ahead of the decision.
   */
  @Override
  public Map<String, OrderStream> loadReplied(Collection<String> orderIds) {
    var remembered = new HashMap<String, OrderStream>();
    synchronized (placed) {
      for (var orderId : orderIds) {
        var stream = placed.remove(orderId);
        if (stream != null) {
          remembered.put(orderId, stream);
        }
      }
    }
    var read =
        loadAll(orderIds.stream().filter(orderId -> !remembered.containsKey(orderId)).toList());
    var streams = new LinkedHashMap<String, OrderStream>();
    for (var orderId : orderIds) {
      var stream = remembered.get(orderId);
      streams.put(
          orderId,
          stream != null
              ? stream
              : placementPublished(Objects.requireNonNull(read.get(orderId), "every id is read")));
    }
    return streams;
  }

  private static OrderStream placementPublished(OrderStream stream) {
    var revision = (Revision) stream.revision();
    var unpublished =
        revision.unpublished().stream().filter(message -> message.documentVersion() != 1).toList();
    return unpublished.size() == revision.unpublished().size()
        ? stream
        : new OrderStream(
            stream.orderId(),
            stream.events(),
            new Revision(revision.commits(), revision.lastCommittedAt(), unpublished));
  }

  private OrderStream stream(String orderId, List<Document> loaded) {
    loaded.sort(Comparator.comparingInt(commit -> commit.getInteger("commit")));
    var events = new ArrayList<OrderEvent>();
    var unpublished = new ArrayList<OutboxMessage>();
    for (var commit : loaded) {
      for (var entry : commit.getList("events", Document.class)) {
        events.add((OrderEvent) json.read(entry.getString("payload")));
      }
      if (!commit.getBoolean(PUBLISHED)) {
        unpublished.addAll(messages(commit));
      }
    }
    var lastCommittedAt =
        loaded.isEmpty() ? Instant.MIN : loaded.getLast().getDate("committedAt").toInstant();
    return new OrderStream(
        orderId, events, new Revision(loaded.size(), lastCommittedAt, unpublished));
  }

  private static List<String> page(String orderId, int from) {
    return IntStream.range(from, from + PAGE).mapToObj(commit -> id(orderId, commit)).toList();
  }

  @Override
  public OrderStream startStream(String orderId) {
    return new OrderStream(orderId, List.of(), Revision.NEW);
  }

  @Override
  public boolean append(OrderStream stream, List<OrderEvent> events) {
    if (events.isEmpty()) {
      return true;
    }
    var commit = prepare(stream, events);
    if (!InsertIfAbsent.into(commits, commit.document())) {
      return false;
    }
    remember(commit);
    // Earlier commits not yet published go first, so this commit can never overtake them.
    relay.handOff(commit.messages());
    return true;
  }

  /** A placement stored: remembered for its reply. Any later commit: the order is forgotten. */
  private void remember(Commit commit) {
    var placement = commit.placed();
    synchronized (placed) {
      if (placement != null) {
        placed.put(placement.orderId(), placement);
      } else {
        placed.remove(commit.document().getString("streamId"));
      }
    }
  }

  /** The commit document and its outbox messages, with the trace of the current context. */
  @Override
  public Commit prepare(OrderStream stream, List<OrderEvent> events) {
    var revision = (Revision) stream.revision();
    var commit = revision.commits() + 1;
    var commitId = id(stream.orderId(), commit);
    var entries = new ArrayList<Document>(events.size());
    var messages = new ArrayList<OutboxMessage>(revision.unpublished());
    var traceparent = relay.traceparent().orElse(null);
    for (var event : events) {
      var payload = json.write(event);
      entries.add(
          new Document("version", event.version())
              .append("type", event.type())
              .append("payload", payload));
      messages.add(OutboxMessage.of(COMMITS, commitId, commit, event, payload, traceparent));
    }
    var document =
        new Document("_id", commitId)
            .append("streamId", stream.orderId())
            .append("commit", commit)
            .append("committedAt", Date.from(committedAt(revision)))
            .append(PUBLISHED, false)
            .append("traceparent", traceparent)
            .append("events", entries);
    if (commit == 1) {
      document.append(MongoPendingOrders.AWAITING, true);
    }
    var placement =
        commit == 1
            ? new OrderStream(
                stream.orderId(),
                events,
                new Revision(1, document.getDate("committedAt").toInstant(), List.of()))
            : null;
    return new Commit(document, messages, placement);
  }

  /**
   * Every commit with one unordered {@code insertMany} ({@link Bulk#insertAll}); a commit whose
   * {@code _id} was taken lost to another writer, as in {@link #append}. The stored ones are handed
   * to the relay afterwards, in the order given, each behind its order's earlier unpublished ones.
   */
  @Override
  public Set<Integer> appendAll(List<PreparedAppend> appends) {
    var prepared = appends.stream().map(Commit.class::cast).toList();
    var lost = Bulk.insertAll(commits, prepared.stream().map(Commit::document).toList());
    for (int i = 0; i < prepared.size(); i++) {
      if (!lost.contains(i)) {
        remember(prepared.get(i));
        relay.handOff(prepared.get(i).messages());
      }
    }
    return lost;
  }

  /**
   * Never earlier than the commit before: then a sweep that sorts by time keeps each order's
   * commits in order, even when they were written by instances whose clocks disagree.
   */
  private Instant committedAt(Revision revision) {
    var now = clock.instant();
    var floor = revision.lastCommittedAt().plus(Duration.ofMillis(1));
    return now.isBefore(floor) ? floor : now;
  }

  @Override
  public String name() {
    return COMMITS;
  }

  @Override
  public List<OutboxMessage> findUnpublished(Instant storedBefore, int limit) {
    var messages = new ArrayList<OutboxMessage>();
    var found =
        commits
            .find(
                Filters.and(
                    Filters.eq(PUBLISHED, false),
                    Filters.lt("committedAt", Date.from(storedBefore))))
            .sort(Sorts.ascending("committedAt"))
            .limit(limit);
    for (var commit : found) {
      messages.addAll(messages(commit));
    }
    return messages;
  }

  /**
   * The events of the unpublished commits older than {@code storedBefore}, selected as {@link
   * #findUnpublished} selects them (on the partial index of the unpublished commits), without
   * payloads.
   */
  @Override
  public long countUnpublished(Instant storedBefore, int limit) {
    long count = 0;
    var unpublished =
        commits
            .find(
                Filters.and(
                    Filters.eq(PUBLISHED, false),
                    Filters.lt("committedAt", Date.from(storedBefore))))
            .projection(new Document("events.type", 1).append("_id", 0));
    for (var commit : unpublished) {
      count += commit.getList("events", Document.class).size();
      if (count >= limit) {
        return limit;
      }
    }
    return count;
  }

  /**
   * Marks the commits of {@code messages} published with one {@code updateMany}; placements' first
   * commits, where {@link PlacementMarks} holds marks, wait there for their orders' decisions
   * instead.
   */
  @Override
  public void markPublished(List<OutboxMessage> messages) {
    var ids = new LinkedHashSet<String>();
    var placements = new LinkedHashSet<String>();
    for (var message : messages) {
      if (message.documentVersion() == 1 && placementMarks.holds()) {
        placements.add(message.key());
      } else {
        ids.add(message.documentId());
      }
    }
    if (!ids.isEmpty()) {
      commits.updateMany(Filters.in("_id", List.copyOf(ids)), Updates.set(PUBLISHED, true));
    }
    placementMarks.published(placements);
  }

  private List<OutboxMessage> messages(Document commit) {
    var commitId = commit.getString("_id");
    var commitNumber = commit.getInteger("commit");
    var traceparent = commit.getString("traceparent");
    return commit.getList("events", Document.class).stream()
        .map(entry -> {
          var payload = entry.getString("payload");
          return OutboxMessage.of(
              COMMITS, commitId, commitNumber, json.read(payload), payload, traceparent);
        })
        .toList();
  }

  private static String id(String orderId, int commit) {
    return orderId + ":" + commit;
  }

  /** The {@code _id} of an order's first commit, which carries its deadline reminder. */
  static String firstCommitId(String orderId) {
    return id(orderId, 1);
  }

  /** {@link #firstCommitId} of each of {@code orderIds}. */
  static List<String> firstCommitIds(Collection<String> orderIds) {
    return orderIds.stream().map(MongoOrderEventStore::firstCommitId).toList();
  }

  /**
   * What {@link #append} needs from {@link #load}: the commit to follow, its time, and the commits
   * not yet published (to be handed to the relay ahead of the new one).
   */
  record Revision(int commits, Instant lastCommittedAt, List<OutboxMessage> unpublished)
      implements StreamRevision {

    static final Revision NEW = new Revision(0, Instant.MIN, List.of());
  }

  /**
   * A commit made ready by {@link #prepare}: its document, what the relay gets once stored, and for
   * a placement (commit 1) the stream it leaves, published, to remember for its reply.
   */
  record Commit(Document document, List<OutboxMessage> messages, @Nullable OrderStream placed)
      implements PreparedAppend {}
}
