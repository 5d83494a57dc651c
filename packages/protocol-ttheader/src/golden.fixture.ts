// Golden bytes for tests: TTHeader frames built by hand from protocols.md section 3.1, and captured Thrift/THeader vectors.

export const hex = (s: string): Uint8Array => {
  const t = s.replace(/[\s|]/g, "")
  const out = new Uint8Array(t.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(t.slice(2 * i, 2 * i + 2), 16)
  return out
}
export const toHex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("")

// --- Captured from real peers (/work/shared/vectors/thrift.txt), `echo("hello")`, seqid 1 unless stated ---

/** TBufferedTransport + TBinaryProtocol request (29 bytes). */
export const BUFFERED_ECHO_REQ = "80010001 00000004 6563686f 00000001 0b0001 00000005 68656c6c6f 00"
/** TFramedTransport + TBinaryProtocol request / response (33 bytes). */
export const FRAMED_ECHO_REQ = "0000001d 80010001 00000004 6563686f 00000001 0b0001 00000005 68656c6c6f 00"
export const FRAMED_ECHO_RES = "0000001d 80010002 00000004 6563686f 00000001 0b0000 00000005 68656c6c6f 00"
/** Declared exception EchoError{1:7, 2:"boom!"} (44 bytes). */
export const FRAMED_ECHO_EXC = "00000028 80010002 00000004 6563686f 00000003 0c0001 080001 00000007 0b0002 00000005 626f6f6d21 00 00"
/** Framed + compact request / response (20 / 21 bytes). */
export const FRAMED_COMPACT_REQ = "00000010 82 21 01 04 6563686f 18 05 68656c6c6f 00"
export const FRAMED_COMPACT_RES = "00000011 82 41 01 04 6563686f 08 00 05 68656c6c6f 00"

/** Apache THeader vectors: LENGTH | 0fff | flags | seqid | header words | varint header | payload. */
export const THEADER = {
  /** Python client, header x-trace=py, payload seqid 0 (59 bytes). */
  pyReq: "00000037 0fff 0000 00000000 0004 00 00 01 01 07 782d7472616365 02 7079 00" +
    "80010001 00000004 6563686f 00000000 0b0001 00000005 68656c6c6f 00",
  /** Node buffered server reply without headers: 1 word = 00 00 + 2 padding (47 bytes). */
  nodeRes: "0000002b 0fff 0000 00000000 0001 00 00 0000" +
    "80010002 00000004 6563686f 00000000 0b0000 00000005 68656c6c6f 00",
  /** Node patched client, x-trace=abc (59 bytes). */
  nodeReq: "00000037 0fff 0000 00000000 0004 00 00 01 01 07 782d7472616365 03 616263" +
    "80010001 00000004 6563686f 00000001 0b0001 00000005 68656c6c6f 00",
  /** Node server reply with srv=pong (59 bytes). */
  nodeResPong: "00000037 0fff 0000 00000000 0004 00 00 01 01 03 737276 04 706f6e67 000000" +
    "80010002 00000004 6563686f 00000001 0b0000 00000005 68656c6c6f 00",
  /** Compact subprotocol (protocol id 02), x-trace=abc (46 bytes). */
  compactReq: "0000002a 0fff 0000 00000000 0004 02 00 01 01 07 782d7472616365 03 616263" +
    "82 21 01 04 6563686f 18 05 68656c6c6f 00",
  /** NON-STANDARD: Node TFramedTransport + THeaderProtocol puts a second length in front (63 bytes). */
  doubleLength: "0000003b 00000037 0fff 0000 00000000 0004 00 00 01 01 07 782d7472616365 03 616263" +
    "80010001 00000004 6563686f 00000001 0b0001 00000005 68656c6c6f 00"
} as const

// --- Kitex TTHeader, built from the layout (no Kitex peer is available; see protocols.md 3.1) ---
// Each: LENGTH | 1000 | FLAGS | SEQID | HEADER SIZE (words) | protocol id | #transforms | infos | padding | payload

/** The smallest valid frame (3.1): 1 header word = protocol id 00, 0 transforms, 2 padding bytes; unframed payload. */
export const TT_SMALLEST = "0000002b 1000 0000 00000001 0001 | 00 00 0000 |" + BUFFERED_ECHO_REQ

/** TTHeaderFramed: the payload is a framed Thrift message (length included). */
export const TT_FRAMED_PAYLOAD = "0000002f 1000 0000 00000001 0001 | 00 00 0000 |" + FRAMED_ECHO_REQ

/**
 * Kitex writes ACL token, then KEYVALUE, then INTKEYVALUE, then padding. Header 58 bytes + 2 padding = 15 words.
 * token "t"; str {isn: "Echo"}; int {3 FromService: "client", 6 ToService: "echo.svc", 9 ToMethod: "echo", 22 MsgType: "1"}.
 */
export const TT_INFOS = "00000063 1000 0000 00000001 000f | 00 00 |" +
  " 11 0001 74 |" +
  " 01 0001 0003 69736e 0004 4563686f |" +
  " 10 0004 0003 0006 636c69656e74 0006 0008 6563686f2e737663 0009 0004 6563686f 0016 0001 31 |" +
  " 0000 |" + BUFFERED_ECHO_REQ

/** Streaming: FLAGS 0x0002, protocol id 0x10 (ThriftStruct), int {27 FrameType: "1"} (meta), seqid 5, no payload. */
export const TT_STREAMING = "00000016 1000 0002 00000005 0003 | 10 00 | 10 0001 001b 0001 31 | 0000"

/**
 * Kitex protobuf payload (protocol id 00, as Kitex sends): framed length 0x17 | 9001 0001 | name "echo" | seqid 1 | pb.
 * The pb message layout after the magic is from Kitex's protobuf codec, not from protocols.md.
 */
export const TT_KITEX_PB = "00000029 1000 0000 00000001 0001 | 00 00 0000 |" +
  " 00000017 90010001 00000004 6563686f 00000001 0a0568656c6c6f"

export interface Golden {
  readonly name: string
  readonly hex: string
}

export const ttGoldens: ReadonlyArray<Golden> = [
  { name: "smallest", hex: TT_SMALLEST },
  { name: "framed payload", hex: TT_FRAMED_PAYLOAD },
  { name: "infos", hex: TT_INFOS },
  { name: "streaming", hex: TT_STREAMING },
  { name: "kitex protobuf", hex: TT_KITEX_PB }
]
