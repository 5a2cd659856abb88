package io.procshare.node.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console as a person uses it: a 3-node loopback cluster ({@code cluster start}), a process
 * whose threads share one hot page, and node2's console in headless Chromium (Debian's chromium
 * and chromium-driver, driven by Selenium): the members, the process, its threads per node and
 * a change of the page-ownership map appear without a reload; the screenshot is saved as
 * {@code node/target/console.png}. Then {@code /metrics} is scraped before and after the process
 * ran, and bad questions get 4xx answers.
 */
@Timeout(value = 170, unit = TimeUnit.SECONDS)
class ConsoleIT {

    private static final Path DIR = Scripts.ROOT.resolve("node/target/it-console-" + ProcessHandle.current().pid());
    private static final Path SCREENSHOT = Scripts.ROOT.resolve("node/target/console.png");
    private static final Pattern STARTED = Pattern.compile("procshare: pid (\\d+) started on (\\S+)");
    private static final Pattern METER = Pattern.compile("(?m)^(procshare_[A-Za-z_]+)(\\{[^}]*\\})? ([0-9.eE+-]+)$");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static List<String> consoles;

    @BeforeAll
    static void startCluster() throws Exception {
        Scripts.Result start = Scripts.run("cluster", "start", "--nodes", "3", "--dir", DIR.toString());
        assertThat(start.exit()).as(start.output()).isZero();
        assertThat(start.out()).contains("console http://127.0.0.1:");
        consoles = NodesFile.read(DIR).orElseThrow().nodes().stream().map(NodesFile.Entry::console).toList();
        assertThat(consoles).hasSize(3).allMatch(u -> u.startsWith("http://127.0.0.1:"));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (Files.exists(DIR.resolve(NodesFile.NAME))) {
            Scripts.Result stop = Scripts.run("cluster", "stop", "--dir", DIR.toString());
            assertThat(stop.exit()).as(stop.output()).isZero();
        }
    }

    @Test
    void when_aProcessRuns_then_theConsoleShowsItLiveAndTheMetersMove() throws Exception {
        Scripts.Result printed = Scripts.run("console", "--dir", DIR.toString());
        assertThat(printed.exit()).as(printed.output()).isZero();
        assertThat(printed.out()).contains("node1  " + consoles.get(0)).contains("node3  " + consoles.get(2));

        Map<String, Double> before = scrapeAll();

        // montecarlo's threads add their hits to one shared counter: its page moves between the nodes
        Scripts.Running client = Scripts.start("submit", "--dir", DIR.toString(), "--threads", "3", "--placement",
                "spread", "montecarlo", "--samples", "4000000000");
        String pid = await().atMost(Duration.ofSeconds(60)).until(() -> {
            Matcher m = STARTED.matcher(client.errSoFar());
            assertThat(client.process().isAlive()).as(client.errSoFar()).isTrue();
            return m.find() ? m.group(1) : null;
        }, p -> p != null);

        WebDriver browser = chromium();
        try {
            browser.get(consoles.get(1));
            JavascriptExecutor js = (JavascriptExecutor) browser;
            js.executeScript("window.notReloaded = true;");
            // the tables are redrawn every second: an element found a moment ago may be gone
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            wait.ignoring(StaleElementReferenceException.class);

            wait.until(b -> List.of("node1", "node2", "node3").equals(js.executeScript(
                    "return [...document.querySelectorAll('#members tbody tr[data-node]')].map(r => r.dataset.node);")));

            By row = By.cssSelector("#processes tbody tr[data-pid='" + pid + "']");
            wait.until(b -> !b.findElements(row).isEmpty());
            // its three workers run on the three nodes (spread), which the row says once they started
            wait.until(b -> threadNodes(b.findElement(row)) >= 2);
            wait.until(b -> {
                b.findElement(row).click();
                return true;
            });

            WebElement map = browser.findElement(By.id("pagemap"));
            wait.until(b -> !"0".equals(attr(map, "data-cells")) && attr(map, "data-signature") != null);
            String first = attr(map, "data-signature");
            wait.until(b -> !first.equals(attr(map, "data-signature")));
            wait.until(b -> !b.findElements(By.cssSelector("#hot tbody td.num")).isEmpty()
                    && b.findElements(By.cssSelector("#threads tbody tr")).size() >= 3);
            // the rates plot has a few seconds of history before the picture is taken
            wait.until(b -> Integer.parseInt(String.valueOf(attr(b.findElement(By.id("rates")), "data-points"))) >= 5);
            assertThat(browser.findElement(By.id("pid")).getText()).isEqualTo(pid);
            assertThat(js.executeScript("return window.notReloaded === true;")).isEqualTo(true);
            Files.write(SCREENSHOT, ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } finally {
            browser.quit();
        }

        Map<String, Double> during = scrapeAll();
        assertThat(during.keySet()).as("per-process gauges while pid %s runs", pid)
                .contains("procshare_process_threads{pid=\"" + pid + "\"}")
                .anyMatch(k -> k.startsWith("procshare_process_pages{pid=\"" + pid + "\""));

        Scripts.Result kill = Scripts.run("kill", "--dir", DIR.toString(), pid);
        assertThat(kill.exit()).as(kill.output()).isZero();
        assertThat(client.await(Duration.ofSeconds(30)).exit()).isEqualTo(137);

        Map<String, Double> after = scrapeAll();
        assertThat(after.get("procshare_memory_faults_total")).isGreaterThan(before.get("procshare_memory_faults_total"));
        // the shared counter's page is taken from its owner (a forward) or its copies invalidated
        assertThat(after.get("procshare_memory_forwards_total") + after.get("procshare_memory_invalidations_total"))
                .isGreaterThan(before.get("procshare_memory_forwards_total") + before.get("procshare_memory_invalidations_total"));
        assertThat(after.get("procshare_syscalls_byNumber_total{name=\"clone\",nr=\"220\"}"))
                .isGreaterThan(before.getOrDefault("procshare_syscalls_byNumber_total{name=\"clone\",nr=\"220\"}", 0.0));
        assertThat(after.get("procshare_memory_fault_latency_seconds_count"))
                .isGreaterThan(before.getOrDefault("procshare_memory_fault_latency_seconds_count", 0.0));
        assertThat(after.keySet()).anyMatch(k -> k.startsWith("procshare_memory_fault_latency_seconds_bucket{le="))
                .anyMatch(k -> k.startsWith("procshare_syscalls_forward_latency_seconds_bucket{le="));
        assertThat(after).containsKeys("procshare_rejectedFrames_total", "procshare_peerBreakersOpened_total",
                "procshare_resendsHeldBack_total", "procshare_memory_frames", "procshare_memory_pages_readWrite");
    }

    @Test
    void when_theQuestionIsBad_then_theConsoleAnswers4xxWithAMessage() throws Exception {
        String base = consoles.get(0);
        assertThat(get(base + "api/pages?pid=abc")).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("pid: 'abc' is not a number");
        });
        assertThat(get(base + "api/pages?pid=12&from=0&count=100000000")).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("count: 100000000 pages is more than 65536");
        });
        assertThat(get(base + "api/pages?pid=12")).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.body()).contains("pid 12: no such process in the cluster");
        });
        assertThat(get(base + "no/such/page").statusCode()).isEqualTo(404);
    }

    /** Live threads on how many nodes, from the row's "node1:1 node2:1" cell. */
    private static int threadNodes(WebElement row) {
        String text = row.findElement(By.cssSelector("td.threads")).getText().trim();
        return text.equals("–") ? 0 : text.split("\\s+").length;
    }

    private static String attr(WebElement e, String name) {
        return e.getDomAttribute(name);
    }

    private static WebDriver chromium() {
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, "/usr/bin/chromedriver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(new File("/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--user-data-dir=" + DIR.resolve("chromium-profile"));
        return new ChromeDriver(options);
    }

    /** Every procshare meter summed over the three nodes, by name and tags as Prometheus prints them. */
    private static Map<String, Double> scrapeAll() throws Exception {
        Map<String, Double> sum = new HashMap<>();
        for (String url : consoles) {
            HttpResponse<String> r = get(url + "metrics");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            Matcher m = METER.matcher(r.body());
            while (m.find()) {
                sum.merge(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)), Double::sum);
            }
        }
        return sum;
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

}
