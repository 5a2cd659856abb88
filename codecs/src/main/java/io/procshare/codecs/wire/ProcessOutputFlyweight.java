package io.procshare.codecs.wire;

import static io.procshare.codecs.wire.FrameHeader.HEADER_LENGTH;

import io.procshare.codecs.Limits;
import io.procshare.codecs.MessageType;
import io.procshare.codecs.ProcessOutput;
import io.procshare.codecs.ProcessStream;
import io.vertx.core.buffer.Buffer;

/**
 * Frame of a {@link ProcessOutput} (type 13). Big-endian. {@link #bytes()} is a slice of the wrapped
 * buffer.
 *
 * <pre>
 *  offset  size   field
 *   0        8    header (FrameHeader): version=1, type=13, flags=0, length
 *   8        8    pid           i64
 *  16        1    stream        u8   1 STDOUT, 2 STDERR
 *  17        4    bytes.length  i32  0..1 MiB
 *  21        n    bytes
 * </pre>
 */
public final class ProcessOutputFlyweight extends FrameFlyweight {

  public static final int PID_OFFSET = HEADER_LENGTH;
  public static final int STREAM_OFFSET = PID_OFFSET + 8;
  public static final int BYTES_LENGTH_OFFSET = STREAM_OFFSET + 1;
  public static final int BYTES_OFFSET = BYTES_LENGTH_OFFSET + 4;
  public static final int MAX_FRAME_LENGTH = BYTES_OFFSET + Limits.OUTPUT_MAX_BYTES;

  private Buffer bytes;

  /** Points at the frame at {@code offset}, validating all of it. */
  public ProcessOutputFlyweight wrap(Buffer buffer, int offset) {
    FrameReader r = open(buffer, offset, MessageType.PROCESS_OUTPUT);
    r.fixed("pid", PID_OFFSET, 8);
    r.fixedEnum("stream", STREAM_OFFSET, ProcessStream::isValid, ProcessStream.EXPECTED);
    bytes = r.bytes("bytes", Limits.OUTPUT_MAX_BYTES);
    r.end();
    return this;
  }

  public long pid() { return buffer.getLong(offset + PID_OFFSET); }

  public byte stream() { return buffer.getByte(offset + STREAM_OFFSET); }

  public Buffer bytes() { return bytes; }

  public ProcessOutput toMessage() {
    return new ProcessOutput(pid(), stream(), bytes());
  }

  public static int encodedLength(ProcessOutput m) {
    return BYTES_OFFSET + m.bytes().length();
  }

  /** Appends the frame of {@code m} to {@code dst}. */
  public static void encode(Buffer dst, ProcessOutput m) {
    FrameHeader.encode(dst, MessageType.PROCESS_OUTPUT, encodedLength(m));
    dst.appendLong(m.pid()).appendByte(m.stream());
    FrameWriter.bytes(dst, m.bytes());
  }
}
