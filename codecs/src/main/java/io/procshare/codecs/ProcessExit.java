package io.procshare.codecs;

/**
 * Home to the submitting client: the process ended.
 *
 * @param pid     process id
 * @param status  exit status (139 for a guest segfault)
 * @param message human-readable reason, may be empty, at most 4096 UTF-8 bytes
 */
public record ProcessExit(long pid, int status, String message) implements ProcshareMessage {

  public ProcessExit {
    Check.text(message, "message");
  }

  @Override
  public int messageType() {
    return MessageType.PROCESS_EXIT;
  }
}
