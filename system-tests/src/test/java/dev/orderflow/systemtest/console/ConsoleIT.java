package dev.orderflow.systemtest.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orderflow.devstack.Console;
import dev.orderflow.devstack.Devstack;
import dev.orderflow.systemtest.Orderflow;
import dev.orderflow.systemtest.Orderflow.Line;
import dev.orderflow.systemtest.RunningSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real headless Chromium (Debian's {@code chromium} and {@code
 * chromium-driver}, which {@code .ci/run} installs), driven as a person would use it, on the system
 * the other system tests run: an order placed on the page reaches CONFIRMED on the board; one
 * placed through the API appears without a reload; the admin area refuses without credentials; a
 * fault switched from the page changes what the service does; a rebuild is followed to LIVE; a dead
 * letter is re-driven; an order is cancelled from the board; a rejection shows its reason and an
 * order's story its trace id; a crashed projection-service shows as "reconnecting" and "not
 * answering" until it is back. No test leaves a script error or a refused resource (the page's
 * Content-Security-Policy) in the browser's log. Screenshots of the views go to {@code
 * target/console/} (those in {@code docs/console/} were taken so).
 */
@ExtendWith(RunningSystem.class)
class ConsoleIT {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final Duration REFRESH = Duration.ofSeconds(2);
  private static final Duration RESTART = Duration.ofMinutes(2);
  private static final Path SCREENSHOTS = Path.of("target/console");

  private static ChromeDriver browser;
  private static String console;
  private static Devstack stack;
  private static Orderflow orderflow;

  @BeforeAll
  static void open(Devstack system, Orderflow client) {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "Needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");
    stack = system;
    orderflow = client;
    console = "http://localhost:" + system.options().port(Console.CONSOLE);
    var options =
        new ChromeOptions()
            .setBinary(CHROMIUM.toFile())
            .addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1400,1400");
    // The browser's console log, for the check after each test.
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    var driver = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile());
    browser = new ChromeDriver(driver.build(), options);
  }

  @AfterAll
  static void close() {
    if (browser != null) {
      browser.quit();
    }
  }

  @BeforeEach
  void page() {
    browser.get(console + "/");
    waitFor().until(ExpectedConditions.attributeToBe(By.id("stream-state"), "data-state", "live"));
  }

  /**
   * A request the page expected to fail (a 401, a 404 while an order is not projected yet) is
   * logged by the browser as "Failed to load resource"; anything else severe is a script error or
   * something the Content-Security-Policy refused.
   */
  @AfterEach
  void noScriptErrors() {
    var errors =
        browser.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(
                entry -> entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
            .map(LogEntry::getMessage)
            .filter(message -> !message.contains("Failed to load resource"))
            .toList();
    assertThat(errors).as("the browser's log").isEmpty();
  }

  @Test
  void an_order_placed_on_the_page_reaches_confirmed_on_the_board() {
    var sku = "CON-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(orderflow.setStock(sku, 10).status()).isEqualTo(200);

    browser.findElement(By.id("customer-id")).clear();
    browser.findElement(By.id("customer-id")).sendKeys("c-console");
    var line = browser.findElement(By.cssSelector("#order-lines .line"));
    replace(line.findElement(By.name("sku")), sku);
    replace(line.findElement(By.name("quantity")), "2");
    click(By.id("place-order-submit"));

    var result = By.cssSelector("#place-result[data-outcome='accepted']");
    var orderId =
        waitFor()
            .until(ExpectedConditions.presenceOfElementLocated(result))
            .getAttribute("data-order-id");
    assertThat(orderId).isNotBlank();
    waitFor().until(ExpectedConditions.presenceOfElementLocated(row(orderId, "CONFIRMED")));
    assertThat(orderflow.order(orderId).text("status")).isEqualTo("CONFIRMED");
    assertThat(orderflow.stock(sku).body().get("reserved").asInt()).isEqualTo(2);
    screenshot("board");
  }

  @Test
  void an_order_placed_through_the_api_appears_on_the_board_without_a_reload() {
    var sku = "CON-" + UUID.randomUUID().toString().substring(0, 8);
    orderflow.setStock(sku, 10);
    browser.executeScript("window.stillTheSamePage = true");

    var orderId = orderflow.placeOrder("c-api", List.of(new Line(sku, 1, "3.50"))).text("orderId");

    waitFor().until(ExpectedConditions.presenceOfElementLocated(row(orderId, "CONFIRMED")));
    assertThat(browser.executeScript("return window.stillTheSamePage === true")).isEqualTo(true);

    click(row(orderId, "CONFIRMED"), By.cssSelector("[data-action=open]"));
    waitFor()
        .until(ExpectedConditions.attributeToBe(By.id("order-story"), "data-order-id", orderId));
    waitFor()
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#story-timeline tr[data-event-type='OrderConfirmed']")));
    browser.executeScript(
        "arguments[0].scrollIntoView()", browser.findElement(By.id("order-story")));
    screenshot("order-story");
  }

  @Test
  void an_order_is_cancelled_from_the_board() {
    var sku = "CON-" + UUID.randomUUID().toString().substring(0, 8);
    orderflow.setStock(sku, 10);
    var orderId =
        orderflow.placeOrder("c-cancel", List.of(new Line(sku, 3, "2.00"))).text("orderId");
    waitFor().until(ExpectedConditions.presenceOfElementLocated(row(orderId, "CONFIRMED")));

    click(row(orderId, "CONFIRMED"), By.cssSelector("[data-action=cancel]"));

    waitFor().until(ExpectedConditions.presenceOfElementLocated(row(orderId, "CANCELLED")));
    assertThat(browser.findElement(By.id("status-line")).getText()).startsWith("202");
    assertThat(orderflow.order(orderId).text("status")).isEqualTo("CANCELLED");
    await("the reservation released")
        .atMost(PATIENCE)
        .until(() -> orderflow.stock(sku).body().get("reserved").asInt() == 0);
  }

  @Test
  void a_rejection_shows_its_reason_and_the_story_its_trace_id() {
    var sku = "CON-" + UUID.randomUUID().toString().substring(0, 8);
    orderflow.setStock(sku, 1);
    var orderId =
        orderflow.placeOrder("c-short", List.of(new Line(sku, 5, "1.00"))).text("orderId");

    waitFor().until(ExpectedConditions.presenceOfElementLocated(row(orderId, "REJECTED")));
    waitFor()
        .until(page ->
            page.findElement(row(orderId, "REJECTED"))
                .findElement(By.cssSelector("[data-cell=reason]"))
                .getText()
                .contains("insufficient stock"));

    click(row(orderId, "REJECTED"), By.cssSelector("[data-action=open]"));
    var trace =
        waitFor()
            .until(
                ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#story-trace[data-trace-id]")));
    assertThat(trace.getAttribute("data-trace-id")).matches("[0-9a-f]{32}");
    assertThat(browser.findElement(By.id("order-story")).getText())
        .contains("Rejected because")
        .contains("insufficient stock");
  }

  /**
   * projection-service crashes (SIGKILL; devstack's supervisor starts it again): the page says its
   * stream is reconnecting and projection-service is not answering, then goes live again by itself.
   */
  @Test
  void a_crashed_projection_service_shows_as_reconnecting_and_not_answering_until_it_is_back() {
    var projection = By.cssSelector("#service-health [data-service='projection']");
    var stream = By.id("stream-state");
    var restarts = stack.restarts("projection-service");
    stack.kill("projection-service");
    try {
      waitFor().until(ExpectedConditions.attributeToBe(stream, "data-state", "reconnecting"));
      waitFor().until(ExpectedConditions.attributeToBe(projection, "data-state", "not-answering"));
      assertThat(browser.findElement(By.id("status-line")).getText())
          .contains("projection-service not answering");
      screenshot("service-down");
    } finally {
      await("projection-service restarted and serving")
          .atMost(RESTART)
          .until(() ->
              stack.restarts("projection-service") > restarts
                  && stack.isReady("projection-service"));
    }
    // The page retries with a growing delay (up to 30 s) once the console answered 503 instead.
    new WebDriverWait(browser, RESTART)
        .until(ExpectedConditions.attributeToBe(stream, "data-state", "live"));
    waitFor()
        .until(
            ExpectedConditions.or(
                ExpectedConditions.attributeToBe(projection, "data-state", "up"),
                ExpectedConditions.attributeToBe(projection, "data-state", "answering")));
  }

  @Test
  void the_admin_area_refuses_without_credentials_and_a_fault_switched_there_changes_the_system() {
    click(By.id("admin-open"));
    var admin = By.id("admin");
    assertThat(browser.findElement(admin).getAttribute("data-state")).isEqualTo("signed-out");

    signIn(stack.adminCredentials().user(), "not-the-password");
    waitFor().until(ExpectedConditions.attributeToBe(admin, "data-state", "unauthorized"));

    signIn(stack.adminCredentials().user(), stack.adminCredentials().password());
    waitFor().until(ExpectedConditions.attributeToBe(admin, "data-state", "signed-in"));
    var fault = By.cssSelector("#faults-order tr[data-fault='order/http-errors']");
    var row = waitFor().until(ExpectedConditions.presenceOfElementLocated(fault));
    replace(row.findElement(By.cssSelector("input[data-parameter='percent']")), "100");
    try {
      click(fault, By.cssSelector("[data-action=toggle]"));
      waitFor().until(ExpectedConditions.attributeToBe(fault, "data-enabled", "true"));
      screenshot("admin");

      await("order-service refuses orders while the page's fault is on")
          .atMost(PATIENCE)
          .until(() ->
              orderflow.placeOrder("c-fault", List.of(new Line("SKU-X", 1, "1.00"))).status()
                  == 503);

      click(fault, By.cssSelector("[data-action=toggle]"));
      waitFor().until(ExpectedConditions.attributeToBe(fault, "data-enabled", "false"));
      assertThat(faultEnabled("order-service", "http-errors")).isFalse();
    } finally {
      orderflow.faultOff("order-service", "http-errors");
    }
  }

  @Test
  void a_rebuild_started_on_the_page_is_followed_to_live() {
    signInAsAdmin();
    var name =
        waitFor()
            .until(page ->
                page.findElement(By.cssSelector("#projections-table tr[data-projection]"))
                    .getAttribute("data-projection"));
    var projection = By.cssSelector("#projections-table tr[data-projection='" + name + "']");

    click(projection, By.cssSelector("[data-action=rebuild]"));

    waitFor().until(ExpectedConditions.attributeToBe(projection, "data-status", "REBUILDING"));
    screenshot("rebuild");
    waitFor().until(ExpectedConditions.attributeToBe(projection, "data-status", "LIVE"));
    String progress =
        waitFor().until(page -> page.findElement(projection).getAttribute("data-progress"));
    assertThat(progress).isIn("1", "1.0");
  }

  @Test
  void a_dead_letter_is_redriven_from_the_page() {
    // Earlier tests of the shared stack leave dead letters too, some of which would succeed when
    // sent back (a record given up on while MongoDB was down): re-drive the one this test poisons.
    var before = deadLetterIds("inventory-service");
    orderflow.faultOn("order-service", "poison-record", Map.of("kind", 1, "count", 1));
    orderflow.faultOff("order-service", "poison-record");
    var poisoned =
        await("inventory-service dead-letters the poison record")
            .atMost(PATIENCE)
            .pollInterval(REFRESH)
            .until(
                () -> {
                  var now = deadLetterIds("inventory-service");
                  now.removeAll(before);
                  return now;
                },
                now -> !now.isEmpty())
            .iterator()
            .next();
    signInAsAdmin();
    var letters = "#dead-letters-inventory";
    var chosen =
        By.cssSelector("#dead-letters-inventory tr[data-dead-letter='inventory/" + poisoned + "']");
    // Refresh as a person would, every few seconds: each service limits a client's admin calls.
    await("the poison record's dead letter on the page")
        .atMost(PATIENCE)
        .pollInterval(REFRESH)
        .until(() -> {
          click(By.id("admin-refresh"));
          return !browser.findElements(chosen).isEmpty();
        });
    var shown = ids(letters);

    click(chosen, By.cssSelector("[data-action=redrive]"));
    waitFor().until(ExpectedConditions.attributeToBe(chosen, "data-status", "REDRIVEN"));

    await("the record, failing again, back as a new dead letter")
        .atMost(PATIENCE)
        .pollInterval(REFRESH)
        .ignoreException(StaleElementReferenceException.class)
        .until(() -> {
          click(By.id("admin-refresh"));
          var now = ids(letters);
          now.removeAll(shown);
          return !now.isEmpty();
        });
    screenshot("dead-letters");
  }

  private void signInAsAdmin() {
    click(By.id("admin-open"));
    signIn(stack.adminCredentials().user(), stack.adminCredentials().password());
    waitFor().until(ExpectedConditions.attributeToBe(By.id("admin"), "data-state", "signed-in"));
  }

  private static void signIn(String user, String password) {
    replace(browser.findElement(By.id("admin-user")), user);
    replace(browser.findElement(By.id("admin-password")), password);
    browser.findElement(By.id("admin-signin")).submit();
  }

  private static boolean faultEnabled(String service, String name) {
    var faults = orderflow.faults(service).body();
    for (var fault : faults) {
      if (fault.get("name").asString().equals(name)) {
        return fault.get("enabled").asBoolean();
      }
    }
    throw new AssertionError(service + " has no fault " + name);
  }

  /** The ids of {@code service}'s dead letters, from its admin API. */
  private static Set<String> deadLetterIds(String service) {
    var letters = orderflow.deadLetters(service);
    assertThat(letters.status()).as(service + "'s dead letters").isEqualTo(200);
    var ids = new HashSet<String>();
    letters.body().forEach(letter -> ids.add(letter.get("id").asString()));
    return ids;
  }

  /**
   * The dead letters on the page, read in one script: a stack that earlier tests left many dead
   * letters in draws a long table, and reading it row by row through the driver takes longer than
   * the page takes to draw it again after a refresh, so every such read would end on a stale row.
   */
  private static Set<String> ids(String table) {
    var ids = new HashSet<String>();
    var found =
        (List<?>)
            browser.executeScript(
                "return Array.from(document.querySelectorAll(arguments[0] +"
                    + " ' tr[data-dead-letter]'), row => row.dataset.deadLetter)",
                table);
    found.forEach(id -> ids.add((String) id));
    return ids;
  }

  private static By row(String orderId, String status) {
    return By.cssSelector(
        "#board-rows tr[data-order-id='" + orderId + "'][data-status='" + status + "']");
  }

  private static void replace(WebElement input, String text) {
    input.clear();
    input.sendKeys(text);
  }

  /** Clicks {@code button} in {@code row}, finding both afresh if the table was drawn again. */
  private static void click(By row, By button) {
    clickWhenClickable(page -> page.findElement(row).findElement(button));
  }

  /** Clicks {@code target}, finding it afresh if it was drawn again. */
  private static void click(By target) {
    clickWhenClickable(page -> page.findElement(target));
  }

  /**
   * Clicks the element {@code find} finds, scrolled to the middle of the window first. While the
   * page draws a table again, the element may be gone (stale) or another one may lie over it for a
   * moment (the click is intercepted, and nothing was clicked): either way it is found and clicked
   * again, until {@link #PATIENCE}.
   */
  private static void clickWhenClickable(Function<WebDriver, WebElement> find) {
    var wait = waitFor();
    wait.ignoring(ElementClickInterceptedException.class);
    wait.until(page -> {
      var target = find.apply(page);
      browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", target);
      target.click();
      return true;
    });
  }

  /**
   * Waits up to {@link #PATIENCE}. The page draws a table again whenever an answer arrives, so an
   * element found a moment ago may be gone when its attribute is read: such a read is tried again.
   */
  private static WebDriverWait waitFor() {
    var wait = new WebDriverWait(browser, PATIENCE);
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  private static void screenshot(String view) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Files.write(SCREENSHOTS.resolve(view + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
