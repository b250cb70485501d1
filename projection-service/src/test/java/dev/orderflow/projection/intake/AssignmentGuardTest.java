package dev.orderflow.projection.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.orderflow.projection.generation.Generations;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * {@link AssignmentGuard} as the live listener's container calls it: installed around the rebalance
 * listener that was there, it stores and commits what a consumer applied before its partitions go,
 * lets nothing of a consumer whose partitions went keep waiting, and pauses a consumer assigned
 * partitions while a rebuild switches.
 */
class AssignmentGuardTest {

  static final TopicPartition PARTITION = AppliedPolls.PARTITION;

  final AppliedPolls polls = new AppliedPolls();
  final WrittenBehind writes = new WrittenBehind(polls.changes, new SimpleMeterRegistry());
  final MockConsumer<String, Object> consumer = polls.consumer;
  final LiveIntake intake = mock(LiveIntake.class);
  final Generations generations = mock(Generations.class);
  final ConsumerAwareRebalanceListener before = mock(ConsumerAwareRebalanceListener.class);
  ConsumerAwareRebalanceListener guard;

  @BeforeEach
  @SuppressWarnings("unchecked")
  void installed() {
    polls.changes.interval = Duration.ofHours(1);
    var properties = new ContainerProperties(PARTITION.topic());
    properties.setAckMode(AckMode.MANUAL_IMMEDIATE);
    properties.setIdleEventInterval(1_000L);
    properties.setConsumerRebalanceListener(before);
    var container = mock(MessageListenerContainer.class);
    when(container.getContainerProperties()).thenReturn(properties);
    var registry = mock(KafkaListenerEndpointRegistry.class);
    when(registry.getListenerContainer(ProjectionListener.ID)).thenReturn(container);
    ObjectProvider<KafkaListenerEndpointRegistry> provider = mock(ObjectProvider.class);
    when(provider.getObject()).thenReturn(registry);

    new AssignmentGuard(provider, intake, generations, writes).start();

    guard = (ConsumerAwareRebalanceListener) properties.getConsumerRebalanceListener();
  }

  @Test
  void before_partitions_go_what_was_applied_is_stored_and_committed() {
    polls.polled(writes, 6);

    guard.onPartitionsRevokedBeforeCommit(consumer, List.of(PARTITION));

    assertThat(polls.changes.allFlushed()).isTrue();
    assertThat(polls.committed()).isEqualTo(6);
    assertThat(writes.nothingWaiting()).isTrue();
    verify(before).onPartitionsRevokedBeforeCommit(consumer, List.of(PARTITION));
  }

  @Test
  void partitions_go_while_the_store_is_away_nothing_is_committed_and_nothing_keeps_waiting() {
    var poll = polls.polled(writes, 6);
    polls.changes.failing = true;

    guard.onPartitionsRevokedBeforeCommit(consumer, List.of(PARTITION));

    assertThat(poll.commits).isZero();
    assertThat(polls.committed()).as("left for the next owner to apply again").isNull();
    verify(before).onPartitionsRevokedBeforeCommit(consumer, List.of(PARTITION));

    polls.changes.failing = false;
    writes.flushAll();
    // The gone consumer's polls no longer count: a switch waiting for the intake to stand still
    // is not held by commits that consumer can never make.
    assertThat(writes.nothingWaiting()).isTrue();
  }

  @Test
  void partitions_lost_what_was_applied_is_stored_and_nothing_committed() {
    var poll = polls.polled(writes, 4);

    guard.onPartitionsLost(consumer, List.of(PARTITION));

    assertThat(polls.changes.allFlushed()).isTrue();
    assertThat(poll.commits).isZero();
    assertThat(polls.committed()).isNull();
    assertThat(writes.nothingWaiting()).isTrue();
    verify(before).onPartitionsLost(consumer, List.of(PARTITION));
  }

  @Test
  void assigned_while_a_rebuild_switches_the_consumer_pauses_before_it_fetches() {
    when(generations.switchPending()).thenReturn(true);

    guard.onPartitionsAssigned(consumer, List.of(PARTITION));

    assertThat(consumer.paused()).containsExactly(PARTITION);
    verify(intake).hold();
    verify(intake).assigned(Thread.currentThread().getName(), consumer.groupMetadata().memberId());
    verify(before).onPartitionsAssigned(consumer, List.of(PARTITION));
  }

  @Test
  void assigned_while_the_control_documents_cannot_be_read_the_consumer_pauses_too() {
    when(generations.switchPending()).thenThrow(new IllegalStateException("MongoDB away"));

    guard.onPartitionsAssigned(consumer, List.of(PARTITION));

    assertThat(consumer.paused()).containsExactly(PARTITION);
    verify(intake).hold();
  }

  @Test
  void assigned_with_no_switch_the_consumer_goes_on() {
    guard.onPartitionsAssigned(consumer, List.of(PARTITION));

    assertThat(consumer.paused()).isEmpty();
    verify(intake, never()).hold();
  }
}
