package io.procshare.node;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The shared secret of a closed cluster (DESIGN §10). The secret itself never goes on the wire;
 * what does are two values derived from it with HMAC-SHA256, one per purpose, so that seeing one
 * reveals neither the secret nor the other:
 * <ul>
 *   <li>{@link #clusterName()}: the Hazelcast cluster name. Hazelcast open source checks nothing
 *       else when a member joins, so a node with another secret (or none) asks to join another
 *       cluster and is turned away.</li>
 *   <li>{@link #bridgeToken()}: what a client puts in the {@value #BRIDGE_HEADER} header of every
 *       bridge frame; the node compares it in constant time ({@link #acceptsBridgeToken}).</li>
 * </ul>
 * Both are bearer values: whoever reads them off an unencrypted network can use them. TLS on the
 * bridge hides the token; nothing hides the cluster name (Hazelcast's own traffic is not encrypted).
 */
public final class ClusterSecret {

    /** The bridge frame header that carries {@link #bridgeToken()}; the node removes it before the event bus. */
    public static final String BRIDGE_HEADER = "procshare-token";
    /** Environment variable the node and every client read the secret from when no {@code --secret} is given. */
    public static final String ENV = "PROCSHARE_SECRET";

    private static final String CLUSTER_NAME_PURPOSE = "procshare cluster name";
    private static final String BRIDGE_TOKEN_PURPOSE = "procshare bridge token";
    /** 128 bits of the HMAC: enough to make a guessed or colliding cluster name hopeless. */
    private static final int CLUSTER_NAME_BYTES = 16;

    private final String clusterName;
    private final byte[] bridgeToken;

    private ClusterSecret(String secret) {
        this.clusterName = "procshare-" + HexFormat.of().formatHex(hmac(secret, CLUSTER_NAME_PURPOSE), 0, CLUSTER_NAME_BYTES);
        this.bridgeToken = HexFormat.of().formatHex(hmac(secret, BRIDGE_TOKEN_PURPOSE)).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The secret {@code value}.
     *
     * @throws IllegalArgumentException naming {@code source} when it is empty or blank: leave the
     *                                  secret out for an open cluster instead
     */
    public static ClusterSecret of(String source, String value) {
        Objects.requireNonNull(value, source);
        if (value.isBlank()) {
            throw new IllegalArgumentException(source + ": the secret is empty; leave it out (or null) for an open "
                    + "cluster, or give a non-empty one");
        }
        return new ClusterSecret(value);
    }

    /** {@link #of} when {@code value} is non-null, else null (an open cluster). */
    public static ClusterSecret ofNullable(String source, String value) {
        return value == null ? null : of(source, value);
    }

    /** {@code procshare-} and 32 hex digits; the same on every node with the same secret. */
    public String clusterName() {
        return clusterName;
    }

    /** 64 hex digits, for the {@value #BRIDGE_HEADER} header of a client's frames. */
    public String bridgeToken() {
        return new String(bridgeToken, StandardCharsets.US_ASCII);
    }

    /**
     * True when {@code token} is this secret's bridge token. The time taken depends on the length of
     * the expected token only, never on how much of {@code token} is right.
     */
    public boolean acceptsBridgeToken(String token) {
        if (token == null) {
            return false;
        }
        return MessageDigest.isEqual(bridgeToken, token.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(String secret, String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    /** Two secrets are equal when they derive the same values, that is when they are the same secret. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterSecret other && java.util.Arrays.equals(bridgeToken, other.bridgeToken);
    }

    @Override
    public int hashCode() {
        return clusterName.hashCode();
    }

    /** Never the secret, nor anything derived from it that a client could use. */
    @Override
    public String toString() {
        return "ClusterSecret[cluster " + clusterName + "]";
    }
}
