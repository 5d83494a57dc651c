// The ingress plugin's config (Layotto's `grpc` filter plus Mosaic's listener fields), defaults in the schema.
import { Effect, Schema } from "effect"
import { durationOr } from "@mosaic/kernel"

const withDefault = <S extends Schema.Top>(schema: S, value: S["Encoded"]) =>
  schema.pipe(Schema.withDecodingDefault(Effect.succeed(value)))

export interface HostPort {
  readonly host: string
  readonly port: number
}

/** "127.0.0.1:34904", "0.0.0.0:0", "[::1]:34904", "localhost:80"; undefined when malformed. */
export const parseAddress = (text: string): HostPort | undefined => {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^\s:[\]]+)):(\d{1,5})$/.exec(text.trim())
  if (m === null) return undefined
  const port = Number(m[3])
  if (port > 65535) return undefined
  return { host: m[1] ?? m[2]!, port }
}

const Address = Schema.String.check(Schema.makeFilter((a: string) =>
  parseAddress(a) !== undefined || `an address "host:port" (port 0 picks a free port)`
))
const NonNegativeInt = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))
const PositiveInt = Schema.Int.check(Schema.isGreaterThanOrEqualTo(1))

export const IngressConfig = Schema.Struct({
  /** One port for gRPC, gRPC-Web and Connect over h2c and HTTP/1.1 (Layotto's listener "grpc"). */
  address: withDefault(Address, "127.0.0.1:34904"),
  /**
   * Serve HTTP/1.1 on its own port instead of sniffing it on `address` (then `address` is h2c only).
   * Not needed on Node, Bun or Deno (all three pass the one-port tests); kept as an escape hatch.
   */
  http1_address: Schema.optionalKey(Address),
  /** Layotto's MOSN server name; reported on the plugin's value. */
  server_name: withDefault(Schema.String, "runtime"),
  /** Largest request message accepted (gRPC's default receive limit is 4 MiB). */
  max_body_bytes: withDefault(PositiveInt, 4 * 1024 * 1024),
  /** After stop: connections still open this long are destroyed. */
  drain_timeout_ms: withDefault(NonNegativeInt, 5_000),
  /** A connection that sends nothing (or only part of the HTTP/2 preface) for this long is closed. */
  first_bytes_timeout_ms: withDefault(PositiveInt, 10_000),
  /**
   * Listener limits, named as the proxy's listeners (MOSN). Durations are Go strings ("90s") or ms; 0 turns
   * one off. `connection_idle_timeout`: an HTTP/1.1 connection with no request in progress, or an h2
   * connection with no open stream, is closed after this long (h2: GOAWAY first).
   */
  connection_idle_timeout: durationOr("90s"),
  /**
   * An HTTP/1.1 request head must be complete within this of accept (first request) or of its first byte
   * (later requests; checked every `header_read_timeout`, so within twice this); else 408 and close. An h2
   * connection must open its first stream within this of accept.
   */
  header_read_timeout: durationOr("10s"),
  /** A request body must be complete within this of its head: else the HTTP/1.1 connection is closed, the h2 stream reset. */
  request_body_timeout: durationOr("60s"),
  /** Connections open at once (any protocol); more are closed at accept. 0 = unlimited. */
  max_connections: withDefault(NonNegativeInt, 0),
  /**
   * Gracefully close (GOAWAY) an HTTP/2 connection after this many streams; clients reconnect.
   * 0 = unlimited. Absent: unlimited on Node and Bun, 32 on Deno (works around denoland/deno#36788,
   * see README).
   */
  max_streams_per_connection: Schema.optionalKey(NonNegativeInt),
  /**
   * SayHello instances: service_name -> greeting (Layotto's `hellos` components of type helloworld).
   * Empty: any service_name answers "greeting".
   */
  hellos: withDefault(Schema.Record(Schema.String, Schema.String), {}),
  /**
   * Type the InvokeService payload Anys for binary gRPC clients too, as JSON clients always get them: the
   * answer is a StringValue (valid UTF-8) or BytesValue, and a request StringValue/BytesValue is unwrapped.
   * Off (Layotto's wire): the answer is `Any{type_url: "", value: data}` and request `Any.value` goes as it
   * is. Turn it on for tools that print answers (buf curl, grpcurl); Layotto SDKs read `data.value` raw.
   */
  typed_any: withDefault(Schema.Boolean, false)
})
export type IngressConfig = typeof IngressConfig.Type
