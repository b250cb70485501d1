package dev.orderflow.projection.intake;

import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The live listener's container as an {@link IntakeSwitch}. Once the container reports paused, its
 * consumers hold no record; that what they applied is also stored and committed is {@link
 * WrittenBehind}'s to say ({@link LiveIntake#standsStill} asks both).
 */
final class ListenerContainerSwitch implements IntakeSwitch {

  private final KafkaListenerEndpointRegistry registry;

  ListenerContainerSwitch(KafkaListenerEndpointRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void pause() {
    container().pause();
  }

  @Override
  public void resume() {
    container().resume();
  }

  /**
   * A concurrent container reports paused only when every consumer paused, and Spring Kafka never
   * marks a consumer paused while it has no partitions; such a consumer holds no record either (it
   * gave up its partitions inside a poll, committing what it had processed), and pauses any
   * partitions it is assigned while the pause stands. So it counts as standing still.
   */
  @Override
  public boolean standsStill() {
    var container = container();
    if (!container.isRunning()) {
      return true;
    }
    if (container instanceof ConcurrentMessageListenerContainer<?, ?> concurrent) {
      return concurrent.isPauseRequested()
          && concurrent.getContainers().stream()
              .allMatch(consumer ->
                  !consumer.isRunning()
                      || consumer.isContainerPaused()
                      || nothingAssigned(consumer));
    }
    return container.isContainerPaused();
  }

  private static boolean nothingAssigned(MessageListenerContainer consumer) {
    var assigned = consumer.getAssignedPartitions();
    return assigned == null || assigned.isEmpty();
  }

  private MessageListenerContainer container() {
    var container = registry.getListenerContainer(ProjectionListener.ID);
    if (container == null) {
      throw new IllegalStateException("No listener container " + ProjectionListener.ID);
    }
    return container;
  }
}
