package org.acrcds.admin;

import org.acrcds.MovableClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import org.acrcds.FixedClockAndUuids;
import org.acrcds.RawHttp;
import org.acrcds.audit.AuditQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * The governance page in a real headless Chromium (Debian's chromium and chromedriver, never downloaded): after
 * decisions and feedback made through the CDS Hooks endpoints over four weeks, the page asks for the token, shows
 * the counts per site and topic and a point per week with feedback, breaks no rule of its Content-Security-Policy,
 * and leaves a screenshot in target/governance-page.png.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"cds.admin.token=" + GovernancePageIT.TOKEN, "cds.sites[0].id=default",
                // Selenium warns on every start that it has no DevTools module for this Chromium: none is used
                "logging.level.org.openqa.selenium.chromium.ChromiumDriver=ERROR", "logging.level.org.openqa.selenium.devtools=ERROR"})
@Import(FixedClockAndUuids.class)
class GovernancePageIT {

    static final String TOKEN = "page-admin-token-0123456789abcdefghijklmnopqrstuvwxyz";
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCENARIOS = Path.of("src/test/resources/scenarios");
    static final Path SCREENSHOT = Path.of("target/governance-page.png");
    static final String REASONS = "http://example.org/fhir/acr-cds/CodeSystem/override-reason";
    static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    MovableClock clock;

    @Autowired
    AuditQueue queue;

    ChromeDriver browser;
    WebDriverWait wait;

    @BeforeEach
    void startBrowser() throws Exception {
        browser = chromium();
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    @AfterEach
    void stop() {
        clock.reset();
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theReportIsShownOnceTheTokenIsEntered() throws Exception {
        recordFourWeeks();
        browser.get("http://127.0.0.1:" + port + "/admin/");

        enterToken(TOKEN);
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#topics tbody tr"), 3));

        assertThat(rows("topics")).containsExactly(
                List.of("default", "JIASPINEINITIALVARIANT", "1", "0", "0", "–", "1", "–"),
                List.of("default", "JIASPINENOTAPPROPRIATE", "3", "1", "2", "mri-unavailable: 1\n(no reason given): 1", "0", "33%"),
                List.of("default", "JIASPINEWITHOUTCONTRAST", "1", "1", "0", "–", "0", "100%"));
        assertThat(browser.findElements(By.cssSelector("#acceptance-chart circle.point")))
                .extracting(point -> point.getAttribute("data-week"))
                .containsExactly("2026-11-02", "2026-11-09", "2026-11-23");
        assertThat(browser.findElements(By.cssSelector("#acceptance-chart polyline.rate-line"))).hasSize(1);
        assertThat(browser.findElement(By.id("from")).getDomProperty("value")).isEqualTo("2026-09-07");
        assertThat(browser.findElement(By.id("summary")).getText()).isEqualTo("2026-09-07 to 2026-11-27 (UTC days): 5 cards shown; 0 feedback entries name cards that no recorded decision shows.");
        assertThat(browser.executeScript("return sessionStorage.length")).isEqualTo(1L);
        screenshot();

        assertThat(severeConsoleMessages()).as("console errors, CSP violations among them").isEmpty();
    }

    @Test
    void aRefusedTokenIsAskedForAgainAndNotKept() {
        browser.get("http://127.0.0.1:" + port + "/admin/");

        enterToken("not-the-token-0123456789abcdefghijklmnopqrstuvwxyz");

        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token-error")));
        assertThat(error.getText()).isEqualTo("The token was not accepted.");
        assertThat(browser.findElement(By.id("report")).isDisplayed()).isFalse();
        assertThat(browser.executeScript("return sessionStorage.length")).isEqualTo(0L);
    }

    @Test
    void theContentSecurityPolicyIsEnforcedSoAQuietConsoleMeansSomething() {
        browser.get("http://127.0.0.1:" + port + "/admin/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));

        browser.executeScript("const s = document.createElement('script'); s.textContent = 'window.inlineRan = true;';"
                + "document.head.append(s); console.error('console probe');");

        assertThat(browser.executeScript("return window.inlineRan === true")).as("an inline script ran").isEqualTo(false);
        assertThat(severeConsoleMessages()).anySatisfy(message -> assertThat(message).contains("Content Security Policy"))
                .anySatisfy(message -> assertThat(message).contains("console probe"));
    }

    void enterToken(String token) {
        WebElement field = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        field.sendKeys(token);
        browser.findElement(By.cssSelector("#token-form button[type=submit]")).click();
    }

    List<List<String>> rows(String table) {
        return browser.findElements(By.cssSelector("#" + table + " tbody tr")).stream()
                .map(row -> row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList()).toList();
    }

    List<String> severeConsoleMessages() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
    }

    /** The whole page: the window made as tall as the page plus the window's own frame. */
    void screenshot() throws Exception {
        long height = (Long) browser.executeScript(
                "return document.documentElement.scrollHeight + (window.outerHeight - window.innerHeight)");
        browser.manage().window().setSize(new Dimension(1280, (int) height));
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Decisions in three of the last four weeks, through the hook endpoints; feedback as clients send it. */
    void recordFourWeeks() throws Exception {
        JsonNode radiograph = call("2026-11-03T09:00:00Z", "vignette-radiograph-order-select");
        feedback(radiograph, "accepted", null, "2026-11-03T09:02:00Z");
        JsonNode boneScan = call("2026-11-05T10:00:00Z", "bone-scan-spect-ct-warning-four-radiation-symbols");
        feedback(boneScan, "overridden", "mri-unavailable", "2026-11-05T10:01:00Z");
        JsonNode withoutContrast = call("2026-11-11T15:00:00Z", "mri-lumbar-without-contrast-may-be-appropriate-info-card");
        feedback(withoutContrast, "accepted", null, "2026-11-11T15:01:00Z");
        JsonNode signed = call("2026-11-25T08:00:00Z", "vignette-radiograph-order-sign");
        feedback(signed, "overridden", null, "2026-11-25T08:01:00Z");
        call("2026-11-26T08:00:00Z", "back-pain-without-jia-single-initial-imaging-card");
        clock.reset();
        assertThat(queue.awaitWritten(Duration.ofSeconds(10))).isTrue();
    }

    JsonNode call(String at, String scenario) throws Exception {
        clock.set(Instant.parse(at));
        String service = Files.readString(SCENARIOS.resolve(scenario).resolve("service.txt")).trim();
        RawHttp.Response response = RawHttp.send(port, "POST", "/cds-services/" + service, Files.readString(
                SCENARIOS.resolve(scenario).resolve("request.json")));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return ((com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(response.body())).put("service", service);
    }

    void feedback(JsonNode answer, String outcome, String reason, String at) throws Exception {
        clock.set(Instant.parse(at));
        JsonNode card = answer.get("cards").get(0);
        String detail = outcome.equals("accepted")
                ? ", \"acceptedSuggestions\": [{\"id\": \"" + card.get("suggestions").get(0).get("uuid").asText() + "\"}]"
                : reason == null ? "" : ", \"overrideReason\": {\"reason\": {\"system\": \"" + REASONS + "\", \"code\": \"" + reason + "\"}}";
        String body = "{\"feedback\": [{\"card\": \"%s\", \"outcome\": \"%s\"%s, \"outcomeTimestamp\": \"%s\"}]}"
                .formatted(card.get("uuid").asText(), outcome, detail, at);
        RawHttp.Response response = RawHttp.send(port, "POST", "/cds-services/" + answer.get("service").asText() + "/feedback", body);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    /**
     * Debian's chromium and chromedriver, as .ci/test-components.sh installs them; given explicitly, so that Selenium
     * Manager never downloads a browser or driver. Missing, the test fails in CI and is skipped elsewhere.
     */
    static ChromeDriver chromium() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String missing = CHROMIUM + " or " + CHROMEDRIVER + " not found (Debian packages chromium and chromium-driver): "
                    + ".ci/test-components.sh installs them";
            if (System.getenv("CI") != null) {
                Assertions.fail(missing);
            }
            Assumptions.abort(missing + "; this test is skipped");
        }
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,900", "--user-data-dir=" + Files.createTempDirectory("acr-chromium-"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        ChromeDriverService driver = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .build();
        return new ChromeDriver(driver, options);
    }
}
