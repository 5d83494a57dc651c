// The HTTP/1 message model: decoded requests/responses and the heads the encoders take.

/** A decoded request. `headers` is flat: [name0, value0, name1, value1, ...] with raw names in order. */
export interface Http1Request {
  readonly method: string
  readonly target: string
  /** 1 for HTTP/1.1, 0 for HTTP/1.0. */
  readonly versionMinor: number
  readonly headers: Array<string>
  /** The whole (de-chunked) body; a shared empty array when there is none. */
  readonly body: Uint8Array
  /** The connection stays open after this message. */
  readonly keepAlive: boolean
  /** Content-Length, -1 when absent. */
  readonly contentLength: number
  readonly chunked: boolean
  readonly expectContinue: boolean
}

/** A decoded response. */
export interface Http1Response {
  readonly status: number
  readonly reason: string
  readonly versionMinor: number
  readonly headers: Array<string>
  readonly body: Uint8Array
  readonly keepAlive: boolean
  readonly contentLength: number
  readonly chunked: boolean
}

/** What `encodeRequest` takes; an `Http1Request` fits. */
export interface RequestHead {
  readonly method: string
  readonly target: string
  readonly headers?: ReadonlyArray<string> | undefined
  readonly body?: Uint8Array | undefined
  readonly versionMinor?: number | undefined
}

/** What `encodeResponse` takes; an `Http1Response` fits. */
export interface ResponseHead {
  readonly status: number
  readonly reason?: string | undefined
  readonly headers?: ReadonlyArray<string> | undefined
  readonly body?: Uint8Array | undefined
  readonly versionMinor?: number | undefined
}
