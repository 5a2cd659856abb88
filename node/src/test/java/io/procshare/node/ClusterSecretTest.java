package io.procshare.node;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a secret derives: stable, distinct per secret and per purpose, never the secret itself. */
class ClusterSecretTest {

    @Test
    void when_twoNodesHaveTheSameSecret_then_theyDeriveTheSameClusterNameAndToken() {
        ClusterSecret a = ClusterSecret.of("a", "same secret");
        ClusterSecret b = ClusterSecret.of("b", "same secret");
        assertThat(a.clusterName()).isEqualTo(b.clusterName()).matches("procshare-[0-9a-f]{32}");
        assertThat(a.bridgeToken()).isEqualTo(b.bridgeToken()).matches("[0-9a-f]{64}");
        assertThat(a).isEqualTo(b);
    }

    @Test
    void when_theSecretsDiffer_then_everythingDerivedDiffers() {
        ClusterSecret a = ClusterSecret.of("a", "secret one");
        ClusterSecret b = ClusterSecret.of("b", "secret one ");
        assertThat(a.clusterName()).isNotEqualTo(b.clusterName());
        assertThat(a.bridgeToken()).isNotEqualTo(b.bridgeToken());
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void shouldDeriveTheClusterNameAndTokenIndependently() {
        ClusterSecret s = ClusterSecret.of("s", "x");
        assertThat(s.bridgeToken()).doesNotContain(s.clusterName().substring("procshare-".length()));
    }

    @Test
    void shouldMatchHmacSha256OfTheSecretOverEachPurpose() throws Exception {
        // the derivation is part of the protocol: nodes of different versions must agree on it
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec("k".getBytes(), "HmacSHA256"));
        String name = java.util.HexFormat.of().formatHex(mac.doFinal("procshare cluster name".getBytes()));
        String token = java.util.HexFormat.of().formatHex(mac.doFinal("procshare bridge token".getBytes()));
        ClusterSecret s = ClusterSecret.of("s", "k");
        assertThat(s.clusterName()).isEqualTo("procshare-" + name.substring(0, 32));
        assertThat(s.bridgeToken()).isEqualTo(token);
    }

    @Test
    void shouldAcceptOnlyItsOwnToken() {
        ClusterSecret s = ClusterSecret.of("s", "secret");
        assertThat(s.acceptsBridgeToken(s.bridgeToken())).isTrue();
        assertThat(s.acceptsBridgeToken(null)).isFalse();
        assertThat(s.acceptsBridgeToken("")).isFalse();
        assertThat(s.acceptsBridgeToken("secret")).isFalse();
        assertThat(s.acceptsBridgeToken(s.bridgeToken().substring(1))).isFalse();
        assertThat(s.acceptsBridgeToken(s.bridgeToken() + "0")).isFalse();
        assertThat(s.acceptsBridgeToken(ClusterSecret.of("t", "secreT").bridgeToken())).isFalse();
    }

    @Test
    void shouldRejectAnEmptySecretNamingItsSource() {
        assertThatThrownBy(() -> ClusterSecret.of("--secret", "  ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--secret").hasMessageContaining("empty");
        assertThat(ClusterSecret.ofNullable("secret", null)).isNull();
    }

    @Test
    void shouldNeverShowTheSecretOrTheToken() {
        ClusterSecret s = ClusterSecret.of("s", "hunter2");
        assertThat(s.toString()).doesNotContain("hunter2").doesNotContain(s.bridgeToken()).contains(s.clusterName());
    }
}
