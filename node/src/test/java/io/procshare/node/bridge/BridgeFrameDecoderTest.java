package io.procshare.node.bridge;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BridgeFrameDecoderTest {

    /** What the decoder reported, in order. */
    static final class Seen implements BridgeFrameDecoder.Sink {
        final List<JsonObject> frames = new ArrayList<>();
        final List<String> bad = new ArrayList<>();
        boolean fatal;

        @Override
        public boolean frame(JsonObject json, int length) {
            frames.add(json);
            return true;
        }

        @Override
        public void bad(String counter, String reason, boolean fatal) {
            bad.add(counter + ": " + reason);
            this.fatal |= fatal;
        }
    }

    static byte[] frame(byte[] body) {
        return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
    }

    static byte[] frame(String json) {
        return frame(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void when_framesArriveByteByByteAndTogether_then_eachIsDecodedOnceInOrder() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(frame("{\"type\":\"ping\"}"));
        all.writeBytes(frame("{\"type\":\"send\",\"address\":\"procshare.status\",\"body\":{\"é\":\"ü\"}}"));
        byte[] bytes = all.toByteArray();
        BridgeFrameDecoder oneByOne = new BridgeFrameDecoder(1024);
        Seen a = new Seen();
        for (byte b : bytes) {
            oneByOne.feed(new byte[] {b}, a);
        }
        BridgeFrameDecoder together = new BridgeFrameDecoder(1024);
        Seen b = new Seen();
        together.feed(bytes, b);
        assertThat(a.frames).hasSize(2).isEqualTo(b.frames);
        assertThat(a.frames.get(1).getJsonObject("body").getString("é")).isEqualTo("ü");
        assertThat(oneByOne.midFrame()).isFalse();
    }

    @Test
    void when_theLengthPrefixExceedsTheLimit_then_itIsRefusedAfterFourBytesAndNothingMoreIsKept() {
        BridgeFrameDecoder d = new BridgeFrameDecoder(4096);
        Seen s = new Seen();
        d.feed(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}, s);
        assertThat(s.fatal).isTrue();
        assertThat(s.bad).singleElement().asString().startsWith(BridgeFrameDecoder.OVERSIZED)
                .contains("2147483647 bytes, more than the 4096");
        d.feed(new byte[1 << 20], s); // what follows is ignored, not buffered
        assertThat(d.failed()).isTrue();
        assertThat(d.midFrame()).isFalse();
        assertThat(s.frames).isEmpty();
    }

    @Test
    void when_theLengthIsNegative_then_itIsFatal() {
        Seen s = new Seen();
        new BridgeFrameDecoder(4096).feed(new byte[] {(byte) 0x80, 0, 0, 0}, s);
        assertThat(s.fatal).isTrue();
        assertThat(s.bad).singleElement().asString().contains("2147483648 bytes");
    }

    @Test
    void when_theLimitIsRaisedAfterTheFirstFrame_then_laterFramesMayBeLarger() {
        BridgeFrameDecoder d = new BridgeFrameDecoder(64);
        Seen s = new Seen();
        d.feed(frame("{\"type\":\"ping\"}"), s);
        d.limit(4096);
        d.feed(frame("{\"pad\":\"" + "x".repeat(1000) + "\"}"), s);
        assertThat(s.frames).hasSize(2);
        assertThat(s.bad).isEmpty();
    }

    @Test
    void when_aFrameIsNotJsonOrNotUtf8OrTooDeep_then_itIsReportedWithItsOffsetAndTheNextFrameStillDecodes() {
        BridgeFrameDecoder d = new BridgeFrameDecoder(1 << 20);
        Seen s = new Seen();
        d.feed(frame("garbage"), s);
        d.feed(frame(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xc3, (byte) 0x28, '"', '}'}), s);
        d.feed(frame("[1,2]"), s);
        d.feed(frame("{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}"), s);
        d.feed(frame(""), s);
        d.feed(frame("{\"type\":\"ping\"}"), s);
        assertThat(s.fatal).isFalse();
        assertThat(s.bad).hasSize(5).allSatisfy(b -> assertThat(b).startsWith(BridgeFrameDecoder.BAD));
        assertThat(s.bad.get(0)).contains("frame 1: not a JSON object");
        assertThat(s.bad.get(1)).contains("frame 2: invalid UTF-8 at byte 6");
        assertThat(s.bad.get(3)).contains("frame 4: not a JSON object");
        assertThat(s.frames).singleElement().satisfies(f -> assertThat(f.getString("type")).isEqualTo("ping"));
    }

    @Test
    void when_theStreamStopsInsideAFrame_then_theDecoderSaysSo() {
        BridgeFrameDecoder d = new BridgeFrameDecoder(1024);
        Seen s = new Seen();
        byte[] f = frame("{\"type\":\"ping\"}");
        d.feed(java.util.Arrays.copyOf(f, 7), s);
        assertThat(d.midFrame()).isTrue();
        BridgeFrameDecoder h = new BridgeFrameDecoder(1024);
        h.feed(new byte[] {0, 0}, s);
        assertThat(h.midFrame()).isTrue();
        assertThat(s.frames).isEmpty();
    }
}
