package io.procshare.codecs;

/** Which guest stream a {@link ProcessOutput} belongs to. */
public final class ProcessStream {

  public static final byte STDOUT = 1;
  public static final byte STDERR = 2;
  public static final String EXPECTED = "1 (STDOUT) or 2 (STDERR)";

  private ProcessStream() {
  }

  public static boolean isValid(int stream) {
    return stream == STDOUT || stream == STDERR;
  }
}
