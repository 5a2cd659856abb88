package io.procshare.codecs;

import io.vertx.core.buffer.Buffer;
import java.util.Objects;

/**
 * Owner (or manager) to requester: the page, or the grant alone, or the reason there is none.
 *
 * <p>{@code data} is not copied: the message takes ownership of the buffer. A decoded PageData's
 * {@code data} is a slice of the network buffer; local delivery copies it.
 *
 * @param pid         process id
 * @param page        virtual page number
 * @param requestId   the requester's request id
 * @param status      {@link PageStatus#OK}, {@link PageStatus#SEGV} or {@link PageStatus#FAILED}
 * @param grant       state granted, {@link PageState#READ_ONLY} or {@link PageState#READ_WRITE};
 *                    {@link PageState#NONE} only when status is not OK
 * @param kind        {@link PageKind#DATA}, {@link PageKind#ZERO_FILL}, {@link PageKind#OWNERSHIP_ONLY}
 *                    or {@link PageKind#NONE}
 * @param pageVersion version of the page content
 * @param data        exactly {@link Limits#PAGE_SIZE} bytes when kind is DATA, else empty
 */
public record PageData(long pid, long page, long requestId, byte status, byte grant, byte kind,
                       long pageVersion, Buffer data) implements ProcshareMessage {

  public PageData {
    Check.valid(PageStatus.isValid(status), "status", status, PageStatus.EXPECTED);
    if (status == PageStatus.OK) {
      Check.valid(PageState.isValid(grant), "grant", grant, PageState.EXPECTED);
    } else {
      Check.valid(PageState.isValidOrNone(grant), "grant", grant, PageState.EXPECTED_OR_NONE);
    }
    Check.valid(PageKind.isValid(kind), "kind", kind, PageKind.EXPECTED);
    Objects.requireNonNull(data, "data");
    int expected = expectedDataLength(kind);
    if (data.length() != expected) {
      throw new IllegalArgumentException("data is " + data.length() + " bytes, expected " + expected
          + " for kind " + kind);
    }
  }

  /** {@link Limits#PAGE_SIZE} for kind DATA, 0 for the other kinds. */
  public static int expectedDataLength(byte kind) {
    return kind == PageKind.DATA ? Limits.PAGE_SIZE : 0;
  }

  /** The same message holding {@code newData} instead of {@link #data()}. */
  public PageData withData(Buffer newData) {
    return new PageData(pid, page, requestId, status, grant, kind, pageVersion, newData);
  }

  @Override
  public int messageType() {
    return MessageType.PAGE_DATA;
  }

  @Override
  public String toString() {
    return "PageData[pid=" + pid + ", page=" + page + ", requestId=" + requestId + ", status=" + status
        + ", grant=" + grant + ", kind=" + kind + ", pageVersion=" + pageVersion
        + ", data=<" + data.length() + " bytes>]";
  }
}
