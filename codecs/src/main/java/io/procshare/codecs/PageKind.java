package io.procshare.codecs;

/** What a {@link PageData} carries ({@link PageData#kind()}). */
public final class PageKind {

  /** The page content follows: exactly {@link Limits#PAGE_SIZE} bytes. */
  public static final byte DATA = 0;
  /** Never written: the receiver zero-fills the page locally, no content travels. */
  public static final byte ZERO_FILL = 1;
  /** The receiver already holds a valid copy; only ownership moves. */
  public static final byte OWNERSHIP_ONLY = 2;
  /** Nothing (status SEGV or FAILED). */
  public static final byte NONE = 3;
  public static final String EXPECTED = "0 (DATA), 1 (ZERO_FILL), 2 (OWNERSHIP_ONLY) or 3 (NONE)";

  private PageKind() {
  }

  public static boolean isValid(int kind) {
    return kind >= DATA && kind <= NONE;
  }
}
