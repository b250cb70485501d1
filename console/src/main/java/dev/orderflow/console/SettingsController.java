package dev.orderflow.console;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What the page cannot know by itself: where Jaeger's UI is, if there is one. */
@RestController
class SettingsController {

  private final ConsoleProperties properties;

  SettingsController(ConsoleProperties properties) {
    this.properties = properties;
  }

  /** {@code {"jaegerUrl": "http://localhost:16686"}}, or {@code null} for no trace links. */
  @GetMapping("/api/console/settings")
  Settings settings() {
    var jaeger = properties.jaegerUrl();
    return new Settings(jaeger == null ? null : jaeger.toString().replaceAll("/+$", ""));
  }

  record Settings(@Nullable String jaegerUrl) {}
}
