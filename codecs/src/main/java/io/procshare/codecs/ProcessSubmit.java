package io.procshare.codecs;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Objects;

/**
 * Client to {@code procshare.submit}: start a process (DESIGN §8). The message takes ownership of
 * {@code image} (no copy).
 *
 * @param task          Java task class name, or the program name of a riscv64 image; at most 4096
 *                      UTF-8 bytes
 * @param args          arguments, at most {@link Limits#SUBMIT_MAX_ARGS}, each at most 4096 UTF-8 bytes
 * @param threads       number of threads the task asks for
 * @param placement     placement policy name (e.g. {@code spread}), at most 4096 UTF-8 bytes
 * @param clientAddress event-bus address that receives output and exit, at most 4096 UTF-8 bytes
 * @param image         program bytes (a static ELF), may be empty, at most {@link Limits#IMAGE_MAX_BYTES}
 */
public record ProcessSubmit(String task, List<String> args, int threads, String placement, String clientAddress,
                            Buffer image) implements ProcshareMessage {

  public ProcessSubmit {
    Check.text(task, "task");
    Objects.requireNonNull(args, "args");
    args = List.copyOf(args);
    if (args.size() > Limits.SUBMIT_MAX_ARGS) {
      throw new IllegalArgumentException("args has " + args.size() + " values, max " + Limits.SUBMIT_MAX_ARGS);
    }
    for (String arg : args) {
      Check.text(arg, "args");
    }
    Check.text(placement, "placement");
    Check.text(clientAddress, "clientAddress");
    Check.bytes(image, "image", Limits.IMAGE_MAX_BYTES);
  }

  @Override
  public int messageType() {
    return MessageType.PROCESS_SUBMIT;
  }

  @Override
  public String toString() {
    return "ProcessSubmit[task=" + task + ", args=" + args + ", threads=" + threads + ", placement=" + placement
        + ", clientAddress=" + clientAddress + ", image=<" + image.length() + " bytes>]";
  }
}
