package dev.switchboard.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.testing.TestServer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The widget in a real headless browser (Debian's chromium driven by its chromedriver), against a real server: a
 * visitor on the sample page writes, an agent (protocol client) answers, the page is reloaded mid-chat, the agent
 * closes with a parting message and the visitor rates. Screenshots of each state go to
 * {@code target/widget-screenshots/}. Skipped when chromium or chromedriver is not installed.
 */
class WidgetBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SHOTS = Path.of("target", "widget-screenshots");
    private static TestServer server;
    private static WebDriver browser;
    private static WebDriverWait wait;
    @TempDir
    static Path browserProfile;

    @BeforeAll
    static void start() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "chromium and chromium-driver are not installed (apt-get install -y chromium chromium-driver)");
        server = TestServer.start(b -> b.httpPort = 0);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1000,700", "--lang=en-GB",
                "--user-data-dir=" + browserProfile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(10));
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    private static void shot(String name) throws IOException {
        File f = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The conversation as the visitor's page holds it: "role|text" per entry of the live log. */
    @SuppressWarnings("unchecked")
    private static List<String> conversation() {
        return (List<String>) ((JavascriptExecutor) browser).executeScript(
                "return [...document.querySelectorAll('#sbw-log li')].map(li => li.className.replace('sbw-', '') + '|' + "
                        + "[...li.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join(''))");
    }

    private static String status() {
        return browser.findElement(By.id("sbw-status")).getText();
    }

    private static void waitFor(String what, java.util.function.BooleanSupplier condition) {
        wait.withMessage(what).until(d -> condition.getAsBoolean());
    }

    @Test
    void visitorChatsWithAnAgentSurvivesAReloadAndRates() throws Exception {
        TestServer.Client alice = server.agent("alice");
        alice.ok(new Command.Status("away"));
        String page = "http://127.0.0.1:" + server.server().httpPort() + "/demo.html?q=cheap+vps";
        browser.get(page);
        WebElement launcher = wait.until(d -> d.findElement(By.cssSelector("#sbw .sbw-launch")));
        assertThat(launcher.getAttribute("aria-expanded")).isEqualTo("false");
        shot("01-launcher");

        // The visitor opens the widget with the keyboard and writes.
        launcher.sendKeys(Keys.ENTER);
        WebElement input = wait.until(d -> d.findElement(By.id("sbw-input")));
        waitFor("focus in the message box", () -> input.equals(browser.switchTo().activeElement()));
        browser.findElement(By.id("sbw-name")).sendKeys("Chris");
        shot("02-open");
        input.sendKeys("Hello! Is the Pro VPS billed monthly?", Keys.ENTER);
        waitFor("queue position", () -> status().contains("number 1 in the queue"));
        assertThat(conversation()).containsExactly("customer|Hello! Is the Pro VPS billed monthly?");
        shot("03-queued");

        // The agent sees the chat with the page's context and takes it.
        ServerFrame.Chat queued = alice.recorder().await(ServerFrame.Chat.class, c -> "queued".equals(c.state()));
        Map<String, String> context = queued.customer().context();
        assertThat(queued.customer().name()).isEqualTo("Chris");
        assertThat(context).containsEntry("page", page).containsEntry("query", "cheap vps")
                .containsEntry("title", "Acme Hosting – Pricing").containsKey("lang");
        String chat = queued.chat();
        alice.ok(new Command.Accept(chat));
        waitFor("agent name", () -> status().contains("chatting with Alice"));
        alice.client().send(new Command.Typing(chat, true));
        waitFor("typing", () -> browser.findElement(By.id("sbw-typing")).getText().equals("Alice is typing…"));
        shot("04-agent-typing");
        alice.say(chat, "Hi Chris! Yes, every plan is billed monthly.");
        alice.say(chat, "<img src=x onerror=alert(1)> is how we'd never show your text");
        waitFor("the agent's reply", () -> conversation().size() == 4);
        assertThat(browser.findElements(By.cssSelector("#sbw img"))).isEmpty();
        assertThat(browser.findElement(By.id("sbw-typing")).getText()).isEmpty();
        shot("05-reply");

        // Reload mid-chat; the agent writes while the page is away.
        browser.navigate().refresh();
        alice.say(chat, "Anything else I can help with?");
        waitFor("the message sent during the reload", () -> conversation().size() == 5);
        assertThat(conversation()).containsExactly(
                "customer|Hello! Is the Pro VPS billed monthly?",
                "notice|Alice joined the chat",
                "agent|Hi Chris! Yes, every plan is billed monthly.",
                "agent|<img src=x onerror=alert(1)> is how we'd never show your text",
                "agent|Anything else I can help with?");
        assertThat(status()).contains("chatting with Alice");
        shot("06-after-reload");
        WebElement again = browser.findElement(By.id("sbw-input"));
        again.sendKeys("No, that's all. Thanks!", Keys.ENTER);
        ServerFrame.Message last = alice.recorder().awaitText("No, that's all. Thanks!");
        assertThat(last.chat()).isEqualTo(chat);
        // The stored chat holds each of the visitor's messages once (reload and reconnect resent nothing twice).
        List<String> customerTexts = new java.util.ArrayList<>();
        alice.ok(new Command.History(chat, null, 200)).get("events").forEach(e -> {
            if ("message".equals(e.path("type").asText()) && "customer".equals(e.path("from").path("role").asText())) {
                customerTexts.add(e.path("text").asText());
            }
        });
        assertThat(customerTexts).containsExactly("Hello! Is the Pro VPS billed monthly?", "No, that's all. Thanks!");

        // The agent closes with a parting message; the visitor rates.
        alice.ok(new Command.Close(chat, null, "Thanks for chatting, Chris. Bye!", null));
        WebElement five = wait.until(d -> d.findElement(By.cssSelector("#sbw .sbw-stars button[aria-label='5 out of 5']")));
        waitFor("rating prompt", () -> five.isDisplayed());
        assertThat(conversation()).endsWith("agent|Thanks for chatting, Chris. Bye!", "notice|Alice closed the chat.");
        assertThat(status()).contains("ended");
        shot("07-rating-prompt");
        five.click();
        browser.findElement(By.cssSelector("#sbw .sbw-rate textarea")).sendKeys("Quick and clear");
        shot("08-rating-chosen");
        browser.findElement(By.cssSelector("#sbw .sbw-go")).click();
        ServerFrame.Chat rated = alice.recorder().await(ServerFrame.Chat.class, c -> c.rating() != null);
        assertThat(rated.rating().score()).isEqualTo(5);
        assertThat(rated.rating().comment()).isEqualTo("Quick and clear");
        waitFor("thanks", () -> browser.findElement(By.xpath("//button[text()='Start a new chat']")).isDisplayed());
        shot("09-rated");
        alice.close();
    }

    @Test
    void aChatClosedAsAbusiveAsksForNoRating() throws Exception {
        TestServer.Client bob = server.agent("bob");
        browser.get("http://127.0.0.1:" + server.server().httpPort() + "/demo.html");
        // Each test is a new visitor: no token from another test's chat.
        ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
        try {
            browser.navigate().refresh();
            wait.until(d -> d.findElement(By.cssSelector("#sbw .sbw-launch"))).sendKeys(Keys.ENTER);
            WebElement input = wait.until(d -> d.findElement(By.id("sbw-input")));
            browser.findElement(By.id("sbw-name")).sendKeys("Troll");
            input.sendKeys("you are all useless", Keys.ENTER);
            String chat = bob.recorder().await(ServerFrame.Chat.class,
                    c -> "active".equals(c.state()) && "Troll".equals(c.customer().name())).chat();
            bob.ok(new Command.Close(chat, "abusive", null, null));
            waitFor("the chat ends", () -> status().contains("ended"));
            waitFor("the way to a new chat", () -> browser.findElement(By.xpath("//button[text()='Start a new chat']")).isDisplayed());
            assertThat(browser.findElement(By.cssSelector("#sbw .sbw-rate")).isDisplayed()).isFalse();
            shot("10-abusive-closed");
        } finally {
            ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
            bob.close();
        }
    }
}
