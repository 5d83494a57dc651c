// Test support: hex strings to bytes and back, and the "### name (N bytes)" golden-vector text format.

export interface Vector {
  name: string;
  bytes: Uint8Array;
}

/** Bytes from hex digits; anything that is not a hex digit (spaces, newlines, separators) is skipped. */
export function hex(s: string): Uint8Array {
  const clean = s.replace(/[^0-9a-f]/gi, "");
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function toHex(b: Uint8Array): string {
  let s = "";
  for (const x of b) s += x.toString(16).padStart(2, "0");
  return s;
}

/** Every "### name (N bytes)" section of a vectors text (hex lines follow the title); the declared size is checked. */
export function parseVectors(text: string): Vector[] {
  const out: Vector[] = [];
  for (const sec of text.split(/^### /m).slice(1)) {
    const [title = "", ...lines] = sec.split("\n");
    const m = /^(.*) \((\d+) bytes\)\s*$/.exec(title);
    if (!m) throw new Error(`bad vector title: ${title}`);
    const bytes = hex(lines.join(""));
    if (bytes.length !== Number(m[2])) throw new Error(`${m[1]}: ${bytes.length} != ${m[2]} bytes`);
    out.push({ name: m[1]!, bytes });
  }
  return out;
}
