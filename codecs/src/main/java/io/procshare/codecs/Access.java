package io.procshare.codecs;

/** Access that caused a page fault ({@link PageRequest#access()}, {@link PageForward#access()}). */
public final class Access {

  public static final byte READ = 1;
  public static final byte WRITE = 2;
  /** Wording of the valid values, for decode errors. */
  public static final String EXPECTED = "1 (READ) or 2 (WRITE)";

  private Access() {
  }

  public static boolean isValid(int access) {
    return access == READ || access == WRITE;
  }
}
