package io.procshare.node;

import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * TLS of a node from its {@link NodeConfig.Tls} PEM files, checked before anything starts so that a
 * wrong file is named in the error rather than found by a failed handshake later.
 *
 * <ul>
 *   <li>Event bus, node to node: mutual TLS. Every node presents its certificate and accepts only a
 *       peer whose certificate the CA signed, in both directions: as a server
 *       ({@link ClientAuth#REQUIRED}) and as a client (trustAll off: Vert.x's default is on).
 *       Vert.x's clustered event bus does not verify the peer's host name (it connects by address
 *       and sets no verification algorithm): the CA signature is what admits a peer.</li>
 *   <li>Bridge, client to node: the node presents its certificate; clients check it against the CA
 *       and check that it names the address they dialled (an IP subject alternative name).</li>
 * </ul>
 */
final class TlsSetup {

    private final NodeConfig.Tls files;
    private final X509Certificate cert;
    private final List<String> warnings;

    private TlsSetup(NodeConfig.Tls files, X509Certificate cert, List<String> warnings) {
        this.files = files;
        this.cert = cert;
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Reads and checks the files: each exists and holds PEM of the right kind, the certificate is
     * valid today and signed by the CA.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    static TlsSetup check(NodeConfig.Tls files, String bridgeHost) {
        List<X509Certificate> cas = certificates("tls.ca", files.ca());
        List<X509Certificate> chain = certificates("tls.cert", files.cert());
        X509Certificate cert = chain.getFirst();
        try {
            cert.checkValidity();
        } catch (CertificateExpiredException e) {
            throw new IllegalArgumentException("tls.cert " + files.cert() + " expired on " + cert.getNotAfter()
                    + "; make a new one (scripts/make-test-certs.sh for a test CA)", e);
        } catch (CertificateNotYetValidException e) {
            throw new IllegalArgumentException("tls.cert " + files.cert() + " is not valid before " + cert.getNotBefore()
                    + "; is this machine's clock right?", e);
        }
        if (!signedByOneOf(chain, cas)) {
            throw new IllegalArgumentException("tls.cert " + files.cert() + " (" + cert.getSubjectX500Principal()
                    + ") is not signed by the CA in tls.ca " + files.ca() + "; peers and clients would refuse it");
        }
        String key = read("tls.key", files.key());
        if (!key.contains("-----BEGIN") || !key.contains("PRIVATE KEY-----")) {
            throw new IllegalArgumentException("tls.key " + files.key() + " holds no PEM private key "
                    + "(expected -----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----)");
        }
        List<String> warnings = new ArrayList<>();
        if (isAddress(bridgeHost) && !"0.0.0.0".equals(bridgeHost) && !ipNames(cert).contains(normalise(bridgeHost))) {
            warnings.add("tls.cert " + files.cert() + " names no IP " + bridgeHost + " (it has " + ipNames(cert)
                    + "): clients that dial the bridge at " + bridgeHost + " will refuse it");
        }
        return new TlsSetup(files, cert, warnings);
    }

    /** Mutual TLS on the clustered event bus. */
    EventBusOptions applyTo(EventBusOptions options) {
        // trustAll is true by default on the event bus: the sending side would then deliver to any
        // member that speaks TLS, whoever signed its certificate
        return options.setSsl(true).setKeyCertOptions(keyCert()).setTrustOptions(trust()).setTrustAll(false)
                .setClientAuth(ClientAuth.REQUIRED);
    }

    /** Server-side TLS on the bridge; clients authenticate with the secret, not with certificates. */
    NetServerOptions applyTo(NetServerOptions options) {
        return options.setSsl(true).setKeyCertOptions(keyCert());
    }

    /** Things that will not stop the node but will stop some peers or clients, for the log. */
    List<String> warnings() {
        return warnings;
    }

    /** For the log: whose certificate this node presents. */
    String describe() {
        return "certificate " + cert.getSubjectX500Principal() + " (IPs " + ipNames(cert) + ", until "
                + cert.getNotAfter().toInstant() + ") signed by the CA in " + files.ca();
    }

    private PemKeyCertOptions keyCert() {
        return new PemKeyCertOptions().setKeyPath(files.key().toString()).setCertPath(files.cert().toString());
    }

    private PemTrustOptions trust() {
        return new PemTrustOptions().addCertPath(files.ca().toString());
    }

    private static boolean signedByOneOf(List<X509Certificate> chain, List<X509Certificate> cas) {
        // the node's certificate, or the last intermediate that follows it, must verify with a CA key
        for (X509Certificate link : List.of(chain.getFirst(), chain.getLast())) {
            for (X509Certificate ca : cas) {
                try {
                    link.verify(ca.getPublicKey());
                    return true;
                } catch (GeneralSecurityException notThisOne) {
                    // try the next CA
                }
            }
        }
        return false;
    }

    static List<X509Certificate> certificates(String field, Path file) {
        String text = read(field, file);
        if (!text.contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException(field + " " + file + " holds no PEM certificate "
                    + "(expected -----BEGIN CERTIFICATE-----)");
        }
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> all = CertificateFactory.getInstance("X.509").generateCertificates(in);
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : all) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException(field + " " + file + " holds no certificate");
            }
            return out;
        } catch (CertificateException e) {
            throw new IllegalArgumentException(field + " " + file + " is not a readable PEM certificate: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + field + " " + file + ": " + e.getMessage(), e);
        }
    }

    private static String read(String field, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(field + ": no such file: " + file.toAbsolutePath());
        }
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + field + " " + file + ": " + e.getMessage(), e);
        }
    }

    /** The IP subject alternative names of {@code cert}, normalised. */
    private static List<String> ipNames(X509Certificate cert) {
        List<String> ips = new ArrayList<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (Integer.valueOf(7).equals(san.get(0))) { // 7: iPAddress (RFC 5280)
                        ips.add(normalise(String.valueOf(san.get(1))));
                    }
                }
            }
        } catch (CertificateException e) {
            // an unparsable SAN extension names nothing
        }
        return ips;
    }

    private static boolean isAddress(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }

    private static String normalise(String ip) {
        try {
            return InetAddress.getByName(ip).getHostAddress();
        } catch (IOException e) {
            return ip;
        }
    }
}
