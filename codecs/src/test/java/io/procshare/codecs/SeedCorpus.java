package io.procshare.codecs;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the seed corpus of {@link CodecFuzzTest}: valid frames of every type plus corrupted ones
 * (truncated, bad length, bad version/type/enum/UTF-8). Run from the module directory after
 * {@code mvn test-compile}:
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) io.procshare.codecs.SeedCorpus}
 * (see codecs/README.md). Output is deterministic, so re-running it leaves git clean.
 */
final class SeedCorpus {

  private SeedCorpus() {
  }

  public static void main(String[] args) throws IOException {
    Path root = Path.of(args.length > 0 ? args[0] : "src/test/resources/io/procshare/codecs/CodecFuzzTestInputs");
    List<ProcshareMessage> typical = Samples.typical();
    for (ProcshareMessage message : typical) {
      String method = "fuzz" + message.getClass().getSimpleName();
      write(root.resolve(method), message);
      write(root.resolve("fuzzFrames"), message);
    }
    for (ProcshareMessage message : Samples.boundaries()) {
      Buffer frame = Frames.encode(message);
      if (frame.length() <= 16 * 1024) {
        String method = "fuzz" + message.getClass().getSimpleName();
        Path dir = root.resolve(method);
        Files.createDirectories(dir);
        Files.write(dir.resolve(String.format("boundary-%08x", frame.hashCode())), frame.getBytes());
      }
    }
  }

  private static void write(Path dir, ProcshareMessage message) throws IOException {
    Files.createDirectories(dir);
    Buffer frame = Frames.encode(message);
    String name = message.getClass().getSimpleName();
    Files.write(dir.resolve(name + "-valid"), frame.getBytes());
    Files.write(dir.resolve(name + "-truncated"), frame.getBytes(0, frame.length() - 1));
    Files.write(dir.resolve(name + "-header-only"), frame.getBytes(0, 8));
    Buffer longer = frame.copy().appendByte((byte) 0);
    longer.setInt(4, longer.length());
    Files.write(dir.resolve(name + "-trailing-byte"), longer.getBytes());
    Buffer version = frame.copy();
    version.setByte(0, (byte) 2);
    Files.write(dir.resolve(name + "-bad-version"), version.getBytes());
    Buffer type = frame.copy();
    type.setByte(1, (byte) 99);
    Files.write(dir.resolve(name + "-bad-type"), type.getBytes());
    Buffer lastByte = frame.copy();
    lastByte.setByte(frame.length() - 1, (byte) 0xFF);
    Files.write(dir.resolve(name + "-last-byte-ff"), lastByte.getBytes());
    Buffer enumByte = frame.copy();
    if (frame.length() > 40) {
      enumByte.setByte(40, (byte) 0x7F);
      Files.write(dir.resolve(name + "-byte40-7f"), enumByte.getBytes());
    }
  }
}
