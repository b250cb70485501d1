package dev.orderflow.devstack.mongo;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded MongoDB's promise against a crash of its process: a command is answered only once
 * everything it wrote, and everything it read, is in the file, and the file only ever holds whole
 * commands.
 *
 * <p>H2's store keeps changes in memory and, left to itself, writes them to the file from a
 * background thread every second, whatever is running. A SIGKILL then lost up to a second of writes
 * the services had been told were done, and the file could hold half a command: a document without
 * the unique-index entry of its new revision, which no compare-and-set ever matched again (the read
 * side retried such an update for ever). Here the store never commits on its own:
 *
 * <ul>
 *   <li>commands run under a shared lock; a commit takes the lock exclusively, so it always falls
 *       between commands;
 *   <li>each command, once run, takes a ticket; its answer waits until a commit that began after
 *       the ticket was taken has written the file. Commands that finish while a commit runs share
 *       the next one (group commit), so a commit's cost is spread over the commands it covers;
 *   <li>a command that changed nothing and saw no change still in memory is answered at once; one
 *       that ran while the store closed is answered with an error, whatever it did.
 * </ul>
 *
 * A commit writes to the operating system, not to the platter: what it wrote survives the process
 * being killed, not the machine losing power (ADR 12). The store's background housekeeping (chunk
 * compaction) ran on the same thread, so it runs here, between commands, every few seconds.
 */
final class CommitBeforeAnswer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CommitBeforeAnswer.class);

  /** How often live pages are moved out of mostly dead chunks, so the file does not only grow. */
  private static final Duration HOUSEKEEPING = Duration.ofSeconds(5);

  /** Chunks less full than this are rewritten; H2's own default for its background thread. */
  private static final int TARGET_FILL_RATE = 90;

  /** The most housekeeping writes in one pause of the commands. */
  private static final int HOUSEKEEPING_BYTES = 4 * 1024 * 1024;

  /** H2's page cache, in MB (its default is 16): see {@link #open}. */
  static final int PAGE_CACHE_MB = 2;

  private final MVStore store;
  private final ReentrantReadWriteLock commands = new ReentrantReadWriteLock();
  private final ReentrantLock committer = new ReentrantLock();
  private final AtomicLong finished = new AtomicLong();
  private final ScheduledExecutorService housekeeping;
  private final Runnable whenBroken;

  /** Set by {@link #close()}: the store is closed on purpose next, not broken. */
  private volatile boolean closing;

  private final AtomicBoolean reported = new AtomicBoolean();

  /** Every command that took a ticket up to this one is in the file. */
  private volatile long durable;

  /**
   * @param whenBroken told when the store cannot write any more (the part exits on it)
   */
  CommitBeforeAnswer(MVStore store, Runnable whenBroken) {
    this.store = store;
    this.whenBroken = whenBroken;
    this.housekeeping =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("mongo-housekeeping").daemon().factory());
    housekeeping.scheduleWithFixedDelay(
        this::keepHouse, HOUSEKEEPING.toMillis(), HOUSEKEEPING.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Opens {@code file} with the store's own commits switched off: this class does them. */
  static MVStore open(String file) {
    var store =
        new MVStore.Builder()
            .fileName(file)
            // No background thread that commits every second...
            .autoCommitDisabled()
            // ...and no commit from inside a write when enough changes piled up in memory.
            .autoCommitBufferSize(0)
            // A small page cache: its pages are the young objects that outlive a collection, and
            // with H2's 16 MB they overflowed the survivor spaces, were promoted, and filled the
            // old generation with dead pages (a full collection every few seconds at 320 orders/s).
            // With 4 MB the part used ~0.2 ms less CPU per order there, and the stack decided more
            // orders per second; with 2 MB, 0.12-0.25 ms less again
            // (docs/engineering/benchmarks.md).
            .cacheSize(PAGE_CACHE_MB)
            .open();
    // H2 keeps a chunk it no longer needs for 45 s, for readers still walking an older version of
    // a map; with a commit per command that kept hundreds of MB of dead chunks. No reader spans a
    // commit here (commits happen between commands, and mongo-java-server's cursors hold the
    // documents they found, not a walk of the map), so a dead chunk is free at once.
    store.setRetentionTime(0);
    return store;
  }

  /** Runs {@code command} and returns its answer once the file holds what the answer says. */
  <T> T answer(Supplier<T> command) {
    long ticket;
    boolean inFile;
    commands.readLock().lock();
    try {
      return command.get();
    } finally {
      // Both read while the command still holds the shared lock, so no commit is under way: a
      // commit that starts later includes everything the command did and saw; and "nothing
      // unsaved" means just that (during a commit, H2 counts pages as saved before it writes them).
      try {
        ticket = finished.incrementAndGet();
        inFile = !store.hasUnsavedChanges();
      } finally {
        commands.readLock().unlock();
      }
      if (!inFile) {
        awaitDurable(ticket);
      } else if (store.isClosed()) {
        // A store closed under the command has no unsaved changes: its maps are gone, with
        // whatever the command wrote, so nothing may be answered as done. A store never opens
        // again once closed, so asking after the lock still sees a close that came before.
        var closed = new IllegalStateException("The store closed: the command is not in the file");
        broken(closed);
        throw closed;
      }
    }
  }

  private void awaitDurable(long ticket) {
    if (durable >= ticket) {
      return;
    }
    committer.lock();
    try {
      if (durable >= ticket) {
        return; // the commit this thread waited for covered it
      }
      commands.writeLock().lock();
      try {
        commit();
      } finally {
        commands.writeLock().unlock();
      }
    } finally {
      committer.unlock();
    }
  }

  /**
   * Commits everything the finished commands did. Called with the exclusive lock held. A store that
   * is closed, or that fails to write, answers nothing as written: the command fails, and {@code
   * whenBroken} hears of it (the {@code mongo} part exits, and the supervisor restarts it on the
   * file as it was last written whole).
   */
  private void commit() {
    long covered = finished.get();
    try {
      store.commit();
    } catch (RuntimeException e) {
      broken(e);
      throw e;
    }
    if (store.isClosed()) {
      var closed = new IllegalStateException("The store is closed: nothing more is written");
      broken(closed);
      throw closed;
    }
    durable = covered;
  }

  /** Tells {@code whenBroken} once that the store cannot write, unless it is being closed. */
  private void broken(RuntimeException e) {
    if (!closing && reported.compareAndSet(false, true)) {
      log.error("The store cannot write any more: {}", e.toString());
      whenBroken.run();
    }
  }

  private void keepHouse() {
    if (store.isClosed()) {
      return;
    }
    committer.lock();
    try {
      commands.writeLock().lock();
      try {
        if (store.compact(TARGET_FILL_RATE, HOUSEKEEPING_BYTES)) {
          commit();
        }
      } finally {
        commands.writeLock().unlock();
      }
    } catch (RuntimeException e) {
      if (store.isClosed()) {
        broken(e); // H2 closes a store whose write failed
      } else {
        log.warn("Housekeeping of the store failed: {}", e.toString());
      }
    } finally {
      committer.unlock();
    }
  }

  /** Stops the housekeeping, waiting for a pass under way, so the store can be closed after. */
  @Override
  public void close() {
    closing = true;
    housekeeping.shutdown();
    try {
      housekeeping.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
