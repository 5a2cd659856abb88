package io.procshare.codecs.wire;

import static io.procshare.codecs.wire.FrameHeader.HEADER_LENGTH;

import io.procshare.codecs.MessageType;
import io.procshare.codecs.ShippedBytes;
import io.procshare.codecs.SyscallReply;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * Frame of a {@link SyscallReply} (type 8). Big-endian. Shipped bytes are slices of the wrapped
 * buffer.
 *
 * <pre>
 *  offset  size   field
 *   0        8    header (FrameHeader): version=1, type=8, flags=0, length
 *   8        8    pid          i64
 *  16        8    gtid         i64
 *  24        8    sequence     i64
 *  32        8    ret          i64  value or -errno
 *  40        4    flags        i32
 *  44        *    output       shipped segments (see ShippedSegments): u16 count &lt;= 64,
 *                              then count x (i64 address, i32 length, bytes), &lt;= 16 MiB in all
 * </pre>
 */
public final class SyscallReplyFlyweight extends FrameFlyweight {

  public static final int PID_OFFSET = HEADER_LENGTH;
  public static final int GTID_OFFSET = PID_OFFSET + 8;
  public static final int SEQUENCE_OFFSET = GTID_OFFSET + 8;
  public static final int RET_OFFSET = SEQUENCE_OFFSET + 8;
  public static final int FLAGS_OFFSET = RET_OFFSET + 8;
  public static final int OUTPUT_OFFSET = FLAGS_OFFSET + 4;
  public static final int MAX_FRAME_LENGTH = OUTPUT_OFFSET + ShippedSegments.MAX_LENGTH;

  private List<ShippedBytes> output;

  /** Points at the frame at {@code offset}, validating all of it. */
  public SyscallReplyFlyweight wrap(Buffer buffer, int offset) {
    FrameReader r = open(buffer, offset, MessageType.SYSCALL_REPLY);
    r.fixed("pid", PID_OFFSET, 8);
    r.fixed("gtid", GTID_OFFSET, 8);
    r.fixed("sequence", SEQUENCE_OFFSET, 8);
    r.fixed("ret", RET_OFFSET, 8);
    r.fixed("flags", FLAGS_OFFSET, 4);
    output = ShippedSegments.read(r, "output");
    r.end();
    return this;
  }

  public long pid() { return buffer.getLong(offset + PID_OFFSET); }

  public long gtid() { return buffer.getLong(offset + GTID_OFFSET); }

  public long sequence() { return buffer.getLong(offset + SEQUENCE_OFFSET); }

  public long ret() { return buffer.getLong(offset + RET_OFFSET); }

  public int flags() { return buffer.getInt(offset + FLAGS_OFFSET); }

  public List<ShippedBytes> output() { return output; }

  public SyscallReply toMessage() {
    return new SyscallReply(pid(), gtid(), sequence(), ret(), flags(), output());
  }

  public static int encodedLength(SyscallReply m) {
    return OUTPUT_OFFSET + ShippedSegments.encodedLength(m.output());
  }

  /** Appends the frame of {@code m} to {@code dst}. */
  public static void encode(Buffer dst, SyscallReply m) {
    FrameHeader.encode(dst, MessageType.SYSCALL_REPLY, encodedLength(m));
    dst.appendLong(m.pid()).appendLong(m.gtid()).appendLong(m.sequence()).appendLong(m.ret())
        .appendInt(m.flags());
    ShippedSegments.write(dst, m.output());
  }
}
