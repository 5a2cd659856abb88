package io.procshare.node.cli;

import io.procshare.node.client.BridgeClient;
import io.procshare.node.guest.SubmitVerticle;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code procshare kill PID}: ends a process wherever its threads run; its client exits 137. */
@Command(name = "kill", mixinStandardHelpOptions = true,
        description = "Kill process PID (every thread on every node); its `procshare submit` exits with status 137.")
final class KillCommand implements Callable<Integer> {

    @Mixin
    NodeTarget target = new NodeTarget();

    @Option(names = "--timeout", paramLabel = "MS", description = "deadline of the request (default: 10000)")
    int timeoutMs = 10_000;

    @Parameters(index = "0", paramLabel = "PID", description = "the pid `procshare submit` printed")
    long pid;

    @Option(names = "--cap", paramLabel = "CAPABILITY",
            description = "the process's capability (default: the one `procshare submit` kept in DIR/pids/PID)")
    String cap;

    @Override
    public Integer call() {
        if (timeoutMs < 1) {
            System.err.println("procshare: --timeout must be at least 1 ms, not " + timeoutMs);
            return 2;
        }
        JsonObject reply;
        try (BridgeClient client = target.connect()) {
            JsonObject kill = new JsonObject().put("pid", pid);
            String capability = cap != null ? cap : CapabilityFile.read(target.dir, pid).orElse(null);
            if (capability != null) {
                kill.put("cap", capability);
            }
            reply = client.request(SubmitVerticle.KILL, kill, timeoutMs);
        } catch (BridgeClient.BridgeException e) {
            if (e.failureCode() == SubmitVerticle.NOT_FOUND) {
                System.err.println("procshare: no live process " + pid + " in the cluster");
                return 1;
            }
            if (e.failureCode() == SubmitVerticle.FORBIDDEN) {
                System.err.println("procshare: pid " + pid + " is not yours to kill: only its submitter may (its "
                        + "capability is in the --dir of the `procshare submit` that started it, DIR/pids/PID)");
                return 1;
            }
            throw e;
        }
        System.out.println("killed pid " + pid + " (home " + reply.getString("home", "?") + ")");
        return 0;
    }
}
