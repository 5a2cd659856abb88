package io.procshare.node;

import io.vertx.core.transport.Transport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransportChoiceTest {

    @Test
    void when_nioRequested_then_nioWithoutFallbacks() {
        TransportChoice c = TransportChoice.select("nio");
        assertThat(c.name()).isEqualTo("nio");
        assertThat(c.fallbacks()).isEmpty();
    }

    @Test
    void when_auto_then_bestAvailableAndEveryPassedOverOneHasAReason() {
        TransportChoice c = TransportChoice.select("auto");
        String expected = Transport.IO_URING.available() ? "io_uring" : Transport.EPOLL.available() ? "epoll" : "nio";
        assertThat(c.name()).isEqualTo(expected);
        int passedOver = switch (expected) {
            case "io_uring" -> 0;
            case "epoll" -> 1;
            default -> 2;
        };
        assertThat(c.fallbacks()).hasSize(passedOver).allSatisfy(why -> assertThat(why).contains("unavailable: "));
    }

    @Test
    void shouldRejectAnUnknownTransport() {
        assertThatThrownBy(() -> TransportChoice.select("rdma")).hasMessageContaining("rdma");
    }
}
