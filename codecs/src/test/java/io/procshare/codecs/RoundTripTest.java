package io.procshare.codecs;

import static org.assertj.core.api.Assertions.assertThat;

import io.procshare.codecs.wire.FrameCodec;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RoundTripTest {

  static Stream<ProcshareMessage> messages() {
    return Stream.concat(Samples.typical().stream(), Samples.boundaries().stream());
  }

  @SuppressWarnings("unchecked")
  private static FrameCodec<ProcshareMessage> codecOf(ProcshareMessage message) {
    return (FrameCodec<ProcshareMessage>) MessageType.codec(message.messageType());
  }

  @ParameterizedTest
  @MethodSource("messages")
  void when_encodedToWireAfterAPrefix_then_decodeFromWireAtThatPositionGivesAnEqualMessage(ProcshareMessage message) {
    FrameCodec<ProcshareMessage> codec = codecOf(message);
    Buffer wire = Buffer.buffer("cluster-message-header");
    int pos = wire.length();
    codec.encodeToWire(wire, message);
    wire.appendString("bytes after the frame are not ours");

    ProcshareMessage decoded = codec.decodeFromWire(pos, wire);

    assertThat(decoded).isEqualTo(message).hasSameHashCodeAs(message);
    assertThat(decoded.getClass()).isEqualTo(message.getClass());
  }

  @ParameterizedTest
  @MethodSource("messages")
  void when_encodedByFrames_then_bufferHasExactlyTheFrameLengthAndDecodesEqual(ProcshareMessage message) {
    Buffer frame = Frames.encode(message);

    assertThat(frame.length()).isEqualTo(codecOf(message).encodedLength(message));
    assertThat(frame.getInt(4)).isEqualTo(frame.length());
    assertThat(frame.length()).isLessThanOrEqualTo(codecOf(message).maxFrameLength());
    assertThat(frame.getByte(1)).isEqualTo((byte) message.messageType());
    assertThat(Frames.decode(frame)).isEqualTo(message);
  }

  @ParameterizedTest
  @MethodSource("messages")
  void when_decodedAndEncodedAgain_then_framesAreByteIdentical(ProcshareMessage message) {
    Buffer frame = Frames.encode(message);

    assertThat(Frames.encode(Frames.decode(frame))).isEqualTo(frame);
  }

  @ParameterizedTest
  @MethodSource("messages")
  void when_transformed_then_resultEqualsTheMessage(ProcshareMessage message) {
    assertThat(codecOf(message).transform(message)).isEqualTo(message);
  }

  @ParameterizedTest
  @MethodSource("messages")
  void when_transformed_then_noBufferIsSharedWithTheSender(ProcshareMessage message) {
    ProcshareMessage delivered = codecOf(message).transform(message);
    List<Buffer> sent = buffersOf(message);
    List<Buffer> received = buffersOf(delivered);

    assertThat(received).hasSameSizeAs(sent);
    for (int i = 0; i < sent.size(); i++) {
      if (sent.get(i).length() > 0) {
        assertThat(received.get(i)).isNotSameAs(sent.get(i)).isEqualTo(sent.get(i));
        sent.get(i).setByte(0, (byte) ~sent.get(i).getByte(0));
        assertThat(received.get(i).getByte(0)).isNotEqualTo(sent.get(i).getByte(0));
        sent.get(i).setByte(0, (byte) ~sent.get(i).getByte(0));
      }
    }
  }

  private static List<Buffer> buffersOf(ProcshareMessage message) {
    List<Buffer> buffers = new ArrayList<>();
    switch (message) {
      case PageData m -> buffers.add(m.data());
      case SyscallRequest m -> m.input().forEach(s -> buffers.add(s.bytes()));
      case SyscallReply m -> m.output().forEach(s -> buffers.add(s.bytes()));
      case ThreadStart m -> buffers.add(m.context());
      case ProcessSubmit m -> buffers.add(m.image());
      case ProcessOutput m -> buffers.add(m.bytes());
      default -> { }
    }
    return buffers;
  }
}
