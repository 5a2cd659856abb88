package io.procshare.codecs;

/** What a {@link MapSnapshot} asks its receiver to do with the pages of its range. */
public final class Shootdown {

  /** Nothing: a plain snapshot (the reply to a {@link MapRequest}). */
  public static final byte NONE = 0;
  /** Rights were removed: no access beyond the new protection once the receiver acks. */
  public static final byte PROTECT = 1;
  /** The range was unmapped: every copy is discarded before the receiver acks. */
  public static final byte UNMAP = 2;
  public static final String EXPECTED = "0 (NONE), 1 (PROTECT) or 2 (UNMAP)";

  private Shootdown() {
  }

  public static boolean isValid(int kind) {
    return kind == NONE || kind == PROTECT || kind == UNMAP;
  }
}
