package dev.autojoin.local;

import dev.autojoin.testing.Emulator;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium per test class (Debian's {@code chromium} and {@code chromium-driver}, never a download),
 * driving the console of the JVM's shared local stack the way a person would: by labels and button names. Screenshots
 * go under {@code target/screenshots/<class>/<test>/}: on failure always, and at every {@link #step} with
 * {@code -Dconsole.screenshots=always}.
 */
final class ConsoleBrowser
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterTestExecutionCallback {

    static final Path CHROMIUM = Path.of(System.getProperty("console.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("console.chromedriver", "/usr/bin/chromedriver"));

    private static final List<String> FLAGS = List.of(
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1280,1100");
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final int MAX_SCREENSHOT_HEIGHT = 5000;
    private static final Path SCREENSHOTS = Path.of(System.getProperty("console.screenshotDir", "target/screenshots"));
    private static final boolean EVERY_STEP = "always".equals(System.getProperty("console.screenshots"));

    private ChromeDriver driver;
    private WebDriverWait wait;
    private Path profile;
    private String baseUrl;
    private Path testDirectory;
    private int steps;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("the console browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": apt-get update && apt-get install -y chromium chromium-driver");
        }
        baseUrl = LocalApi.stack().baseUrl().toString();
        // Each class starts from an empty table and outbox; the identity provider's users stay (emails differ).
        Emulator.shared().resetAll(LocalStack.TABLE_NAME);
        LocalStack.invitationQueueAgain(Emulator.shared());
        Emulator.shared().verifySender(LocalStack.SENDER_EMAIL);

        profile = Files.createTempDirectory("console-chromium-");
        Path logs = SCREENSHOTS.resolve("browser-logs");
        Files.createDirectories(logs);
        // The driver's and the browser's own output (it would repeat typed emails) stays out of the test logs.
        OutputStream driverLog =
                new FileOutputStream(logs.resolve(context.getRequiredTestClass().getSimpleName() + ".log")
                        .toFile());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogOutput(driverLog)
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(FLAGS);
        options.addArguments("--user-data-dir=" + profile);
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logging);
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, PATIENCE);
        // The console re-renders lists as data arrives: an element found a moment ago may be replaced; look again.
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        // The console answers in milliseconds: poll often rather than wait the default half second each time.
        wait.pollingEvery(Duration.ofMillis(50));
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(file -> file.toFile().delete());
            }
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        testDirectory = SCREENSHOTS
                .resolve(context.getRequiredTestClass().getSimpleName())
                .resolve(context.getRequiredTestMethod().getName());
        steps = 0;
        // Only this run's screenshots: a FAILED.png of an earlier run would mislead.
        if (Files.isDirectory(testDirectory)) {
            try (Stream<Path> files = Files.list(testDirectory)) {
                files.forEach(file -> file.toFile().delete());
            }
        }
        // Each test starts signed out, on a blank page of the console's origin.
        driver.get(baseUrl + "/#/register");
        driver.executeScript("sessionStorage.clear()");
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isPresent()) {
            save("FAILED");
            try {
                Files.writeString(testDirectory.resolve("FAILED.html"), driver.getPageSource());
                String console = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                        .map(LogEntry::toString)
                        .collect(Collectors.joining("\n"));
                Files.writeString(testDirectory.resolve("FAILED-console.log"), console);
            } catch (IOException | RuntimeException e) {
                // the screenshot is what matters; the page source and console are extras
            }
        }
    }

    /** A screenshot named after the step, when every step is asked for; every step checks the page's labels. */
    void step(String name) {
        steps++;
        assertEveryControlIsNamed();
        if (EVERY_STEP) {
            save(String.format("%02d-%s", steps, name.replaceAll("[^A-Za-z0-9.@-]+", "-")));
        }
    }

    private void save(String name) {
        try {
            Files.createDirectories(testDirectory);
            Files.write(testDirectory.resolve(name + ".png"), fullPageScreenshot());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            System.out.println("{\"level\":\"WARN\",\"message\":\"no screenshot: "
                    + e.getClass().getSimpleName() + "\"}");
        }
    }

    /** Every form control and button has an accessible name: a label, an aria-label or (buttons) its text. */
    void assertEveryControlIsNamed() {
        Object unnamed = driver.executeScript("return [...document.querySelectorAll('input, select, textarea, button')]"
                + ".filter(e => e.type !== 'hidden' && !e.getAttribute('aria-label')"
                + " && !(e.labels && e.labels.length) && !(e.tagName === 'BUTTON' && e.textContent.trim()))"
                + ".map(e => e.outerHTML.slice(0, 160))");
        if (unnamed instanceof List<?> list && !list.isEmpty()) {
            throw new AssertionError("controls without an accessible name: " + list);
        }
    }

    /** The whole page, not just the window (Chrome's DevTools capture, through the driver; no extra connection). */
    private byte[] fullPageScreenshot() {
        try {
            Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
            Map<?, ?> size = (Map<?, ?>) metrics.get("cssContentSize");
            double width = ((Number) size.get("width")).doubleValue();
            double height = Math.min(((Number) size.get("height")).doubleValue(), MAX_SCREENSHOT_HEIGHT);
            Map<String, Object> shot = driver.executeCdpCommand(
                    "Page.captureScreenshot",
                    Map.of(
                            "format",
                            "png",
                            "captureBeyondViewport",
                            true,
                            "clip",
                            Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
            return Base64.getDecoder().decode((String) shot.get("data"));
        } catch (RuntimeException e) {
            return driver.getScreenshotAs(OutputType.BYTES);
        }
    }

    // ---- Finding things the way a person does: by labels, names and text.

    ChromeDriver driver() {
        return driver;
    }

    String baseUrl() {
        return baseUrl;
    }

    /** Opens a console page: {@code open("/register")} is {@code http://localhost:<port>/#/register}. */
    void open(String route) {
        driver.get(baseUrl + "/#" + route);
        heading();
    }

    /** Waits (patiently, polling often) until {@code condition} answers something other than null or false. */
    <T> T until(Function<WebDriver, T> condition) {
        return wait.until(condition);
    }

    /** The page's h1 once it is there. */
    String heading() {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("main h1")))
                .getText();
    }

    /** The form control whose label reads {@code label}, anywhere on the page. */
    WebElement field(String label) {
        return field(driver, label);
    }

    /** The control labelled {@code label} inside {@code scope}: {@code <label for>}, or a control inside its label. */
    WebElement field(SearchContext scope, String label) {
        String text = literal(label);
        By byFor = By.xpath(".//label[normalize-space(.)=" + text + " and @for]");
        By inside =
                By.xpath(".//label[normalize-space(.)=" + text + "]//*[self::input or self::select or self::textarea]");
        return wait.until(d -> {
            for (WebElement element : scope.findElements(inside)) {
                if (element.isDisplayed()) {
                    return element;
                }
            }
            for (WebElement labelElement : scope.findElements(byFor)) {
                WebElement control = d.findElement(By.id(labelElement.getDomAttribute("for")));
                if (control.isDisplayed()) {
                    return control;
                }
            }
            return null;
        });
    }

    void type(String label, String text) {
        WebElement input = field(label);
        input.clear();
        input.sendKeys(text);
    }

    /** A button by its visible text or its accessible name ({@code aria-label}), once it can be clicked. */
    WebElement button(SearchContext scope, String name) {
        String text = literal(name);
        By by = By.xpath(".//button[normalize-space(.)=" + text + " or @aria-label=" + text + "]");
        return wait.until(d -> scope.findElements(by).stream()
                .filter(b -> b.isDisplayed() && b.isEnabled())
                .findFirst()
                .orElse(null));
    }

    void click(String buttonName) {
        button(driver, buttonName).click();
    }

    void click(SearchContext scope, String buttonName) {
        button(scope, buttonName).click();
    }

    /** A link by its text. */
    void follow(String linkText) {
        wait.until(ExpectedConditions.elementToBeClickable(By.linkText(linkText)))
                .click();
    }

    /** Waits until the page shows {@code text} (and answers the element holding it). */
    WebElement see(String text) {
        By by = By.xpath("//*[not(self::script)][contains(normalize-space(.), " + literal(text) + ")]");
        try {
            return wait.until(d -> d.findElements(by).stream()
                    .filter(WebElement::isDisplayed)
                    .reduce((outer, inner) -> inner)
                    .orElse(null));
        } catch (TimeoutException e) {
            throw new AssertionError("the page never showed \"" + text + "\"; it shows:\n"
                    + driver.findElement(By.tagName("main")).getText());
        }
    }

    /** The first problem box shown (an API error as the console renders it). */
    WebElement problem() {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[role=alert].problem")));
    }

    /** Something marked with {@code data-<attribute>="<value>"}: a table row, a card. */
    /** Opens the frame of the email to {@code to} in the outbox, found afresh: the list re-renders as it filters. */
    void openEmail(String to) {
        wait.until(ExpectedConditions.frameToBeAvailableAndSwitchToIt(
                By.cssSelector("[data-to=" + cssString(to) + "] iframe")));
    }

    /** An attribute of the first element matching {@code css}, read inside the wait so a re-render is retried. */
    String attributeOf(String css, String attribute) {
        return wait.until(d -> d.findElement(By.cssSelector(css)).getDomAttribute(attribute));
    }

    WebElement marked(String attribute, String value) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-" + attribute + "=" + cssString(value) + "]")));
    }

    // ---- What people do in the console.

    /** Register: the discovery message shows before sign-up; answers it. */
    String typeEmailOnRegister(String email) {
        open("/register");
        type("Work email", email);
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=discovery] p")))
                .getText();
    }

    /** Signs up with the email on the register page and answers the outcome text. */
    String signUp(String email, boolean verified) {
        typeEmailOnRegister(email);
        WebElement box = field("Email verified");
        if (box.isSelected() != verified) {
            box.click();
        }
        step("register-" + localPart(email));
        click("Sign up");
        String outcome = wait.until(
                        ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=outcome]")))
                .getText();
        step("registered-" + localPart(email));
        return outcome;
    }

    /** Switch user: act as someone who already signed up. */
    void actAs(String email) {
        open("/users");
        click("Act as " + email);
        wait.until(ExpectedConditions.textToBe(By.cssSelector("[data-testid=signed-in-as]"), email));
    }

    void createCompany(String name) {
        open("/companies");
        type("Company name", name);
        click("Create company");
        see("Created " + name + ".");
        step("created-" + name);
    }

    /** My companies → the company's settings tab ("Members & Permissions", "Domains", "Settings", "Audit"). */
    void openCompany(String name, String tab) {
        open("/companies");
        WebElement row = marked("company", name);
        row.findElement(By.linkText(tab)).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("main h1"), name));
    }

    /**
     * Signs {@code owner} up, creates {@code company} and claims {@code domain} by the owner's own verified email
     * (affiliation), with {@code enrollment} ("Off", "Suggest", "Auto-join").
     */
    void companyWithDomain(String owner, String company, String domain, String enrollment) {
        signUp(owner, true);
        createCompany(company);
        openCompany(company, "Domains");
        claimDomain(domain);
        setEnrollment(domain, enrollment);
    }

    void claimDomain(String domain) {
        type("Domain", domain);
        click("Claim domain");
        see("Claimed " + domain);
    }

    /**
     * On the Domains tab: claims {@code domain} by DNS, publishes its record in the local DNS from the claim's own
     * link, comes back and checks it.
     */
    void proveByDns(String domain) {
        type("Domain", domain);
        field("DNS TXT record").click();
        click("Claim domain");
        see("Claimed " + domain + ": pending.");
        marked("domain", domain)
                .findElement(org.openqa.selenium.By.linkText("Publish it in the local DNS"))
                .click();
        click("Publish TXT record");
        see("Published 1 TXT value(s)");
        driver().navigate().back();
        click("Check " + domain + " now");
        see("Checked " + domain);
    }

    /** On the Domains tab: choose the enrollment mode ("Off", "Suggest", "Auto-join") and save. */
    void setEnrollment(String domain, String mode) {
        WebElement card = marked("domain", domain);
        field(card, mode).click();
        click(card, "Save " + domain);
        see("Saved " + domain);
    }

    private static String localPart(String email) {
        return email.substring(0, email.indexOf('@'));
    }

    /** An XPath string literal for any text. */
    private static String literal(String text) {
        if (!text.contains("'")) {
            return "'" + text + "'";
        }
        return "concat('" + text.replace("'", "', \"'\", '") + "')";
    }

    private static String cssString(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
