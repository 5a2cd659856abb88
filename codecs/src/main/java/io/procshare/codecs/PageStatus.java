package io.procshare.codecs;

/** Outcome of a page request ({@link PageData#status()}). */
public final class PageStatus {

  public static final byte OK = 0;
  /** The address is outside every mapping, or the access is not allowed: a segfault for the guest. */
  public static final byte SEGV = 1;
  /** The page could not be served (node lost, internal error); the faulting thread may retry. */
  public static final byte FAILED = 2;
  public static final String EXPECTED = "0 (OK), 1 (SEGV) or 2 (FAILED)";

  private PageStatus() {
  }

  public static boolean isValid(int status) {
    return status == OK || status == SEGV || status == FAILED;
  }
}
