package io.procshare.codecs;

/**
 * One mapping in a {@link MapSnapshot}: guest addresses {@code [start, end)} with protection
 * {@code prot} (Linux PROT_READ 1 | PROT_WRITE 2 | PROT_EXEC 4). The home only sends page-aligned,
 * sorted, disjoint mappings; the codec checks the protection bits only.
 */
public record MapEntry(long start, long end, byte prot) {

  /** Wording of the valid protections, for decode errors. */
  public static final String PROT_EXPECTED = "bits of PROT_READ 1 | PROT_WRITE 2 | PROT_EXEC 4 (0..7)";

  public MapEntry {
    Check.valid(isValidProt(prot), "prot", prot, PROT_EXPECTED);
  }

  public static boolean isValidProt(int prot) {
    return prot >= 0 && prot <= 7;
  }
}
