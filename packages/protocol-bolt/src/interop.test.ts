// Tests: cross-check with sofa-bolt-node (CommonJS peer): our frames through its decoder and vice versa.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { test } from "node:test";
import { decodeFrame } from "./decode-frame.ts";
import { createBoltDecoder } from "./decoder.ts";
import { encodeRequest, encodeResponse } from "./encoder.ts";
import { encodeHeartbeat, encodeHeartbeatAck } from "./heartbeat.ts";
import { buildErrorResponse } from "./hijack.ts";
import { BoltStatus } from "./status.ts";
import { REQUEST_CLASS, RESPONSE_CLASS } from "./types.ts";
import type { BoltDecoded } from "./types.ts";
import { boltV2Frames, vector } from "./vectors.fixture.ts";

const require = createRequire(import.meta.url);
const sofa = require("sofa-bolt-node") as { decoder(o?: object): SofaDecoder };
const sofaProtocol = require("sofa-bolt-node/lib/protocol") as SofaProtocol;

interface SofaPacket {
  packetId: number;
  packetType: string;
  data?: { methodName?: string; serverSignature?: string; args?: unknown[]; appResponse?: unknown; error?: Error };
  options: { timeout?: number; boltVersion?: number; crcEnable?: boolean; protocolType?: string };
}
interface SofaDecoder {
  on(ev: string, f: (p: SofaPacket) => void): void;
  write(b: Uint8Array, cb: (e?: Error | null) => void): void;
}
interface SofaProtocol {
  requestEncode(id: number, req: object, o: object): Uint8Array;
  responseEncode(id: number, res: object, o: object): Uint8Array;
  heartbeatEncode(id: number, hb: object, o: object): Uint8Array;
  heartbeatAckEncode(id: number, o: object): Uint8Array;
}

const SERVICE = "com.example.EchoService:1.0";
const V1 = { protocolType: "bolt", codecType: "hessian2", boltVersion: 1 };
const V2 = { protocolType: "bolt2", codecType: "hessian2", boltVersion: 2, crcEnable: true };

/** Feeds bytes to a fresh sofa-bolt-node decoder; resolves with every packet it emitted. */
async function sofaDecode(bytes: Uint8Array): Promise<SofaPacket[]> {
  const dec = sofa.decoder({});
  const out: SofaPacket[] = [];
  for (const ev of ["request", "response", "heartbeat", "heartbeat_ack"]) dec.on(ev, (p) => out.push(p));
  await new Promise<void>((resolve, reject) => dec.write(Buffer.from(bytes), (e) => (e ? reject(e) : resolve())));
  return out;
}

test("our v1 request (re-encoded with a new id) decodes in sofa-bolt-node", async () => {
  const golden = decodeFrame(vector("SOFA req hessian3.0"));
  const bytes = encodeRequest({ requestId: 42, timeout: 5000, className: REQUEST_CLASS, headers: golden.headers, content: golden.content });
  const [p] = await sofaDecode(bytes);
  assert.equal(p!.packetType, "request");
  assert.equal(p!.packetId, 42);
  assert.equal(p!.options.timeout, 5000);
  assert.equal(p!.data!.methodName, "echo");
  assert.equal(p!.data!.serverSignature, SERVICE);
  assert.deepEqual(p!.data!.args, ["hello"]);
});

test("our v2+CRC request, response, heartbeat and ack decode in sofa-bolt-node", async () => {
  const [req, res] = boltV2Frames().map((v) => decodeFrame(v.bytes));
  const stream = Buffer.concat([
    encodeRequest({ crc: true, requestId: 5, timeout: 100, className: REQUEST_CLASS, content: req!.content }),
    encodeResponse({ crc: true, requestId: 5, className: RESPONSE_CLASS, content: res!.content }),
    encodeHeartbeat(6, 2, { crc: true }),
    encodeHeartbeatAck(6, 2, { crc: true }),
    encodeHeartbeat(7),
    encodeHeartbeatAck(7),
  ]);
  const got = await sofaDecode(stream);
  assert.deepEqual(
    got.map((p) => [p.packetType, p.packetId]),
    [["request", 5], ["response", 5], ["heartbeat", 6], ["heartbeat_ack", 6], ["heartbeat", 7], ["heartbeat_ack", 7]],
  );
  assert.equal(got[0]!.options.crcEnable, true);
  assert.equal(got[0]!.options.boltVersion, 2);
  assert.equal(got[0]!.data!.methodName, "echo");
  assert.equal(got[1]!.data!.appResponse, "hello");
});

test("our hijack response reads as an error in sofa-bolt-node", async () => {
  const out = buildErrorResponse(vector("SOFA req hessian3.0"), BoltStatus.SERVER_THREADPOOL_BUSY);
  const [p] = await sofaDecode(out);
  assert.equal(p!.packetType, "response");
  assert.ok(p!.data!.error instanceof Error);
});

test("sofa-bolt-node v1 and v2+CRC frames decode with ours, streamed byte by byte", () => {
  const req = {
    serverSignature: SERVICE,
    methodName: "echo",
    args: [{ $class: "java.lang.String", $: "hi" }],
    timeout: 1234,
    requestProps: { service: SERVICE },
  };
  const frames = [
    sofaProtocol.requestEncode(11, req, V1),
    sofaProtocol.requestEncode(12, req, V2),
    sofaProtocol.responseEncode(11, { appResponse: "hi" }, V1),
    sofaProtocol.responseEncode(12, { isError: true, errorMsg: "boom" }, V2),
    sofaProtocol.heartbeatEncode(13, {}, V1),
    sofaProtocol.heartbeatAckEncode(13, V2),
  ].map((b) => Uint8Array.from(b));
  const dec = createBoltDecoder();
  const got: BoltDecoded[] = [];
  for (const f of frames) for (const byte of f) for (const d of dec.push(Uint8Array.of(byte))) got.push(d);
  assert.equal(got.length, 6);
  const [q1, q2, s1, s2, hb, ack] = got.map((d) => d.frame);
  assert.equal(q1!.requestId, 11);
  assert.equal(q1!.timeout, 1234);
  assert.equal(q1!.className, REQUEST_CLASS);
  assert.equal(q1!.headers.get("service"), SERVICE);
  assert.equal(q2!.protocol, 2);
  assert.equal(q2!.ver1, 2);
  assert.equal(q2!.switchFlags, 1);
  assert.equal(s1!.status, 0);
  assert.equal(s2!.status, BoltStatus.SERVER_EXCEPTION);
  assert.equal(hb!.cmdCode, 0);
  assert.equal(ack!.type, 0);
  assert.equal(ack!.protocol, 2);
  for (let i = 0; i < frames.length; i++) assert.deepEqual(got[i]!.raw, frames[i]);
});
