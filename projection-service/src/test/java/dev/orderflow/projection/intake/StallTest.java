package dev.orderflow.projection.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.platform.faults.Faults;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StallTest {

  final RecordingSwitch listener = new RecordingSwitch();
  final Faults faults = new Faults(new SimpleMeterRegistry(), Clock.systemUTC());
  final Stall stall = new Stall(listener, faults);

  @Test
  void switching_the_fault_on_pauses_the_listener_and_off_resumes_it() {
    faults.enable("stall", Map.of());
    assertThat(listener.paused).isTrue();

    faults.disable("stall");
    assertThat(listener.paused).isFalse();
  }

  @Test
  void a_stalled_listener_stays_paused_whoever_resumes_it() {
    faults.enable("stall", Map.of());

    stall.pause();
    stall.resume();

    assertThat(listener.paused).isTrue();
  }

  @Test
  void without_the_fault_pause_and_resume_pass_through() {
    stall.pause();
    assertThat(listener.paused).isTrue();
    assertThat(stall.standsStill()).isTrue();

    stall.resume();
    assertThat(listener.paused).isFalse();
  }

  @Test
  void switching_the_fault_off_during_a_switch_leaves_the_listener_paused_until_it_ends() {
    faults.enable("stall", Map.of());
    stall.pause();

    faults.disable("stall");
    assertThat(listener.paused).isTrue();

    stall.resume();
    assertThat(listener.paused).isFalse();
  }

  @Test
  void a_switch_ending_while_the_fault_is_on_leaves_the_listener_paused_until_it_is_off() {
    stall.pause();
    faults.enable("stall", Map.of());

    stall.resume();
    assertThat(listener.paused).isTrue();

    faults.disable("stall");
    assertThat(listener.paused).isFalse();
  }

  static final class RecordingSwitch implements IntakeSwitch {

    boolean paused;

    @Override
    public void pause() {
      paused = true;
    }

    @Override
    public void resume() {
      paused = false;
    }

    @Override
    public boolean standsStill() {
      return paused;
    }
  }
}
