// Dubbo protocol sniffing for a shared port: magic 0xda 0xbb.

export type MatchResult = "again" | "match" | "no-match";

/**
 * Decides on the two magic bytes (MOSN waits for a whole 16-byte header first; the outcome is the
 * same, this just answers earlier). "no-match" as soon as byte 0 is not 0xda.
 */
export function matchDubbo(b: Uint8Array): MatchResult {
  if (b.length === 0) return "again";
  if (b[0] !== 0xda) return "no-match";
  if (b.length === 1) return "again";
  return b[1] === 0xbb ? "match" : "no-match";
}
