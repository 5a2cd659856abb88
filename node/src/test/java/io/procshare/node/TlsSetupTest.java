package io.procshare.node;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A node's TLS files are checked before it starts, and a wrong one is named: certificates made by
 * {@code scripts/make-test-certs.sh}, and the script's own refusals.
 */
class TlsSetupTest {

    @TempDir
    static Path dir;

    static Path certs;
    static Path other;

    @BeforeAll
    static void makeCertificates() {
        certs = TestCerts.made(dir.resolve("certs"), "--ip", "127.0.0.1,10.1.2.3", "node");
        other = TestCerts.made(dir.resolve("other"), "node");
    }

    @Test
    void when_theFilesAreAMatchingSet_then_theyAreAcceptedWithoutWarnings() {
        TlsSetup tls = TlsSetup.check(TestCerts.tls(certs, "node"), "10.1.2.3");
        assertThat(tls.warnings()).isEmpty();
        assertThat(tls.describe()).contains("CN=node").contains("127.0.0.1").contains("10.1.2.3");
    }

    @Test
    void when_theCertificateIsSignedByAnotherCa_then_theNodeDoesNotStartAndSaysWhich() {
        NodeConfig.Tls mixed = new NodeConfig.Tls(certs.resolve("ca.pem"), other.resolve("node.pem"), other.resolve("node.key"));
        assertThatThrownBy(() -> TlsSetup.check(mixed, "127.0.0.1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tls.cert " + other.resolve("node.pem"))
                .hasMessageContaining("is not signed by the CA in tls.ca " + certs.resolve("ca.pem"));
    }

    @Test
    void when_aFileIsMissingOrHoldsTheWrongThing_then_theFieldAndFileAreNamed() throws Exception {
        Path ca = certs.resolve("ca.pem");
        Path cert = certs.resolve("node.pem");
        Path key = certs.resolve("node.key");
        assertThatThrownBy(() -> TlsSetup.check(new NodeConfig.Tls(ca, cert, dir.resolve("nope.key")), "127.0.0.1"))
                .hasMessageContaining("tls.key: no such file").hasMessageContaining("nope.key");
        assertThatThrownBy(() -> TlsSetup.check(new NodeConfig.Tls(key, cert, key), "127.0.0.1"))
                .hasMessageContaining("tls.ca " + key).hasMessageContaining("no PEM certificate");
        assertThatThrownBy(() -> TlsSetup.check(new NodeConfig.Tls(ca, cert, cert), "127.0.0.1"))
                .hasMessageContaining("tls.key " + cert).hasMessageContaining("no PEM private key");
        Path garbled = Files.writeString(dir.resolve("garbled.pem"),
                "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> TlsSetup.check(new NodeConfig.Tls(garbled, cert, key), "127.0.0.1"))
                .hasMessageContaining("tls.ca " + garbled);
    }

    @Test
    void when_theBridgeListensOnAnAddressTheCertificateDoesNotName_then_thereIsAWarning() {
        TlsSetup tls = TlsSetup.check(TestCerts.tls(certs, "node"), "192.168.7.7");
        assertThat(tls.warnings()).singleElement().asString().contains("192.168.7.7").contains("clients");
        assertThat(TlsSetup.check(TestCerts.tls(certs, "node"), "0.0.0.0").warnings()).isEmpty();
    }

    @Test
    void when_theScriptIsGivenABadAddressOrName_then_itExits2SayingWhyAndWritesNothing() {
        TestCerts.Result ip = TestCerts.make(dir.resolve("bad-ip"), "--ip", "10.0.0.300", "node");
        assertThat(ip.exit()).isEqualTo(2);
        assertThat(ip.output()).contains("'10.0.0.300' is not an IPv4 address");
        TestCerts.Result host = TestCerts.make(dir.resolve("bad-host"), "node=db.example");
        assertThat(host.exit()).isEqualTo(2);
        assertThat(host.output()).contains("'db.example' is not an IP address");
        TestCerts.Result ca = TestCerts.make(dir.resolve("bad-name"), "ca");
        assertThat(ca.exit()).isEqualTo(2);
        assertThat(ca.output()).contains("'ca' is the CA's own file name");
        assertThat(dir.resolve("bad-ip")).doesNotExist();
        assertThat(dir.resolve("bad-host")).doesNotExist();
        assertThat(dir.resolve("bad-name")).doesNotExist();
    }

    @Test
    void when_moreCertificatesAreMadeLater_then_theCaIsKeptAndSignsThemToo() {
        TestCerts.Result again = TestCerts.make(certs, "node2=10.9.9.9");
        assertThat(again.exit()).as(again.output()).isZero();
        assertThat(again.output()).contains("reusing the CA");
        assertThat(TlsSetup.check(TestCerts.tls(certs, "node2"), "10.9.9.9").warnings()).isEmpty();
        assertThat(TlsSetup.check(TestCerts.tls(certs, "node"), "127.0.0.1").warnings()).isEmpty();
    }
}
