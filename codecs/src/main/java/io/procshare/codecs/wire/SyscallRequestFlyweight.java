package io.procshare.codecs.wire;

import static io.procshare.codecs.wire.FrameHeader.HEADER_LENGTH;

import io.procshare.codecs.Limits;
import io.procshare.codecs.MessageType;
import io.procshare.codecs.ShippedBytes;
import io.procshare.codecs.SyscallRequest;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * Frame of a {@link SyscallRequest} (type 7). Big-endian. Shipped bytes are slices of the wrapped
 * buffer.
 *
 * <pre>
 *  offset  size   field
 *   0        8    header (FrameHeader): version=1, type=7, flags=0, length
 *   8        8    pid          i64
 *  16        8    gtid         i64
 *  24        8    sequence     i64
 *  32       48    args         6 x i64
 *  80        4    nr           i32
 *  84        4    flags        i32
 *  88        *    input        shipped segments (see ShippedSegments): u16 count &lt;= 64,
 *                              then count x (i64 address, i32 length, bytes), &lt;= 16 MiB in all
 * </pre>
 */
public final class SyscallRequestFlyweight extends FrameFlyweight {

  public static final int PID_OFFSET = HEADER_LENGTH;
  public static final int GTID_OFFSET = PID_OFFSET + 8;
  public static final int SEQUENCE_OFFSET = GTID_OFFSET + 8;
  public static final int ARGS_OFFSET = SEQUENCE_OFFSET + 8;
  public static final int NR_OFFSET = ARGS_OFFSET + 8 * Limits.SYSCALL_ARGS;
  public static final int FLAGS_OFFSET = NR_OFFSET + 4;
  public static final int INPUT_OFFSET = FLAGS_OFFSET + 4;
  public static final int MAX_FRAME_LENGTH = INPUT_OFFSET + ShippedSegments.MAX_LENGTH;

  private List<ShippedBytes> input;

  /** Points at the frame at {@code offset}, validating all of it. */
  public SyscallRequestFlyweight wrap(Buffer buffer, int offset) {
    FrameReader r = open(buffer, offset, MessageType.SYSCALL_REQUEST);
    r.fixed("pid", PID_OFFSET, 8);
    r.fixed("gtid", GTID_OFFSET, 8);
    r.fixed("sequence", SEQUENCE_OFFSET, 8);
    r.fixed("args", ARGS_OFFSET, 8 * Limits.SYSCALL_ARGS);
    r.fixed("nr", NR_OFFSET, 4);
    r.fixed("flags", FLAGS_OFFSET, 4);
    input = ShippedSegments.read(r, "input");
    r.end();
    return this;
  }

  public long pid() { return buffer.getLong(offset + PID_OFFSET); }

  public long gtid() { return buffer.getLong(offset + GTID_OFFSET); }

  public long sequence() { return buffer.getLong(offset + SEQUENCE_OFFSET); }

  /** Argument register {@code i}, 0..5. */
  public long arg(int i) { return buffer.getLong(offset + ARGS_OFFSET + 8 * i); }

  public int nr() { return buffer.getInt(offset + NR_OFFSET); }

  public int flags() { return buffer.getInt(offset + FLAGS_OFFSET); }

  public List<ShippedBytes> input() { return input; }

  public SyscallRequest toMessage() {
    long[] args = new long[Limits.SYSCALL_ARGS];
    for (int i = 0; i < args.length; i++) {
      args[i] = arg(i);
    }
    return new SyscallRequest(pid(), gtid(), sequence(), nr(), args, flags(), input());
  }

  public static int encodedLength(SyscallRequest m) {
    return INPUT_OFFSET + ShippedSegments.encodedLength(m.input());
  }

  /** Appends the frame of {@code m} to {@code dst}. */
  public static void encode(Buffer dst, SyscallRequest m) {
    FrameHeader.encode(dst, MessageType.SYSCALL_REQUEST, encodedLength(m));
    dst.appendLong(m.pid()).appendLong(m.gtid()).appendLong(m.sequence());
    for (int i = 0; i < Limits.SYSCALL_ARGS; i++) {
      dst.appendLong(m.arg(i));
    }
    dst.appendInt(m.nr()).appendInt(m.flags());
    ShippedSegments.write(dst, m.input());
  }
}
