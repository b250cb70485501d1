package dev.orderflow.notification;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Clock;
import java.time.Instant;

/**
 * notification-service is one flat package, so its structure is who may touch what: each outside
 * system (SMTP, MongoDB, Kafka, HTTP) behind the one or two classes made for it.
 */
@AnalyzeClasses(
    packages = "dev.orderflow.notification",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule only_the_email_sender_talks_to_smtp =
      noClasses()
          .that()
          .doNotHaveSimpleName("EmailSender")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.springframework.mail..", "jakarta.mail..", "org.eclipse.angus..")
          .allowEmptyShould(true)
          .because("resilience (circuit breaker, time limit, bulkhead) wraps that one class");

  @ArchTest
  static final ArchRule every_email_goes_through_the_resilience_around_smtp =
      noClasses()
          .that()
          .doNotHaveSimpleName("ResilientEmailSender")
          .and()
          .doNotHaveSimpleName("EmailSender")
          .should()
          .dependOnClassesThat()
          .haveSimpleName("EmailSender")
          .because("a send past the circuit breaker would hammer a server that is down");

  @ArchTest
  static final ArchRule resilience4j_stays_at_the_smtp_boundary =
      noClasses()
          .that()
          .doNotHaveSimpleName("ResilientEmailSender")
          .and()
          .doNotHaveSimpleName("ConsumptionPause")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.github.resilience4j..")
          .because("SMTP is the one dependency the breaker guards (ADR 10)");

  @ArchTest
  static final ArchRule only_the_stores_touch_mongodb =
      noClasses()
          .that()
          .doNotHaveSimpleName("NotificationStore")
          .and()
          .doNotHaveSimpleName("PlacedOrders")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("com.mongodb..", "org.bson..", "org.springframework.data..");

  @ArchTest
  static final ArchRule only_the_consumer_and_its_flow_control_know_kafka =
      noClasses()
          .that()
          .doNotBelongToAnyOf(
              OrderEventsListener.class, OrderEventsRetryTopics.class, ConsumptionPause.class)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.springframework.kafka..", "org.apache.kafka..");

  @ArchTest
  static final ArchRule the_http_api_reads_notifications_and_never_sends_them =
      noClasses()
          .that()
          .haveSimpleNameStartingWith("NotificationController")
          .or()
          .haveSimpleNameStartingWith("NotificationResponse")
          .should()
          .dependOnClassesThat()
          .haveSimpleName("EmailSender")
          .orShould()
          .dependOnClassesThat()
          .haveSimpleName("OrderNotifier");

  @ArchTest
  static final ArchRule emails_and_outcomes_are_plain_values_without_frameworks =
      classes()
          .that()
          .haveSimpleNameStartingWith("OrderEmail")
          .or()
          .haveSimpleNameStartingWith("OrderOutcome")
          .or()
          .haveSimpleNameStartingWith("OrderDetails")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(
              "java..", "dev.orderflow.events..", "dev.orderflow.notification..", "org.jspecify..");

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
