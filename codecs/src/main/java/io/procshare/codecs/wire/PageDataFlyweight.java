package io.procshare.codecs.wire;

import static io.procshare.codecs.wire.FrameHeader.HEADER_LENGTH;

import io.procshare.codecs.FrameDecodeException;
import io.procshare.codecs.Limits;
import io.procshare.codecs.MessageType;
import io.procshare.codecs.PageData;
import io.procshare.codecs.PageKind;
import io.procshare.codecs.PageState;
import io.procshare.codecs.PageStatus;
import io.vertx.core.buffer.Buffer;

/**
 * Frame of a {@link PageData} (type 3). Big-endian. {@link #data()} is a slice of the wrapped buffer:
 * decoding copies nothing.
 *
 * <pre>
 *  offset  size   field
 *   0        8    header (FrameHeader): version=1, type=3, flags=0, length
 *   8        8    pid          i64
 *  16        8    page         i64  virtual page number
 *  24        8    requestId    i64
 *  32        8    pageVersion  i64
 *  40        1    status       u8   0 OK, 1 SEGV, 2 FAILED
 *  41        1    grant        u8   1 READ_ONLY, 2 READ_WRITE; 0 NONE only if status != OK
 *  42        1    kind         u8   0 DATA, 1 ZERO_FILL, 2 OWNERSHIP_ONLY, 3 NONE
 *  43        4    data.length  i32  4096 if kind == DATA, else 0
 *  47        n    data         the page
 * </pre>
 */
public final class PageDataFlyweight extends FrameFlyweight {

  public static final int PID_OFFSET = HEADER_LENGTH;
  public static final int PAGE_OFFSET = PID_OFFSET + 8;
  public static final int REQUEST_ID_OFFSET = PAGE_OFFSET + 8;
  public static final int PAGE_VERSION_OFFSET = REQUEST_ID_OFFSET + 8;
  public static final int STATUS_OFFSET = PAGE_VERSION_OFFSET + 8;
  public static final int GRANT_OFFSET = STATUS_OFFSET + 1;
  public static final int KIND_OFFSET = GRANT_OFFSET + 1;
  public static final int DATA_LENGTH_OFFSET = KIND_OFFSET + 1;
  public static final int DATA_OFFSET = DATA_LENGTH_OFFSET + 4;
  public static final int MAX_FRAME_LENGTH = DATA_OFFSET + Limits.PAGE_SIZE;

  /** Points at the frame at {@code offset}, validating all of it. */
  public PageDataFlyweight wrap(Buffer buffer, int offset) {
    FrameReader r = open(buffer, offset, MessageType.PAGE_DATA);
    r.fixed("pid", PID_OFFSET, 8);
    r.fixed("page", PAGE_OFFSET, 8);
    r.fixed("requestId", REQUEST_ID_OFFSET, 8);
    r.fixed("pageVersion", PAGE_VERSION_OFFSET, 8);
    r.fixedEnum("status", STATUS_OFFSET, PageStatus::isValid, PageStatus.EXPECTED);
    if (status() == PageStatus.OK) {
      r.fixedEnum("grant", GRANT_OFFSET, PageState::isValid, PageState.EXPECTED);
    } else {
      r.fixedEnum("grant", GRANT_OFFSET, PageState::isValidOrNone, PageState.EXPECTED_OR_NONE);
    }
    r.fixedEnum("kind", KIND_OFFSET, PageKind::isValid, PageKind.EXPECTED);
    r.fixed("data.length", DATA_LENGTH_OFFSET, 4);
    int expected = PageData.expectedDataLength(kind());
    if (dataLength() != expected) {
      throw new FrameDecodeException("data.length", DATA_LENGTH_OFFSET, dataLength(), Integer.toString(expected));
    }
    r.slice("data", expected);
    r.end();
    return this;
  }

  public long pid() { return buffer.getLong(offset + PID_OFFSET); }

  public long page() { return buffer.getLong(offset + PAGE_OFFSET); }

  public long requestId() { return buffer.getLong(offset + REQUEST_ID_OFFSET); }

  public long pageVersion() { return buffer.getLong(offset + PAGE_VERSION_OFFSET); }

  public byte status() { return buffer.getByte(offset + STATUS_OFFSET); }

  public byte grant() { return buffer.getByte(offset + GRANT_OFFSET); }

  public byte kind() { return buffer.getByte(offset + KIND_OFFSET); }

  public int dataLength() { return buffer.getInt(offset + DATA_LENGTH_OFFSET); }

  /** The page, sharing memory with the wrapped buffer. */
  public Buffer data() { return buffer.slice(offset + DATA_OFFSET, offset + DATA_OFFSET + dataLength()); }

  public PageData toMessage() {
    return new PageData(pid(), page(), requestId(), status(), grant(), kind(), pageVersion(), data());
  }

  public static int encodedLength(PageData m) {
    return DATA_OFFSET + m.data().length();
  }

  /** Appends the frame of {@code m} to {@code dst}; the page is copied once, into {@code dst}. */
  public static void encode(Buffer dst, PageData m) {
    FrameHeader.encode(dst, MessageType.PAGE_DATA, encodedLength(m));
    dst.appendLong(m.pid()).appendLong(m.page()).appendLong(m.requestId()).appendLong(m.pageVersion())
        .appendByte(m.status()).appendByte(m.grant()).appendByte(m.kind());
    FrameWriter.bytes(dst, m.data());
  }
}
