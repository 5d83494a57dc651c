// A Thrift `Echo` service (client, processor, structs) for the `thrift` npm package, plus real thrift servers and clients on 127.0.0.1.
//
// This file stands in for generated code: thrift-compiler (`--gen js:node,es6`) is not available here, so the
// client and processor below are hand-written in the shape the `thrift` library (0.24, lib/nodejs/lib/thrift:
// connection.js, server.js, create_client.js) expects of generated code, for this IDL:
//
//   service Echo {
//     string echo(1: string msg)
//     i32 add(1: i32 a, 2: i32 b)
//   }
//
// One deliberate difference from the compiler's output: the client flushes through the *protocol*
// (`output.flush()`), not the transport, so that THeaderProtocol writes its header (the generated client
// calls `this.output.flush()` and sends no THeader at all).
import { createRequire } from "node:module"
import type * as net from "node:net"

/** The thrift library is untyped JavaScript: its protocol and transport objects stay `any` here. */
type Protocol = any
type Transport = any

interface ThriftLib {
  Thrift: {
    Type: { STOP: number; STRING: number; I32: number; STRUCT: number }
    MessageType: { CALL: number; REPLY: number; EXCEPTION: number }
    TApplicationException: new (type?: number, message?: string) => Error & { type: number; read(p: Protocol): void }
    TApplicationExceptionType: { UNKNOWN_METHOD: number; INTERNAL_ERROR: number; MISSING_RESULT: number }
  }
  TBinaryProtocol: new (t: Transport) => Protocol
  THeaderProtocol: new (t: Transport) => Protocol
  TFramedTransport: new (buf?: unknown, onFlush?: (b: Uint8Array) => void) => Transport
  TBufferedTransport: new (buf?: unknown, onFlush?: (b: Uint8Array) => void) => Transport
  createConnection(host: string, port: number, options: object): ThriftConnection
  createClient<C>(service: { Client: new (output: Transport, pClass: new (t: Transport) => Protocol) => C }, connection: ThriftConnection): C
  createServer(service: { Processor: new (handler: EchoHandler) => unknown }, handler: EchoHandler, options: object): net.Server
}

export interface ThriftConnection {
  readonly connected: boolean
  on(event: string, f: (...a: Array<any>) => void): void
  once(event: string, f: (...a: Array<any>) => void): void
  end(): void
  destroy(): void
}

export const thrift = createRequire(import.meta.url)("thrift") as ThriftLib
const { Type, MessageType, TApplicationException, TApplicationExceptionType } = thrift.Thrift

/** The service implementation a processor calls (may be async). */
export interface EchoHandler {
  echo(msg: string): string | Promise<string>
  add(a: number, b: number): number | Promise<number>
}

/** Reads a struct whose fields are read by `field(id, type)` (returns false to skip an unknown field). */
const readStruct = (input: Protocol, field: (id: number, type: number) => boolean): void => {
  input.readStructBegin()
  for (;;) {
    const f = input.readFieldBegin()
    if (f.ftype === Type.STOP) break
    if (!field(f.fid, f.ftype)) input.skip(f.ftype)
    input.readFieldEnd()
  }
  input.readStructEnd()
}

const writeField = (output: Protocol, name: string, type: number, id: number, write: () => void): void => {
  output.writeFieldBegin(name, type, id)
  write()
  output.writeFieldEnd()
}

class EchoArgs {
  msg: string | null = null
  read(input: Protocol): void {
    readStruct(input, (id, type) => id === 1 && type === Type.STRING && ((this.msg = input.readString()), true))
  }
  write(output: Protocol): void {
    output.writeStructBegin("Echo_echo_args")
    const msg = this.msg
    if (msg !== null) writeField(output, "msg", Type.STRING, 1, () => output.writeString(msg))
    output.writeFieldStop()
    output.writeStructEnd()
  }
}

class EchoResult {
  success: string | null = null
  read(input: Protocol): void {
    readStruct(input, (id, type) => id === 0 && type === Type.STRING && ((this.success = input.readString()), true))
  }
  write(output: Protocol): void {
    output.writeStructBegin("Echo_echo_result")
    const v = this.success
    if (v !== null) writeField(output, "success", Type.STRING, 0, () => output.writeString(v))
    output.writeFieldStop()
    output.writeStructEnd()
  }
}

class AddArgs {
  a: number | null = null
  b: number | null = null
  read(input: Protocol): void {
    readStruct(input, (id, type) => {
      if (type !== Type.I32) return false
      if (id === 1) this.a = input.readI32()
      else if (id === 2) this.b = input.readI32()
      else return false
      return true
    })
  }
  write(output: Protocol): void {
    output.writeStructBegin("Echo_add_args")
    const { a, b } = this
    if (a !== null) writeField(output, "a", Type.I32, 1, () => output.writeI32(a))
    if (b !== null) writeField(output, "b", Type.I32, 2, () => output.writeI32(b))
    output.writeFieldStop()
    output.writeStructEnd()
  }
}

class AddResult {
  success: number | null = null
  read(input: Protocol): void {
    readStruct(input, (id, type) => id === 0 && type === Type.I32 && ((this.success = input.readI32()), true))
  }
  write(output: Protocol): void {
    output.writeStructBegin("Echo_add_result")
    const v = this.success
    if (v !== null) writeField(output, "success", Type.I32, 0, () => output.writeI32(v))
    output.writeFieldStop()
    output.writeStructEnd()
  }
}

type Callback = (err: unknown, result?: unknown) => void

/** The service client (generated `EchoClient`): `connection.js` calls `recv_<name>(input, mtype, rseqid)` on each reply. */
export class EchoClient {
  /** The transport (create_client.js passes `new connection.transport(undefined, write)`). */
  readonly output: Transport
  readonly pClass: new (t: Transport) => Protocol
  _seqid = 0
  /** Pending calls by seqid (connection.js reads and writes this map). */
  readonly _reqs: Record<number, Callback> = {}

  constructor(output: Transport, pClass: new (t: Transport) => Protocol) {
    this.output = output
    this.pClass = pClass
  }

  seqid(): number {
    return this._seqid
  }
  new_seqid(): number {
    return (this._seqid += 1)
  }

  echo(msg: string): Promise<string> {
    return this.call("echo", () => Object.assign(new EchoArgs(), { msg })) as Promise<string>
  }
  add(a: number, b: number): Promise<number> {
    return this.call("add", () => Object.assign(new AddArgs(), { a, b })) as Promise<number>
  }

  private call(name: string, args: () => { write(o: Protocol): void }): Promise<unknown> {
    this._seqid = this.new_seqid()
    const seqid = this.seqid()
    return new Promise((resolve, reject) => {
      this._reqs[seqid] = (err, result) => (err ? reject(err) : resolve(result))
      const output = new this.pClass(this.output)
      output.writeMessageBegin(name, MessageType.CALL, seqid)
      args().write(output)
      output.writeMessageEnd()
      output.flush()
    })
  }

  recv_echo(input: Protocol, mtype: number, rseqid: number): void {
    this.recv(input, mtype, rseqid, new EchoResult(), "echo")
  }
  recv_add(input: Protocol, mtype: number, rseqid: number): void {
    this.recv(input, mtype, rseqid, new AddResult(), "add")
  }

  private recv(input: Protocol, mtype: number, rseqid: number, result: { success: unknown; read(p: Protocol): void }, name: string): void {
    const callback = this._reqs[rseqid] ?? (() => {})
    delete this._reqs[rseqid]
    if (mtype === MessageType.EXCEPTION) {
      const x = new TApplicationException()
      x.read(input)
      input.readMessageEnd()
      return callback(x)
    }
    result.read(input)
    input.readMessageEnd()
    if (result.success !== null) return callback(null, result.success)
    callback(new TApplicationException(TApplicationExceptionType.MISSING_RESULT, `${name} failed: unknown result`))
  }
}

/** The service processor (generated `EchoProcessor`): server.js calls `process(input, output)` per message. */
export class EchoProcessor {
  readonly _handler: EchoHandler

  constructor(handler: EchoHandler) {
    this._handler = handler
  }

  process(input: Protocol, output: Protocol): void {
    const r = input.readMessageBegin()
    if (r.fname === "echo") return this.process_echo(r.rseqid, input, output)
    if (r.fname === "add") return this.process_add(r.rseqid, input, output)
    input.skip(Type.STRUCT)
    input.readMessageEnd()
    const x = new TApplicationException(TApplicationExceptionType.UNKNOWN_METHOD, `Unknown function ${r.fname}`)
    writeException(output, r.fname, r.rseqid, x.message, TApplicationExceptionType.UNKNOWN_METHOD)
  }

  process_echo(seqid: number, input: Protocol, output: Protocol): void {
    const args = new EchoArgs()
    args.read(input)
    input.readMessageEnd()
    this.answer("echo", seqid, output, this._handler.echo(args.msg ?? ""), (success) => Object.assign(new EchoResult(), { success }))
  }

  process_add(seqid: number, input: Protocol, output: Protocol): void {
    const args = new AddArgs()
    args.read(input)
    input.readMessageEnd()
    this.answer("add", seqid, output, this._handler.add(args.a ?? 0, args.b ?? 0), (success) => Object.assign(new AddResult(), { success }))
  }

  /**
   * Writes the reply when the handler's value is there: at once for a plain value (as the generated code does
   * for a handler that calls back synchronously), later for a promise.
   */
  private answer<A>(name: string, seqid: number, output: Protocol, value: A | Promise<A>, result: (a: A) => { write(o: Protocol): void }): void {
    const reply = (a: A) => {
      output.writeMessageBegin(name, MessageType.REPLY, seqid)
      result(a).write(output)
      output.writeMessageEnd()
      output.flush()
    }
    const fail = (err: unknown) =>
      writeException(output, name, seqid, err instanceof Error ? err.message : String(err), TApplicationExceptionType.INTERNAL_ERROR)
    if (value instanceof Promise) value.then(reply, fail)
    else reply(value)
  }
}

/** A TApplicationException reply (written by hand: the library's `write` puts `code`, not `type`, in field 2). */
const writeException = (output: Protocol, name: string, seqid: number, message: string, type: number): void => {
  output.writeMessageBegin(name, MessageType.EXCEPTION, seqid)
  output.writeStructBegin("TApplicationException")
  writeField(output, "message", Type.STRING, 1, () => output.writeString(message))
  writeField(output, "type", Type.I32, 2, () => output.writeI32(type))
  output.writeFieldStop()
  output.writeStructEnd()
  output.writeMessageEnd()
  output.flush()
}

/** What `createClient` / `createServer` take as the "generated module". */
export const Echo = { Client: EchoClient, Processor: EchoProcessor }

/** The thrift npm transport stacks: framed and buffered binary, and Apache THeader (TBufferedTransport + THeaderProtocol). */
export type ThriftStack = "framed" | "buffered" | "theader"

export const stackOptions = (stack: ThriftStack): { transport: unknown; protocol: unknown } => ({
  transport: stack === "framed" ? thrift.TFramedTransport : thrift.TBufferedTransport,
  protocol: stack === "theader" ? thrift.THeaderProtocol : thrift.TBinaryProtocol
})

/**
 * `thrift.createServer` on 127.0.0.1 port 0: `echo` answers `<tag>:<msg>`, `add` the sum, at once or after
 * `delayMs`. `headers` collects the THeader headers of each call the server read (THeader stack only).
 */
export const startThriftServer = async (stack: ThriftStack, tag: string, delayMs = 0) => {
  const later = <A>(a: A): A | Promise<A> => (delayMs > 0 ? new Promise((r) => setTimeout(() => r(a), delayMs)) : a)
  const handler: EchoHandler = { echo: (msg) => later(`${tag}:${msg}`), add: (a, b) => later(a + b) }
  const headers: Array<Record<string, string>> = []
  class RecordingProcessor extends EchoProcessor {
    override process(input: Protocol, output: Protocol): void {
      super.process(input, output)
      if (stack === "theader") headers.push({ ...input.trans.getReadHeaders() })
    }
  }
  const server = thrift.createServer({ Processor: RecordingProcessor }, handler, stackOptions(stack))
  const sockets = new Set<net.Socket>()
  server.on("connection", (s: net.Socket) => {
    sockets.add(s)
    s.on("close", () => sockets.delete(s))
  })
  server.on("error", () => {})
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()))
  const port = (server.address() as net.AddressInfo).port
  return {
    port,
    headers,
    close: () => new Promise<void>((r) => {
      for (const s of sockets) s.destroy()
      server.close(() => r())
    })
  }
}

/** `thrift.createConnection` + `createClient(Echo, …)` to 127.0.0.1:port; resolves once connected. */
export const connectThriftClient = async (port: number, stack: ThriftStack) => {
  const connection = thrift.createConnection("127.0.0.1", port, { ...stackOptions(stack), connect_timeout: 3000 })
  const errors: Array<unknown> = []
  connection.on("error", (e) => void errors.push(e))
  const client = thrift.createClient(Echo, connection)
  await new Promise<void>((resolve, reject) => {
    connection.once("connect", () => resolve())
    connection.once("close", () => reject(new Error(`thrift client: cannot connect to 127.0.0.1:${port} (${errors.join("; ")})`)))
  })
  return {
    client,
    connection,
    errors,
    /** THeader only: a header written with every later call (the npm transport keeps it). */
    setHeader: (key: string, value: string) => void client.output.setWriteHeader(key, value),
    close: () => connection.destroy()
  }
}
