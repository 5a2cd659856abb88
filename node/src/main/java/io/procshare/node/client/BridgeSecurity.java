package io.procshare.node.client;

import io.procshare.node.ClusterSecret;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;

/**
 * What a {@link BridgeClient} needs to talk to a node of a closed cluster: the bridge token derived
 * from the cluster's secret (sent in every frame) and the CA to trust when the bridge speaks TLS.
 * {@link #NONE} for an open cluster without TLS.
 *
 * @param token the secret's {@link ClusterSecret#bridgeToken()}, or null to send none
 * @param tlsCa PEM file with the CA certificate(s) that signed the nodes' certificates, or null for
 *              a plain TCP connection
 */
public record BridgeSecurity(String token, Path tlsCa) {

    /** An open cluster, plain TCP. */
    public static final BridgeSecurity NONE = new BridgeSecurity(null, null);

    /** The token of {@code secret} (may be null), and {@code tlsCa} (may be null). */
    public static BridgeSecurity of(ClusterSecret secret, Path tlsCa) {
        return new BridgeSecurity(secret == null ? null : secret.bridgeToken(), tlsCa);
    }

    /** This, with {@code ca} to trust. */
    public BridgeSecurity withTlsCa(Path ca) {
        return new BridgeSecurity(token, ca);
    }

    /**
     * A TLS context that trusts exactly the certificates in {@link #tlsCa}, or null without one.
     *
     * @throws BridgeClient.BridgeException naming the file when it is missing or holds no certificate
     */
    SSLContext sslContext() {
        if (tlsCa == null) {
            return null;
        }
        if (!Files.isRegularFile(tlsCa)) {
            throw new BridgeClient.BridgeException("--tls-ca: no such file: " + tlsCa.toAbsolutePath(), null);
        }
        try (InputStream in = Files.newInputStream(tlsCa)) {
            Collection<? extends Certificate> cas = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (cas.isEmpty()) {
                throw new BridgeClient.BridgeException("--tls-ca " + tlsCa + " holds no PEM certificate", null);
            }
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate ca : cas) {
                trust.setCertificateEntry("ca-" + i++, ca);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new BridgeClient.BridgeException("--tls-ca " + tlsCa + " is not a readable PEM certificate: "
                    + e.getMessage(), e);
        }
    }

    /** Never the token. */
    @Override
    public String toString() {
        return "BridgeSecurity[token " + (token == null ? "none" : "set") + ", tlsCa " + tlsCa + "]";
    }
}
