package io.procshare.codecs;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.procshare.codecs.wire.FrameCodec;
import io.procshare.codecs.wire.FrameHeader;
import io.procshare.codecs.wire.InvalidateAckCodec;
import io.procshare.codecs.wire.InvalidateCodec;
import io.procshare.codecs.wire.MapRequestCodec;
import io.procshare.codecs.wire.MapSnapshotCodec;
import io.procshare.codecs.wire.PageConfirmCodec;
import io.procshare.codecs.wire.PageDataCodec;
import io.procshare.codecs.wire.PageForwardCodec;
import io.procshare.codecs.wire.PageRequestCodec;
import io.procshare.codecs.wire.ProcessExitCodec;
import io.procshare.codecs.wire.ProcessOutputCodec;
import io.procshare.codecs.wire.ProcessSubmitCodec;
import io.procshare.codecs.wire.StatusReplyCodec;
import io.procshare.codecs.wire.StatusRequestCodec;
import io.procshare.codecs.wire.SyscallReplyCodec;
import io.procshare.codecs.wire.SyscallRequestCodec;
import io.procshare.codecs.wire.ThreadCreatedCodec;
import io.procshare.codecs.wire.ThreadExitCodec;
import io.procshare.codecs.wire.ThreadStartCodec;
import io.vertx.core.buffer.Buffer;

/**
 * Fuzz targets, one per codec plus the raw-frame dispatcher. Each asserts that decoding arbitrary
 * bytes either yields a message or throws {@link FrameDecodeException} (anything else is a bug), and
 * that a decoded message re-encodes to the very bytes it came from and decodes equal.
 *
 * <p>Without {@code JAZZER_FUZZ} these replay the seed corpus in
 * {@code src/test/resources/io/procshare/codecs/CodecFuzzTestInputs/<method>/} as regression tests;
 * see codecs/README.md to fuzz for real.
 */
class CodecFuzzTest {

  @FuzzTest
  void fuzzFrames(byte[] input) {
    Buffer frame = Buffer.buffer(input);
    ProcshareMessage message;
    try {
      message = Frames.decode(frame);
    } catch (FrameDecodeException expected) {
      return;
    }
    Buffer again = Frames.encode(message);
    assertThat(again).isEqualTo(frame);
    assertThat(Frames.decode(again)).isEqualTo(message);
  }

  @FuzzTest
  void fuzzPageRequest(byte[] input) {
    roundTrip(PageRequestCodec.INSTANCE, input);
  }

  @FuzzTest
  void fuzzPageForward(byte[] input) {
    roundTrip(PageForwardCodec.INSTANCE, input);
  }

  @FuzzTest
  void fuzzPageData(byte[] input) {
    roundTrip(PageDataCodec.INSTANCE, input);
  }

  @FuzzTest
  void fuzzPageConfirm(byte[] input) {
    roundTrip(PageConfirmCodec.INSTANCE, input);
  }

  @FuzzTest
  void fuzzInvalidate(byte[] input) {
    roundTrip(InvalidateCodec.INSTANCE, input);
  }

  @FuzzTest
  void fuzzInvalidateAck(byte[] input) {
    roundTrip(InvalidateAckCodec.INSTANCE, input);
  }

  @FuzzTest
  void fuzzSyscallRequest(byte[] input) {
    roundTrip(SyscallRequestCodec.INSTANCE, input);
  }

  @FuzzTest
  void fuzzSyscallReply(byte[] input) {
    roundTrip(SyscallReplyCodec.INSTANCE, input);
  }

  @FuzzTest
  void fuzzThreadCreated(byte[] input) {
    roundTrip(ThreadCreatedCodec.INSTANCE, input);
  }

  @FuzzTest
  void fuzzThreadStart(byte[] input) {
    roundTrip(ThreadStartCodec.INSTANCE, input);
  }

  @FuzzTest
  void fuzzThreadExit(byte[] input) {
    roundTrip(ThreadExitCodec.INSTANCE, input);
  }

  @FuzzTest
  void fuzzProcessSubmit(byte[] input) {
    roundTrip(ProcessSubmitCodec.INSTANCE, input);
  }

  @FuzzTest
  void fuzzProcessOutput(byte[] input) {
    roundTrip(ProcessOutputCodec.INSTANCE, input);
  }

  @FuzzTest
  void fuzzProcessExit(byte[] input) {
    roundTrip(ProcessExitCodec.INSTANCE, input);
  }

  @FuzzTest
  void fuzzStatusRequest(byte[] input) {
    roundTrip(StatusRequestCodec.INSTANCE, input);
  }

  @FuzzTest
  void fuzzStatusReply(byte[] input) {
    roundTrip(StatusReplyCodec.INSTANCE, input);
  }

  @FuzzTest
  void fuzzMapRequest(byte[] input) {
    roundTrip(MapRequestCodec.INSTANCE, input);
  }

  @FuzzTest
  void fuzzMapSnapshot(byte[] input) {
    roundTrip(MapSnapshotCodec.INSTANCE, input);
  }

  /** Decodes through the event-bus entry point at a non-zero position, then re-encodes. */
  private static <T extends ProcshareMessage> void roundTrip(FrameCodec<T> codec, byte[] input) {
    Buffer wire = Buffer.buffer("pre").appendBytes(input);
    T message;
    try {
      message = codec.decodeFromWire(3, wire);
    } catch (FrameDecodeException expected) {
      return;
    }
    int length = wire.getInt(3 + FrameHeader.LENGTH_OFFSET);
    Buffer again = codec.encode(message);
    assertThat(again).isEqualTo(wire.getBuffer(3, 3 + length));
    assertThat(codec.decodeFromWire(0, again)).isEqualTo(message);
    assertThat(codec.transform(message)).isEqualTo(message);
  }
}
