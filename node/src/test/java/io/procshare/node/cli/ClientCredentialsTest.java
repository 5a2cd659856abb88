package io.procshare.node.cli;

import io.procshare.node.ClusterSecret;
import io.procshare.node.NodeConfig;
import io.procshare.node.client.BridgeSecurity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Where a client finds the secret and the CA: flag, then environment, then the local cluster's directory. */
class ClientCredentialsTest {

    private static final NodeConfig.HostPort NODE1 = new NodeConfig.HostPort("127.0.0.1", 7001);
    private static final NodeConfig.HostPort ELSEWHERE = new NodeConfig.HostPort("10.0.0.9", 7000);

    /** A directory as `cluster start --secret dir-secret --tls-ca ...` leaves it. */
    private static Path localCluster(Path dir) {
        new NodesFile(List.of(new NodesFile.Entry("node1", 1, "127.0.0.1:5701", "127.0.0.1:7001", "node1.log")),
                1, 1, "/certs/ca.pem").write(dir);
        TokenFile.write(dir, ClusterSecret.of("t", "dir-secret").bridgeToken());
        return dir;
    }

    private static String token(String secret) {
        return ClusterSecret.of("t", secret).bridgeToken();
    }

    @Test
    void when_theFlagIsGiven_then_itWinsOverTheEnvironmentAndTheDirectory(@TempDir Path dir) {
        BridgeSecurity s = ClientCredentials.resolve("flag", Path.of("/flag/ca.pem"),
                Map.of(ClusterSecret.ENV, "env", ClientCredentials.TLS_CA_ENV, "/env/ca.pem"), localCluster(dir), NODE1);
        assertThat(s).isEqualTo(new BridgeSecurity(token("flag"), Path.of("/flag/ca.pem")));
    }

    @Test
    void when_onlyTheEnvironmentAndTheDirectoryHaveIt_then_theEnvironmentWins(@TempDir Path dir) {
        BridgeSecurity s = ClientCredentials.resolve(null, null,
                Map.of(ClusterSecret.ENV, "env", ClientCredentials.TLS_CA_ENV, "/env/ca.pem"), localCluster(dir), NODE1);
        assertThat(s).isEqualTo(new BridgeSecurity(token("env"), Path.of("/env/ca.pem")));
    }

    @Test
    void when_theDirectoryNamesTheNode_then_itsTokenAndCaAreUsed(@TempDir Path dir) {
        BridgeSecurity s = ClientCredentials.resolve(null, null, Map.of(ClusterSecret.ENV, ""), localCluster(dir), NODE1);
        assertThat(s).isEqualTo(new BridgeSecurity(token("dir-secret"), Path.of("/certs/ca.pem")));
    }

    @Test
    void when_theNodeIsNotOneOfTheDirectorysCluster_then_theDirectorysTokenIsNotSentThere(@TempDir Path dir) {
        BridgeSecurity s = ClientCredentials.resolve(null, null, Map.of(), localCluster(dir), ELSEWHERE);
        assertThat(s).isEqualTo(BridgeSecurity.NONE);
    }

    @Test
    void when_nothingIsGiven_then_theClusterIsTakenToBeOpen(@TempDir Path dir) {
        assertThat(ClientCredentials.resolve(null, null, Map.of(), dir, NODE1)).isEqualTo(BridgeSecurity.NONE);
    }

    @Test
    void shouldWriteTheTokenFileForItsOwnerOnlyAndNeverTheSecret(@TempDir Path dir) throws Exception {
        TokenFile.write(dir, token("hunter2"));
        Path file = dir.resolve(TokenFile.NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).doesNotContain("hunter2").contains(token("hunter2"));
        assertThat(TokenFile.read(dir)).contains(token("hunter2"));
        TokenFile.delete(dir);
        assertThat(TokenFile.read(dir)).isEmpty();
    }
}
