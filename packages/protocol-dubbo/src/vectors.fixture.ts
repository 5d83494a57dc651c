// Test fixture (not shipped): golden Dubbo frames from /work/shared/vectors/bolt-dubbo.txt and peers.md.
import { readFileSync } from "node:fs";

export interface Vector {
  name: string;
  bytes: Uint8Array;
}

const VECTORS = new URL("../../../../shared/vectors/bolt-dubbo.txt", import.meta.url);

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

/** Every "### name (N bytes)" section; the declared size is checked. */
export function loadAll(): Vector[] {
  const text = readFileSync(VECTORS, "utf8");
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

export function vector(name: string): Uint8Array {
  const v = loadAll().find((x) => x.name === name);
  if (!v) throw new Error(`no vector ${name}`);
  return v.bytes;
}

/** Heartbeat request (id 43) and dubbo-remoting's reply, as listed in peers.md section 2. */
export const HEARTBEAT = hex("dabbe200000000000000002b000000014e");
export const HEARTBEAT_REPLY = hex("dabb2214000000000000002b000000014e");

/** The Dubbo frames of bolt-dubbo.txt plus the two heartbeat frames. */
export function dubboFrames(): Vector[] {
  return [
    ...loadAll().filter((v) => v.name.startsWith("DUBBO")),
    { name: "heartbeat", bytes: HEARTBEAT },
    { name: "heartbeat reply", bytes: HEARTBEAT_REPLY },
  ];
}
