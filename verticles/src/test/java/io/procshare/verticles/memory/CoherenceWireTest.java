package io.procshare.verticles.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.procshare.codecs.Access;
import io.procshare.codecs.Limits;
import io.procshare.codecs.PageData;
import io.procshare.codecs.PageKind;
import io.procshare.codecs.PageState;
import io.procshare.codecs.PageStatus;
import io.procshare.codecs.StatusRequest;
import io.procshare.verticles.memory.coherence.CoherenceMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoherenceWireTest {

    @Test
    void shouldMapEveryProtocolMessageOntoItsWireRecordAndBack() {
        byte[] page = new byte[Limits.PAGE_SIZE];
        page[4095] = 7;
        List<CoherenceMessage> messages = List.of(
                new CoherenceMessage.Request(1, 2, "n1", Access.WRITE, 3, 4),
                new CoherenceMessage.Forward(1, 2, "n1", Access.READ, 3),
                new CoherenceMessage.Data(1, 2, 3, PageStatus.OK, PageState.READ_ONLY, PageKind.DATA, 9, page),
                CoherenceMessage.Data.grantWithoutData(1, 2, 3, PageState.READ_WRITE, PageKind.ZERO_FILL, 1),
                CoherenceMessage.Data.refusal(1, 2, 3, PageStatus.FAILED),
                new CoherenceMessage.Confirm(1, 2, 3, "n1", PageState.READ_WRITE),
                new CoherenceMessage.Invalidate(1, 2, 3, "n2"),
                new CoherenceMessage.InvalidateAck(1, 2, 3, "n3"));
        for (CoherenceMessage m : messages) {
            assertThat(CoherenceWire.fromWire(CoherenceWire.toWire(m))).isEqualTo(m);
        }
        PageData wire = (PageData) CoherenceWire.toWire(messages.get(2));
        assertThat(wire.data().length()).isEqualTo(Limits.PAGE_SIZE);
        assertThat(wire.data().getByte(4095)).isEqualTo((byte) 7);
    }

    @Test
    void shouldRejectAWireRecordThatIsNotACoherenceMessage() {
        assertThatThrownBy(() -> CoherenceWire.fromWire(new StatusRequest(1, (byte) 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
