package io.procshare.codecs;

/**
 * A frame is not well formed: truncated, oversized, of an unknown version or type, or with a field
 * whose value is out of range. The frame must be dropped; retrying the same bytes fails the same way.
 * The exception names the field, its offset relative to the first byte of the frame, the value
 * found and what was expected, e.g.
 * {@code bad frame: field 'data.length' at offset 43 has value 17 (expected 4096)}.
 *
 * <p>For a field that does not fit in the frame, {@link #value()} is the number of bytes that were
 * left for it.
 */
public final class FrameDecodeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String field;
  private final int offset;
  private final long value;
  private final String expected;

  /**
   * @param field    name of the offending field, e.g. {@code "requester.length"}
   * @param offset   offset of that field relative to the start of the frame
   * @param value    value found (or bytes remaining, for a field that does not fit)
   * @param expected what a well-formed frame has there, in words
   */
  public FrameDecodeException(String field, int offset, long value, String expected) {
    super("bad frame: field '" + field + "' at offset " + offset + " has value " + value
        + " (expected " + expected + ")", null, false, false);
    this.field = field;
    this.offset = offset;
    this.value = value;
    this.expected = expected;
  }

  /** A field of {@code needed} bytes at {@code offset} with only {@code remaining} bytes left. */
  public static FrameDecodeException truncated(String field, int offset, int needed, long remaining) {
    return new FrameDecodeException(field, offset, remaining,
        needed + " bytes, frame truncated after " + remaining);
  }

  /** Name of the offending field. */
  public String field() {
    return field;
  }

  /** Offset of the offending field, relative to the start of the frame. */
  public int offset() {
    return offset;
  }

  /** The value found, or the bytes remaining when the field does not fit. */
  public long value() {
    return value;
  }

  /** What was expected, in words. */
  public String expected() {
    return expected;
  }
}
