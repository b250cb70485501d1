package dev.orderflow.notification;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Clock;
import java.time.Instant;

/**
 * notification-service keeps its decisions in {@code domain}, pure, and carries them out in the
 * package around it, where each outside system (SMTP, MongoDB, Kafka, HTTP) sits behind the one or
 * two classes made for it.
 */
@AnalyzeClasses(
    packages = "dev.orderflow.notification",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule domain_does_not_depend_on_frameworks_stores_or_smtp =
      noClasses()
          .that()
          .resideInAPackage("..notification.domain..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.springframework..",
              "org.apache.kafka..",
              "com.mongodb..",
              "org.bson..",
              "dev.orderflow.platform..",
              "io.micrometer..",
              "io.github.resilience4j..",
              "jakarta.mail..",
              "org.eclipse.angus..");

  @ArchTest
  static final ArchRule domain_does_not_depend_on_the_service_around_it =
      noClasses()
          .that()
          .resideInAPackage("..notification.domain..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.orderflow.notification");

  @ArchTest
  static final ArchRule only_the_smtp_sender_talks_to_smtp =
      noClasses()
          .that()
          .doNotBelongToAnyOf(SmtpEmailSender.class, EmailConfiguration.class)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.springframework.mail..", "jakarta.mail..", "org.eclipse.angus..")
          .because("resilience (circuit breaker, time limit, bulkhead) wraps that one class");

  @ArchTest
  static final ArchRule every_email_goes_through_the_resilience_around_smtp =
      noClasses()
          .that()
          .doNotBelongToAnyOf(
              EmailSender.class,
              ResilientEmailSender.class,
              SmtpFaults.class,
              SmtpEmailSender.class,
              EmailConfiguration.class)
          .should()
          .dependOnClassesThat()
          .belongToAnyOf(EmailSender.class, SmtpFaults.class, SmtpEmailSender.class)
          .because("a send past the circuit breaker would hammer a server that is down");

  @ArchTest
  static final ArchRule resilience4j_stays_at_the_smtp_boundary =
      noClasses()
          .that()
          .doNotBelongToAnyOf(
              ResilientEmailSender.class, ConsumptionPause.class, EmailConfiguration.class)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.github.resilience4j..")
          .because("SMTP is the one dependency the breaker guards (ADR 10)");

  @ArchTest
  static final ArchRule only_the_stores_touch_mongodb =
      noClasses()
          .that()
          .doNotBelongToAnyOf(NotificationStore.class, PlacedOrders.class)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("com.mongodb..", "org.bson..", "org.springframework.data..");

  @ArchTest
  static final ArchRule only_the_consumer_and_its_flow_control_know_kafka =
      noClasses()
          .that()
          .doNotBelongToAnyOf(OrderEventsListener.class, ConsumptionPause.class)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.springframework.kafka..", "org.apache.kafka..");

  @ArchTest
  static final ArchRule metrics_wrap_the_notifier_instead_of_living_in_it =
      noClasses()
          .that()
          .doNotBelongToAnyOf(MeteredNotifier.class, EmailConfiguration.class)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.micrometer..");

  @ArchTest
  static final ArchRule the_http_api_reads_notifications_and_never_sends_them =
      noClasses()
          .that()
          .belongToAnyOf(NotificationController.class, NotificationResponse.class)
          .should()
          .dependOnClassesThat()
          .belongToAnyOf(EmailSender.class, ResilientEmailSender.class, Notifier.class);

  @ArchTest
  static final ArchRule time_comes_from_the_injected_clock =
      noClasses()
          .should()
          .callMethod(Instant.class, "now")
          .orShould()
          .callMethod(Clock.class, "systemUTC")
          .orShould()
          .callMethod(Clock.class, "systemDefaultZone");
}
