// Bolt protocol sniffing for a shared port: MOSN's first-byte rule plus a plausibility check.

export type MatchResult = "again" | "match" | "no-match";

/**
 * MOSN matches Bolt on byte 0 alone (0x01 v1, 0x02 v2). A TTHeader/framed-Thrift length >= 16 MiB
 * also starts with 0x01/0x02, so this also requires (protocols.md section 7, collision note):
 * v1: type (byte 1) in 0..2, cmdcode high byte (byte 2) 0, ver2 (byte 4) == 1;
 * v2: ver1 (byte 1) in 1..2, type (byte 2) in 0..2, cmdcode high byte (byte 3) 0, ver2 (byte 5) == 1.
 * Returns "again" while too few bytes are buffered to decide; decides "no-match" as early as possible.
 */
export function matchBolt(b: Uint8Array): MatchResult {
  const n = b.length;
  if (n === 0) return "again";
  const p = b[0];
  if (p === 1) {
    if (n > 1 && b[1] > 2) return "no-match";
    if (n > 2 && b[2] !== 0) return "no-match";
    if (n > 4) return b[4] === 1 ? "match" : "no-match";
    return "again";
  }
  if (p === 2) {
    if (n > 1 && (b[1] < 1 || b[1] > 2)) return "no-match";
    if (n > 2 && b[2] > 2) return "no-match";
    if (n > 3 && b[3] !== 0) return "no-match";
    if (n > 5) return b[5] === 1 ? "match" : "no-match";
    return "again";
  }
  return "no-match";
}
