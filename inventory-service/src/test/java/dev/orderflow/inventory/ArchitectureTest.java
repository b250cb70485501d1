package dev.orderflow.inventory;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(
    packages = "dev.orderflow.inventory",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule stock_does_not_depend_on_reservations =
      noClasses()
          .that()
          .resideInAPackage("..inventory.stock..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("..inventory.reservation..")
          .because("reservations are built from stock steps, not the other way round");

  @ArchTest
  static final ArchRule features_are_free_of_cycles =
      slices().matching("dev.orderflow.inventory.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule nothing_sends_to_kafka_itself_so_there_is_no_dual_write =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.springframework.kafka.core..",
              "org.apache.kafka.clients.producer..",
              "org.apache.kafka.clients.admin..")
          .because("every event leaves through an outbox, written with the change it announces");

  @ArchTest
  static final ArchRule only_the_listener_knows_kafka =
      noClasses()
          .that()
          .doNotHaveSimpleName("OrderEventsListener")
          .and()
          .doNotHaveSimpleName("SlowConsumer")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.springframework.kafka..", "org.apache.kafka..")
          .because(
              "the listener takes the records; the slow-consumer fault around its polls pauses"
                  + " their partitions");

  @ArchTest
  static final ArchRule reservations_do_not_speak_http =
      noClasses()
          .that()
          .resideInAPackage("..inventory.reservation..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.springframework.web..", "org.springframework.http..");

  @ArchTest
  static final ArchRule domain_does_not_depend_on_spring_kafka_mongo_platform_metrics_or_logging =
      noClasses()
          .that()
          .resideInAPackage("..inventory.domain..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.springframework..",
              "org.apache.kafka..",
              "com.mongodb..",
              "org.bson..",
              "dev.orderflow.platform..",
              "io.micrometer..",
              "org.slf4j..")
          .because("the decisions are pure functions, tested without a database");

  @ArchTest
  static final ArchRule domain_does_not_depend_on_the_adapters =
      noClasses()
          .that()
          .resideInAPackage("..inventory.domain..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("..inventory.stock..", "..inventory.reservation..");
}
