package io.procshare.codecs.wire;

import io.procshare.codecs.SyscallReply;
import io.vertx.core.buffer.Buffer;

/**
 * Event-bus codec of {@link SyscallReply}: the wire form is its frame ({@link SyscallReplyFlyweight}).
 * Local delivery deep-copies every buffer.
 */
public final class SyscallReplyCodec extends FrameCodec<SyscallReply> {

  public static final SyscallReplyCodec INSTANCE = new SyscallReplyCodec();

  public SyscallReplyCodec() {
    super(SyscallReply.class, SyscallReplyFlyweight.MAX_FRAME_LENGTH);
  }

  @Override
  public int encodedLength(SyscallReply message) {
    return SyscallReplyFlyweight.encodedLength(message);
  }

  @Override
  public void encode(Buffer dst, SyscallReply message) {
    SyscallReplyFlyweight.encode(dst, message);
  }

  @Override
  public SyscallReply decode(Buffer src, int offset) {
    return new SyscallReplyFlyweight().wrap(src, offset).toMessage();
  }

  /** Copies the shipped bytes. */
  @Override
  public SyscallReply transform(SyscallReply message) {
    return new SyscallReply(message.pid(), message.gtid(), message.sequence(), message.ret(), message.flags(),
        ShippedSegments.copy(message.output()));
  }
}
