// Tests: cross-check with dubbo-remoting (CommonJS peer): our frames through its decoder and vice versa.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { test } from "node:test";
import { decodeFrame } from "./decode-frame.ts";
import { createDubboDecoder } from "./decoder.ts";
import { encodeRequest, encodeResponse } from "./encoder.ts";
import { buildErrorResponse } from "./error-response.ts";
import { encodeHeartbeat, encodeHeartbeatReply, isHeartbeat } from "./heartbeat.ts";
import { DubboStatus } from "./status.ts";
import type { DubboFrame } from "./types.ts";
import { vector } from "./vectors.fixture.ts";

const require = createRequire(import.meta.url);
const remoting = require("dubbo-remoting") as { decoder(o?: object): PeerDecoder };
const peer = require("dubbo-remoting/lib/protocol") as PeerProtocol;

interface PeerPacket {
  packetId: number;
  packetType: string;
  data: { methodName?: string; args?: unknown[]; appResponse?: unknown; error?: { message?: string } | null } | null;
}
interface PeerDecoder {
  on(ev: string, f: (p: PeerPacket) => void): void;
  write(b: Uint8Array, cb: (e?: Error | null) => void): void;
}
interface PeerProtocol {
  requestEncode(id: number, data: object, o: object): Uint8Array;
  responseEncode(id: number, data: object, o: object): Uint8Array;
  heartbeatEncode(id: number, hb: object, o: object): Uint8Array;
  heartbeatAckEncode(id: number, o: object): Uint8Array;
}

async function peerDecode(bytes: Uint8Array): Promise<PeerPacket[]> {
  const dec = remoting.decoder({});
  const out: PeerPacket[] = [];
  for (const ev of ["request", "response", "heartbeat", "heartbeat_ack"]) dec.on(ev, (p) => out.push(p));
  await new Promise<void>((resolve, reject) => dec.write(Buffer.from(bytes), (e) => (e ? reject(e) : resolve())));
  return out;
}

test("our frames decode in dubbo-remoting", async () => {
  const req = decodeFrame(vector("DUBBO dubbo2.js req"));
  const res = decodeFrame(vector("DUBBO res"));
  const stream = Buffer.concat([
    encodeRequest({ requestId: 2 ** 33 + 1, body: req.body }),
    encodeResponse({ requestId: 77, body: res.body }),
    buildErrorResponse(78, DubboStatus.SERVICE_NOT_FOUND, "no such service \u00e9"),
    encodeHeartbeat(79),
    encodeHeartbeatReply(79),
  ]);
  const got = await peerDecode(stream);
  assert.deepEqual(
    got.map((p) => [p.packetType, p.packetId]),
    [["request", 2 ** 33 + 1], ["response", 77], ["response", 78], ["heartbeat", 79], ["heartbeat_ack", 79]],
  );
  assert.equal(got[0]!.data!.methodName, "echo");
  assert.deepEqual(got[0]!.data!.args, ["hello"]);
  assert.equal(got[1]!.data!.appResponse, "hello");
  assert.ok(got[2]!.data!.error);
});

test("dubbo-remoting frames decode with ours, streamed byte by byte", () => {
  const frames = [
    peer.requestEncode(9, { serverSignature: "com.example.EchoService:1.0", methodName: "echo", args: ["hi"], requestProps: {} }, {}),
    peer.responseEncode(9, { appResponse: "hi" }, {}),
    peer.responseEncode(9, { isError: true, errorMsg: "boom" }, {}),
    peer.heartbeatEncode(10, {}, {}),
    peer.heartbeatAckEncode(10, {}),
  ].map((b) => Uint8Array.from(b));
  const dec = createDubboDecoder();
  const got: DubboFrame[] = [];
  for (const f of frames) for (const byte of f) for (const d of dec.push(Uint8Array.of(byte))) got.push(d.frame);
  assert.deepEqual(
    got.map((f) => [f.flag, f.status, f.requestId]),
    [[0xc2, 0, 9], [0x02, 20, 9], [0x02, 80, 9], [0xe2, 0, 10], [0x22, 20, 10]],
  );
  assert.ok(isHeartbeat(got[3]!) && isHeartbeat(got[4]!));
  assert.ok(!isHeartbeat(got[0]!));
});
