package io.procshare.codecs;

/**
 * State of a page at a node: granted in {@link PageData#grant()}, installed in
 * {@link PageConfirm#state()}.
 */
public final class PageState {

  /** No access granted; only valid as the grant of a PageData whose status is not OK. */
  public static final byte NONE = 0;
  public static final byte READ_ONLY = 1;
  public static final byte READ_WRITE = 2;
  public static final String EXPECTED = "1 (READ_ONLY) or 2 (READ_WRITE)";
  public static final String EXPECTED_OR_NONE = "0 (NONE), 1 (READ_ONLY) or 2 (READ_WRITE)";

  private PageState() {
  }

  /** READ_ONLY or READ_WRITE. */
  public static boolean isValid(int state) {
    return state == READ_ONLY || state == READ_WRITE;
  }

  /** NONE, READ_ONLY or READ_WRITE. */
  public static boolean isValidOrNone(int state) {
    return state == NONE || isValid(state);
  }
}
