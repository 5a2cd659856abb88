package io.procshare.node.cli;

import io.procshare.node.ClusterSecret;
import io.procshare.node.NodeConfig;
import io.procshare.node.client.BridgeSecurity;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where a client command finds the secret and the CA of the cluster it talks to, first found wins:
 * <ol>
 *   <li>its own flags, {@code --secret S} and {@code --tls-ca FILE};</li>
 *   <li>the environment, {@code PROCSHARE_SECRET} and {@code PROCSHARE_TLS_CA} (empty counts as unset);</li>
 *   <li>the state directory of a local cluster, {@code DIR/bridge-token} and {@code DIR/nodes.json}'s
 *       {@code tlsCa}, written by {@code cluster start} — but only when that {@code nodes.json} names
 *       the bridge the client talks to, so that a token is never sent to a node of another cluster.</li>
 * </ol>
 * Neither found: an open cluster over plain TCP.
 */
final class ClientCredentials {

    /** Environment variable naming the CA file when no {@code --tls-ca} is given. */
    static final String TLS_CA_ENV = "PROCSHARE_TLS_CA";

    private ClientCredentials() {
    }

    static BridgeSecurity resolve(String secretFlag, Path tlsCaFlag, Map<String, String> env, Path dir,
                                  NodeConfig.HostPort bridge) {
        Optional<NodesFile> local = NodesFile.read(dir).filter(f -> f.names(bridge));
        String token;
        if (secretFlag != null) {
            token = ClusterSecret.of("--secret", secretFlag).bridgeToken();
        } else if (!env.getOrDefault(ClusterSecret.ENV, "").isEmpty()) {
            token = ClusterSecret.of(ClusterSecret.ENV, env.get(ClusterSecret.ENV)).bridgeToken();
        } else {
            token = local.flatMap(f -> TokenFile.read(dir)).orElse(null);
        }
        Path ca;
        if (tlsCaFlag != null) {
            ca = tlsCaFlag;
        } else if (!env.getOrDefault(TLS_CA_ENV, "").isEmpty()) {
            ca = Path.of(env.get(TLS_CA_ENV));
        } else {
            ca = local.map(NodesFile::tlsCa).map(Path::of).orElse(null);
        }
        return new BridgeSecurity(token, ca);
    }

    /** The secret of {@code --secret}, else of {@code PROCSHARE_SECRET}, else null (an open cluster). */
    static ClusterSecret secret(String secretFlag, Map<String, String> env) {
        String raw = rawSecret(secretFlag, env);
        return raw == null ? null : ClusterSecret.of(secretFlag != null ? "--secret" : ClusterSecret.ENV, raw);
    }

    /**
     * The secret itself, for the nodes a command starts ({@code cluster start}, {@code demo},
     * {@code litmus --local}): {@code --secret}, else {@code PROCSHARE_SECRET}, else null.
     */
    static String rawSecret(String secretFlag, Map<String, String> env) {
        if (secretFlag != null) {
            return secretFlag;
        }
        String fromEnv = env.getOrDefault(ClusterSecret.ENV, "");
        return fromEnv.isEmpty() ? null : fromEnv;
    }
}
