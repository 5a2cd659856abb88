package io.procshare.codecs;

import io.vertx.core.buffer.Buffer;

/**
 * Home to the submitting client: bytes the guest wrote to fd 1 or 2. The message takes ownership of
 * {@code bytes} (no copy).
 *
 * @param pid    process id
 * @param stream {@link ProcessStream#STDOUT} or {@link ProcessStream#STDERR}
 * @param bytes  the output, at most {@link Limits#OUTPUT_MAX_BYTES}
 */
public record ProcessOutput(long pid, byte stream, Buffer bytes) implements ProcshareMessage {

  public ProcessOutput {
    Check.valid(ProcessStream.isValid(stream), "stream", stream, ProcessStream.EXPECTED);
    Check.bytes(bytes, "bytes", Limits.OUTPUT_MAX_BYTES);
  }

  @Override
  public int messageType() {
    return MessageType.PROCESS_OUTPUT;
  }

  @Override
  public String toString() {
    return "ProcessOutput[pid=" + pid + ", stream=" + stream + ", bytes=<" + bytes.length() + " bytes>]";
  }
}
