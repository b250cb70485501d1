package dev.orderflow.projection.intake;

import dev.orderflow.projection.generation.Generations;
import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.stereotype.Component;

/**
 * What the live listener does whenever it is assigned partitions, before it fetches a record of
 * them: remembers its consumer group member id, reads the control documents again, and if a rebuild
 * is switching (it asked every instance to pause), pauses at once. An instance that joins the
 * group, or takes over partitions, in the middle of a switch therefore never writes the old
 * generation past the offsets the switch is based on (ADR 8). Before partitions are revoked, what
 * the consumer applied is stored and committed ({@link WrittenBehind}). Installed on the listener's
 * container before it starts, around whatever rebalance listener was there.
 */
@Component
class AssignmentGuard implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(AssignmentGuard.class);

  // A provider, not the registry itself: a lifecycle bean's dependencies are started before it,
  // and the registry starts the listener containers, which must not start unguarded.
  private final ObjectProvider<KafkaListenerEndpointRegistry> registry;
  private final LiveIntake intake;
  private final Generations generations;
  private final WrittenBehind writes;
  private volatile boolean installed;

  AssignmentGuard(
      ObjectProvider<KafkaListenerEndpointRegistry> registry,
      LiveIntake intake,
      Generations generations,
      WrittenBehind writes) {
    this.registry = registry;
    this.intake = intake;
    this.generations = generations;
    this.writes = writes;
  }

  @Override
  public void start() {
    var container = registry.getObject().getListenerContainer(ProjectionListener.ID);
    if (container == null) {
      throw new IllegalStateException("No listener container " + ProjectionListener.ID);
    }
    if (container.isRunning()) {
      throw new IllegalStateException(ProjectionListener.ID + " started before its guard");
    }
    var properties = container.getContainerProperties();
    // The switch counts on a paused container having committed everything its listener applied
    // (ADR 8): the listener commits once what it applied is stored (WrittenBehind), there and
    // then, synchronously; and it needs idle events to commit when no records come.
    if (properties.getAckMode() != AckMode.MANUAL_IMMEDIATE
        || !properties.isSyncCommits()
        || properties.getIdleEventInterval() == null) {
      throw new IllegalStateException(
          ProjectionListener.ID
              + " must commit when its listener says, synchronously, and publish idle events"
              + " (AckMode MANUAL_IMMEDIATE, syncCommits, an idle event interval), was "
              + properties.getAckMode()
              + (properties.isSyncCommits() ? ", sync" : ", async")
              + (properties.getIdleEventInterval() == null ? ", no idle events" : ""));
    }
    // Spring Kafka's fix for transaction markers commits a consumer's position whenever it is past
    // the last commit: past polls not yet stored here. WrittenBehind commits positions itself
    // once everything polled is stored.
    properties.setFixTxOffsets(false);
    properties.setConsumerRebalanceListener(new Guard(properties.getConsumerRebalanceListener()));
    installed = true;
  }

  @Override
  public void stop() {
    installed = false;
  }

  @Override
  public boolean isRunning() {
    return installed;
  }

  /** Before the listener containers start (lower phases start earlier). */
  @Override
  public int getPhase() {
    return AbstractMessageListenerContainer.DEFAULT_PHASE - 100;
  }

  void assigned(Consumer<?, ?> consumer) {
    var member = consumer.groupMetadata().memberId();
    log.debug("Assigned partitions as group member {}", member);
    intake.assigned(Thread.currentThread().getName(), member);
    boolean pending;
    try {
      pending = generations.switchPending();
    } catch (RuntimeException e) {
      // MongoDB away: the safe side is to wait, as for a switch; the watch releases it.
      log.warn("Could not read the control documents on assignment, pausing: {}", e.getMessage());
      pending = true;
    }
    if (pending) {
      // Paused here, the partitions give no record to the poll that assigned them; the container
      // takes the pause over on its next loop, and the watch of the control documents resumes it.
      consumer.pause(consumer.assignment());
      intake.hold();
      log.info("Assigned partitions while a rebuild switches generations: paused");
    }
  }

  /**
   * Before this consumer's partitions go: what it applied is stored and committed on the way out
   * (what a member that gives up its partitions during a switch must have done, ADR 8); if the
   * store fails, its polls are left uncommitted for the next owner to apply again.
   */
  void revoked(Consumer<?, ?> consumer) {
    if (!installed) {
      return;
    }
    try {
      writes.flushAllAndCommit(consumer);
    } catch (RuntimeException e) {
      log.warn(
          "Could not store what this consumer applied before its partitions went: {}",
          e.toString());
      writes.forgetUncommitted();
    }
  }

  /**
   * Its partitions were lost: its polls cannot be committed; what it applied is stored if it can
   * be.
   */
  void lost() {
    writes.forgetUncommitted();
    try {
      writes.flushAll();
    } catch (RuntimeException e) {
      log.warn(
          "Could not store what this consumer applied before losing its partitions: {}",
          e.toString());
    }
  }

  private final class Guard implements ConsumerAwareRebalanceListener {

    private final @Nullable ConsumerRebalanceListener delegate;

    Guard(@Nullable ConsumerRebalanceListener delegate) {
      this.delegate = delegate;
    }

    @Override
    public void onPartitionsRevokedBeforeCommit(
        Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
      revoked(consumer);
      if (delegate instanceof ConsumerAwareRebalanceListener aware) {
        aware.onPartitionsRevokedBeforeCommit(consumer, partitions);
      } else if (delegate != null) {
        delegate.onPartitionsRevoked(partitions);
      }
    }

    @Override
    public void onPartitionsRevokedAfterCommit(
        Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
      if (delegate instanceof ConsumerAwareRebalanceListener aware) {
        aware.onPartitionsRevokedAfterCommit(consumer, partitions);
      }
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
      lost();
      if (delegate instanceof ConsumerAwareRebalanceListener aware) {
        aware.onPartitionsLost(consumer, partitions);
      } else if (delegate != null) {
        delegate.onPartitionsLost(partitions);
      }
    }

    @Override
    public void onPartitionsAssigned(
        Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
      if (delegate instanceof ConsumerAwareRebalanceListener aware) {
        aware.onPartitionsAssigned(consumer, partitions);
      } else if (delegate != null) {
        delegate.onPartitionsAssigned(partitions);
      }
      assigned(consumer);
    }
  }
}
