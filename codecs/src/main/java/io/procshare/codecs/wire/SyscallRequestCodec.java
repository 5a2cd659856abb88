package io.procshare.codecs.wire;

import io.procshare.codecs.SyscallRequest;
import io.vertx.core.buffer.Buffer;

/**
 * Event-bus codec of {@link SyscallRequest}: the wire form is its frame ({@link SyscallRequestFlyweight}).
 * Local delivery deep-copies every buffer.
 */
public final class SyscallRequestCodec extends FrameCodec<SyscallRequest> {

  public static final SyscallRequestCodec INSTANCE = new SyscallRequestCodec();

  public SyscallRequestCodec() {
    super(SyscallRequest.class, SyscallRequestFlyweight.MAX_FRAME_LENGTH);
  }

  @Override
  public int encodedLength(SyscallRequest message) {
    return SyscallRequestFlyweight.encodedLength(message);
  }

  @Override
  public void encode(Buffer dst, SyscallRequest message) {
    SyscallRequestFlyweight.encode(dst, message);
  }

  @Override
  public SyscallRequest decode(Buffer src, int offset) {
    return new SyscallRequestFlyweight().wrap(src, offset).toMessage();
  }

  /** Copies the shipped bytes. */
  @Override
  public SyscallRequest transform(SyscallRequest message) {
    return new SyscallRequest(message.pid(), message.gtid(), message.sequence(), message.nr(), message.args(),
        message.flags(), ShippedSegments.copy(message.input()));
  }
}
