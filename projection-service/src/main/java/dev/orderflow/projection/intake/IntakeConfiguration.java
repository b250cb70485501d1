package dev.orderflow.projection.intake;

import dev.orderflow.platform.faults.Faults;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/** The live listener's switch, with the {@code stall} fault wrapped around it. */
@Configuration(proxyBeanMethods = false)
class IntakeConfiguration {

  @Bean
  IntakeSwitch intakeSwitch(KafkaListenerEndpointRegistry registry, Faults faults) {
    return new Stall(new ListenerContainerSwitch(registry), faults);
  }
}
