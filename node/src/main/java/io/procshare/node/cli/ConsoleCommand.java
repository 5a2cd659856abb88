package io.procshare.node.cli;

import io.procshare.node.client.BridgeClient;
import io.procshare.node.client.BridgeSecurity;
import io.procshare.verticles.Addresses;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * {@code procshare console}: prints the web console URL of every member (as the node asked lists
 * them), with the bridge token in it for a closed cluster. Opens nothing.
 */
@Command(name = "console", mixinStandardHelpOptions = true,
        description = "Print the web console URL of each node (open one in a browser; /metrics on the same port "
                + "serves Prometheus). A closed cluster's URLs carry its bridge token: treat them as the secret.")
final class ConsoleCommand implements Callable<Integer> {

    @Mixin
    NodeTarget target = new NodeTarget();

    @Override
    public Integer call() {
        BridgeSecurity security = target.security();
        JsonObject status;
        try (BridgeClient client = target.connect()) {
            status = client.request(Addresses.CLIENT_STATUS, new JsonObject(), 10_000);
        }
        int shown = 0;
        for (Object o : status.getJsonArray("members")) {
            JsonObject m = (JsonObject) o;
            String url = m.getString("console");
            if (url == null) {
                continue;
            }
            System.out.println(m.getString("name") + "  " + withToken(url, security.token()));
            shown++;
        }
        if (shown == 0) {
            System.err.println("procshare: no node of this cluster serves a console (started with --http-port 0, or "
                    + "node.json's httpPort is 0)");
            return 1;
        }
        return 0;
    }

    static String withToken(String url, String token) {
        return token == null ? url : url + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }
}
