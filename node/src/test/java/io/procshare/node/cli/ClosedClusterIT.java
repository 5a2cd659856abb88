package io.procshare.node.cli;

import io.procshare.node.TestCerts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A closed cluster as a user makes one: {@code scripts/make-test-certs.sh}, then
 * {@code cluster start --nodes 2 --secret S} with TLS; a submit without the secret, or with a wrong
 * one, exits 2 with the refusal and starts nothing; a submit that finds the cluster's token and CA
 * in its directory runs. Every command a separate JVM, the nodes too.
 */
class ClosedClusterIT {

    private static final String SECRET = "it's a secret to everybody";

    private final Path dir = Scripts.ROOT.resolve("node/target/it-closed-" + ProcessHandle.current().pid());

    @AfterEach
    void stopWhateverIsLeft() throws Exception {
        if (Files.exists(dir.resolve(NodesFile.NAME))) {
            Scripts.run("cluster", "stop", "--dir", dir.toString());
        }
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void when_theClusterHasASecretAndTls_then_onlyAClientWithTheSecretRunsAnything() throws Exception {
        Path certs = TestCerts.made(dir.resolve("certs"), "node");
        Path ca = certs.resolve("ca.pem");
        Scripts.Result start = Scripts.run("cluster", "start", "--nodes", "2", "--dir", dir.toString(),
                "--secret", SECRET, "--tls-ca", ca.toString(), "--tls-cert", certs.resolve("node.pem").toString(),
                "--tls-key", certs.resolve("node.key").toString());
        assertThat(start.exit()).as(start.output()).isZero();
        assertThat(start.output()).contains("cluster of 2 nodes formed in").contains("closed cluster");
        Path token = dir.resolve(TokenFile.NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token))).isEqualTo("rw-------");
        assertThat(Files.readString(token)).doesNotContain(SECRET);
        String bridge = NodesFile.read(dir).orElseThrow().nodes().getFirst().bridge();

        // without the secret (a directory that holds none), and with a wrong one
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Scripts.Result none = Scripts.run("submit", "--node", bridge, "--dir", elsewhere.toString(), "--tls-ca", ca.toString(),
                "--threads", "2", "montecarlo", "--samples", "2000000000");
        Scripts.Result wrong = Scripts.run("submit", "--dir", dir.toString(), "--secret", "a guess",
                "--threads", "2", "montecarlo", "--samples", "2000000000");
        for (Scripts.Result refused : new Scripts.Result[] {none, wrong}) {
            assertThat(refused.exit()).as(refused.output()).isEqualTo(2);
            assertThat(refused.err()).contains("procshare: node " + bridge + " refused this client: missing or wrong "
                    + "secret (use --secret or PROCSHARE_SECRET)");
            assertThat(refused.out()).isEmpty();
        }

        Scripts.Result status = Scripts.run("status", "--json", "--dir", dir.toString());
        assertThat(status.exit()).as(status.output()).isZero();
        JsonObject json = new JsonObject(status.out().substring(status.out().indexOf('{')));
        assertThat(json.getInteger("clusterSize")).isEqualTo(2);
        assertThat(json.getJsonArray("processes", new JsonArray())).as("nothing runs").isEmpty();
        long refusedFrames = json.getJsonArray("members").stream()
                .mapToLong(m -> ((JsonObject) m).getJsonObject("counters").getLong("bridge.refusedFrames", 0L)).sum();
        assertThat(refusedFrames).isPositive();

        // the cluster's own directory gives the token and the CA
        Scripts.Result ok = Scripts.run("submit", "--dir", dir.toString(), "--threads", "2",
                "--placement", "spread:node1,node2", "--show-threads", "matmul", "--size", "32");
        assertThat(ok.exit()).as(ok.output()).isZero();
        assertThat(ok.out()).contains("matmul: check passed");
        assertThat(ok.err()).contains("ran on node1").contains("ran on node2");

        // the console and /metrics: HTTPS with the node's certificate, and only with the bridge token
        String console = NodesFile.read(dir).orElseThrow().nodes().getFirst().console();
        assertThat(console).startsWith("https://127.0.0.1:");
        String bridgeToken = TokenFile.read(dir).orElseThrow();
        java.net.http.HttpClient https = java.net.http.HttpClient.newBuilder().sslContext(trusting(ca)).build();
        assertThat(https.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(console + "metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        var metrics = https.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(console + "metrics"))
                .header("Authorization", "Bearer " + bridgeToken).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("procshare_bridge_refusedFrames_total");
        Scripts.Result urls = Scripts.run("console", "--dir", dir.toString());
        assertThat(urls.exit()).as(urls.output()).isZero();
        assertThat(urls.out()).contains(console + "?token=" + bridgeToken);

        Scripts.Result stop = Scripts.run("cluster", "stop", "--dir", dir.toString());
        assertThat(stop.exit()).as(stop.output()).isZero();
        assertThat(token).doesNotExist();
    }

    /** An SSL context that trusts the test CA in {@code caPem} only. */
    private static javax.net.ssl.SSLContext trusting(Path caPem) throws Exception {
        java.security.KeyStore store = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
        store.load(null, null);
        try (var in = Files.newInputStream(caPem)) {
            store.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        var trust = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return tls;
    }
}
