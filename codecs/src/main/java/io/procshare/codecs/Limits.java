package io.procshare.codecs;

/**
 * Size limits of message fields. Records reject larger values with {@link IllegalArgumentException};
 * decoders reject frames that exceed them with {@link FrameDecodeException}, before allocating.
 */
public final class Limits {

  /** Guest page size; a {@link PageData} of kind DATA carries exactly this many bytes. */
  public static final int PAGE_SIZE = 4096;
  /** Node ids and counter keys: at most this many UTF-8 bytes. */
  public static final int NODE_ID_MAX_BYTES = 255;
  /** Any other string: at most this many UTF-8 bytes. */
  public static final int STRING_MAX_BYTES = 4096;
  /** Number of argument registers in a syscall. */
  public static final int SYSCALL_ARGS = 6;
  /** Segments of shipped memory per syscall frame. */
  public static final int SHIPPED_MAX_SEGMENTS = 64;
  /** Total shipped bytes per syscall frame (16 MiB). */
  public static final int SHIPPED_MAX_BYTES = 16 << 20;
  /** Opaque guest CPU context of a {@link ThreadStart}. */
  public static final int CONTEXT_MAX_BYTES = 4096;
  /** Arguments of a {@link ProcessSubmit}. */
  public static final int SUBMIT_MAX_ARGS = 4096;
  /** Program image of a {@link ProcessSubmit} (64 MiB). */
  public static final int IMAGE_MAX_BYTES = 64 << 20;
  /** Bytes of one {@link ProcessOutput} (1 MiB). */
  public static final int OUTPUT_MAX_BYTES = 1 << 20;
  /** Entries of {@link StatusReply#counters()}. */
  public static final int COUNTERS_MAX = 1024;
  /** Counter keys: at most this many UTF-8 bytes. */
  public static final int COUNTER_KEY_MAX_BYTES = 255;

  /** Mappings of a {@link MapSnapshot}. */
  public static final int MAPPINGS_MAX = 4096;

  private Limits() {
  }
}
