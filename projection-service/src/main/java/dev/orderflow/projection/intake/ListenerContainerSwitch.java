package dev.orderflow.projection.intake;

import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The live listener's container as an {@link IntakeSwitch}. Spring Kafka commits what a poll
 * returned before it pauses the consumer, so once the container reports paused, the group's
 * committed offsets are exactly what the live generation has applied.
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

  @Override
  public boolean standsStill() {
    var container = container();
    return !container.isRunning() || container.isContainerPaused();
  }

  private MessageListenerContainer container() {
    var container = registry.getListenerContainer(ProjectionListener.ID);
    if (container == null) {
      throw new IllegalStateException("No listener container " + ProjectionListener.ID);
    }
    return container;
  }
}
