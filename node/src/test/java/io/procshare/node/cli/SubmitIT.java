package io.procshare.node.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The examples end to end as a user runs them: one 3-node loopback cluster for the class
 * ({@code scripts/procshare cluster start --nodes 3}), and each {@code procshare submit} and
 * {@code procshare kill} a separate JVM talking to it over the TCP bridge.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class SubmitIT {

    private static final Path DIR = Scripts.ROOT.resolve("node/target/it-submit-" + ProcessHandle.current().pid());
    private static final Pattern THREAD = Pattern.compile("procshare: thread (\\d+) ran on (\\S+)");
    private static final Pattern STARTED = Pattern.compile("procshare: pid (\\d+) started on (\\S+)");

    @BeforeAll
    static void startCluster() throws Exception {
        Scripts.Result start = Scripts.run("cluster", "start", "--nodes", "3", "--dir", DIR.toString());
        assertThat(start.exit()).as(start.output()).isZero();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (Files.exists(DIR.resolve(NodesFile.NAME))) {
            Scripts.Result stop = Scripts.run("cluster", "stop", "--dir", DIR.toString());
            assertThat(stop.exit()).as(stop.output()).isZero();
        }
    }

    private static Scripts.Result submit(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("submit", "--dir", DIR.toString()));
        all.addAll(List.of(args));
        return Scripts.run(Duration.ofSeconds(100), all.toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "matmul     | --size 64",
            "montecarlo | --samples 200000",
            "wordcount  | --generate 4 docs",
            "pipeline   | --items 2000",
            "mapchurn   | --seconds 2",
            "syscheck   | --timeout-ms 300 --absolute 1"})
    void when_anExampleIsSubmittedWithThreeThreads_then_itPassesItsCheckWithThreadsOnSeveralNodes(String task, String args)
            throws Exception {
        List<String> cmd = new ArrayList<>(List.of("--threads", "3", "--show-threads", task));
        cmd.addAll(List.of(args.split(" ")));
        Scripts.Result r = submit(cmd.toArray(String[]::new));

        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.out()).as(r.output()).contains(task + ": check passed");
        assertThat(r.out()).doesNotContain("procshare:");
        assertThat(STARTED.matcher(r.err()).find()).as(r.err()).isTrue();
        Set<String> nodes = new TreeSet<>();
        Matcher m = THREAD.matcher(r.err());
        while (m.find()) {
            nodes.add(m.group(2));
        }
        assertThat(nodes).as(r.err()).hasSizeGreaterThan(1).allMatch(n -> n.matches("node[123]"));
    }

    @Test
    void when_theTaskIsUnknown_then_submitExits2SayingWhichTasksThereAre() throws Exception {
        Scripts.Result r = submit("--threads", "3", "no-such-task", "--size", "1");
        assertThat(r.exit()).as(r.output()).isEqualTo(2);
        assertThat(r.err()).contains("procshare: unknown task 'no-such-task'").contains("matmul");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void when_theTasksArgumentsAreBad_then_submitExits2WithTheTasksReason() throws Exception {
        Scripts.Result r = submit("--threads", "3", "matmul", "--size", "x");
        assertThat(r.exit()).as(r.output()).isEqualTo(2);
        assertThat(r.err()).contains("procshare: matmul:").contains("--size");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void when_thePlacementNamesNoNode_then_submitExits2() throws Exception {
        Scripts.Result r = submit("--threads", "3", "--placement", "spread:node1,node9", "matmul", "--size", "8");
        assertThat(r.exit()).as(r.output()).isEqualTo(2);
        assertThat(r.err()).contains("procshare: matmul:").contains("node9");
    }

    @Test
    void when_aLongProcessIsKilled_then_itsClientExits137WithTheKillMessage() throws Exception {
        Scripts.Running client = Scripts.start("submit", "--dir", DIR.toString(), "--threads", "3",
                "montecarlo", "--samples", "2000000000");
        long pid = await().atMost(Duration.ofSeconds(60)).until(() -> {
            Matcher m = STARTED.matcher(client.errSoFar());
            assertThat(client.process().isAlive()).as(client.errSoFar()).isTrue();
            return m.find() ? Long.parseLong(m.group(1)) : null;
        }, p -> p != null);

        Scripts.Result kill = Scripts.run("kill", "--dir", DIR.toString(), String.valueOf(pid));
        assertThat(kill.exit()).as(kill.output()).isZero();
        assertThat(kill.out()).matches("(?s)killed pid " + pid + " \\(home node[123]\\)\\s*");

        Scripts.Result r = client.await(Duration.ofSeconds(30));
        assertThat(r.exit()).as(r.output()).isEqualTo(137);
        assertThat(r.err()).contains("procshare: pid " + pid + " exited with status 137: killed by a client");

        Scripts.Result again = Scripts.run("kill", "--dir", DIR.toString(), String.valueOf(pid));
        assertThat(again.exit()).as(again.output()).isEqualTo(1);
        assertThat(again.err()).contains("procshare: no live process " + pid + " in the cluster");
    }
}
