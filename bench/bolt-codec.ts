// Benchmark: Bolt frame encode/decode, @mosaic/protocol-bolt vs sofa-bolt-node on the same frames.
//
// What each side does (`fair: true` rows do the same work on both sides):
// - sofa `protocol.decode(buf)`: reads the header and class name, skips the header map (hessian2 codec),
//   and hessian-deserializes the content (SofaRequest + args, or SofaResponse).
// - ours `decodeFrame(buf)`: reads the header and class name, decodes the header map into a Map, verifies
//   the v2 CRC, and keeps the content as raw bytes (a view). "framing" rows compare just that against
//   sofa's full decode (not fair: sofa does more); "full" rows add sofa's own hessian decoder on our
//   content, so both sides run the same hessian code and differ only in the framing.
// - sofa `protocol.requestEncode(id, req)`: builds the header map, hessian-serializes SofaRequest + args,
//   writes the frame into a shared buffer and copies it out. Ours "framing" gets the content pre-serialized
//   (not fair); ours "full" first runs sofa's own serializer (RpcRequestCommand.serializeContent) into a
//   reused ByteBuffer (as sofa does), then encodeRequest copies that content into the frame.
// - heartbeat rows have no body: both sides do framing only (fair).
// - "ours only" rows have no sofa-bolt-node counterpart.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import {
  createBoltDecoder,
  decodeFrame,
  encodeHeartbeat,
  encodeRequest,
  writeRequestId,
  REQUEST_CLASS,
} from "@mosaic/protocol-bolt";

const require = createRequire(import.meta.url);
const sofaRequire = createRequire(require.resolve("sofa-bolt-node"));

interface SofaProtocol {
  decode(b: Uint8Array, o: object): { packetId: number };
  requestEncode(id: number, req: object, o: object): Uint8Array;
  heartbeatEncode(id: number, hb: object, o: object): Uint8Array;
}
interface SofaHessian {
  decode(bb: unknown, className: string, o: object): unknown;
}
interface ByteBuf {
  reset(): void;
  position(): number;
  _bytes: Uint8Array;
}
interface ByteBufferCtor {
  new (o: { size: number }): ByteBuf;
  wrap(b: Uint8Array): unknown;
}
type RpcRequestCommandCtor = new (req: object, o: object) => { serializeContent(bb: unknown): void };

export interface Side {
  opsPerSec: number;
}
export interface Row {
  case: string;
  fair: boolean;
  ours: Side;
  sofa?: Side;
  /** ours / sofa ops per second (> 1 means ours is faster). */
  ratio?: number;
}
export interface Result {
  bench: "bolt-codec";
  runtime: string;
  date: string;
  msPerMeasurement: number;
  rounds: number;
  rows: Row[];
}

let sink = 0;

/** Runs `fn` in growing batches for about `ms` after a warm-up; returns ops/s. */
function measure(fn: () => number, ms: number): number {
  const warm = performance.now() + ms / 4;
  while (performance.now() < warm) for (let i = 0; i < 100; i++) sink += fn();
  let ops = 0;
  let batch = 64;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < ms) {
    for (let i = 0; i < batch; i++) sink += fn();
    ops += batch;
    t = performance.now();
    if (t - t0 < ms / 10) batch *= 2;
  }
  return (ops * 1000) / (t - t0);
}

function vectors(): Map<string, Buffer> {
  const text = readFileSync(new URL("../../shared/vectors/bolt-dubbo.txt", import.meta.url), "utf8");
  const out = new Map<string, Buffer>();
  for (const sec of text.split(/^### /m).slice(1)) {
    const [title = "", ...lines] = sec.split("\n");
    out.set(title.replace(/ \(\d+ bytes\)\s*$/, ""), Buffer.from(lines.join("").replace(/\s/g, ""), "hex"));
  }
  return out;
}

export async function run(opts: { ms?: number; rounds?: number; write?: boolean } = {}): Promise<Result> {
  const ms = opts.ms ?? Number(process.env.BENCH_TIME_MS ?? 300);
  const rounds = opts.rounds ?? 3;
  const sofa = require("sofa-bolt-node/lib/protocol") as SofaProtocol;
  const hessian = (require("sofa-bolt-node/lib/codec") as { hessian2: SofaHessian }).hessian2;
  const ByteBuffer = sofaRequire("byte") as ByteBufferCtor;
  const RpcRequestCommand = require("sofa-bolt-node/lib/protocol/rpc_req_cmd") as RpcRequestCommandCtor;
  const V1 = { protocolType: "bolt", codecType: "hessian2", boltVersion: 1 };
  const V2 = { protocolType: "bolt2", codecType: "hessian2", boltVersion: 2, crcEnable: true };
  const SERVICE = "com.example.EchoService:1.0";
  const sofaReq = {
    serverSignature: SERVICE,
    methodName: "echo",
    args: [{ $class: "java.lang.String", $: "hello" }],
    timeout: 3000,
    requestProps: { service: SERVICE },
  };

  const v = vectors();
  const req = v.get("SOFA req hessian3.0")!;
  const res = v.get("SOFA res hessian3.0")!;
  const hb = v.get("SOFA hb")!;
  const reqV2 = Buffer.from(sofa.requestEncode(1, sofaReq, V2));
  const content = decodeFrame(req).content;
  const headers = new Map([["service", SERVICE]]);
  const stream = Buffer.concat([...v.entries()].filter(([k]) => k.startsWith("SOFA") && !k.includes("first")).map(([, b]) => b));
  const chunks: Buffer[] = [];
  for (let o = 0; o < stream.length; o += 64) chunks.push(stream.subarray(o, o + 64));
  const decoder = createBoltDecoder();
  const idV1 = Uint8Array.from(req);
  const idV2 = Uint8Array.from(reqV2);
  let id = 0;
  // Like sofa-bolt-node's own shared encode buffer: one reusable ByteBuffer for the hessian content.
  const scratch = new ByteBuffer({ size: 64 * 1024 });

  const fullDecode = (b: Buffer) => {
    const f = decodeFrame(b);
    hessian.decode(ByteBuffer.wrap(f.content), f.className, {});
    return f.requestId;
  };

  const cases: Array<{ name: string; fair: boolean; ours: () => number; sofa?: () => number }> = [
    { name: "decode heartbeat (22 B)", fair: true, ours: () => decodeFrame(hb).requestId, sofa: () => sofa.decode(hb, {}).packetId },
    { name: "decode request framing, ours body raw (352 B)", fair: false, ours: () => decodeFrame(req).requestId, sofa: () => sofa.decode(req, {}).packetId },
    { name: "decode request full, hessian both sides (352 B)", fair: true, ours: () => fullDecode(req), sofa: () => sofa.decode(req, {}).packetId },
    { name: "decode response full, hessian both sides (169 B)", fair: true, ours: () => fullDecode(res), sofa: () => sofa.decode(res, {}).packetId },
    { name: "decode v2+CRC request full (358 B)", fair: true, ours: () => fullDecode(reqV2), sofa: () => sofa.decode(reqV2, {}).packetId },
    { name: "encode heartbeat", fair: true, ours: () => encodeHeartbeat(7, 1, { timeout: 3000 }).length, sofa: () => sofa.heartbeatEncode(7, {}, V1).length },
    {
      name: "encode request framing, ours body pre-serialized",
      fair: false,
      ours: () => encodeRequest({ requestId: 1, timeout: 3000, className: REQUEST_CLASS, headers, content }).length,
      sofa: () => sofa.requestEncode(1, sofaReq, V1).length,
    },
    {
      name: "encode request full, sofa hessian both sides",
      fair: true,
      ours: () => {
        scratch.reset();
        new RpcRequestCommand(sofaReq, { codecType: "hessian2" }).serializeContent(scratch);
        const body = scratch._bytes.subarray(0, scratch.position());
        return encodeRequest({ requestId: 1, timeout: 3000, className: REQUEST_CLASS, headers, content: body }).length;
      },
      sofa: () => sofa.requestEncode(1, sofaReq, V1).length,
    },
    {
      name: "ours only: stream-decode 10 frames (1.9 KB) in 64 B chunks",
      fair: false,
      ours: () => {
        let n = 0;
        for (const c of chunks) for (const _ of decoder.push(c)) n++;
        return n;
      },
    },
    { name: "ours only: rewrite request id in place, v1", fair: false, ours: () => (writeRequestId(idV1, ++id >>> 0), 1) },
    { name: "ours only: rewrite request id in place, v2+CRC (358 B)", fair: false, ours: () => (writeRequestId(idV2, ++id >>> 0), 1) },
  ];

  const rows: Row[] = [];
  for (const c of cases) {
    let ours = 0;
    let theirs = 0;
    for (let r = 0; r < rounds; r++) {
      ours = Math.max(ours, measure(c.ours, ms));
      if (c.sofa) theirs = Math.max(theirs, measure(c.sofa, ms));
    }
    const row: Row = { case: c.name, fair: c.fair, ours: { opsPerSec: Math.round(ours) } };
    if (c.sofa) {
      row.sofa = { opsPerSec: Math.round(theirs) };
      row.ratio = Math.round((ours / theirs) * 100) / 100;
    }
    rows.push(row);
    const sofaText = c.sofa ? `sofa ${fmt(theirs)}  ratio ${row.ratio}x${c.fair ? "" : " (not like for like)"}` : "";
    console.log(`${c.name.padEnd(62)} ours ${fmt(ours)}  ${sofaText}`);
  }
  const result: Result = {
    bench: "bolt-codec",
    runtime: runtimeName(),
    date: new Date().toISOString(),
    msPerMeasurement: ms,
    rounds,
    rows,
  };
  if (opts.write !== false) {
    const dir = new URL("./results/", import.meta.url);
    mkdirSync(dir, { recursive: true });
    writeFileSync(new URL("bolt-codec.json", dir), JSON.stringify(result, null, 2) + "\n");
  }
  if (sink === -1) console.log(sink);
  return result;
}

function fmt(ops: number): string {
  return `${(ops / 1e6).toFixed(2)} M ops/s`.padStart(15);
}

function runtimeName(): string {
  const g = globalThis as { Bun?: { version: string }; Deno?: { version: { deno: string } } };
  if (g.Bun) return `bun ${g.Bun.version}`;
  if (g.Deno) return `deno ${g.Deno.version.deno}`;
  return `node ${process.version}`;
}

if ((import.meta as { main?: boolean }).main) await run();
