// Request and response decoder factories over the shared state machine.
import { Http1Decoder } from "./decoder.ts"
import { type Http1Limits, resolveLimits } from "./limits.ts"
import type { Http1Request, Http1Response } from "./types.ts"

interface DecoderBase {
  /** Parse bytes; calls the callback per complete message; throws Http1Error on bad input. */
  push(chunk: Uint8Array): void
  /** EOF: completes a read-until-close body; throws Http1Error `Truncated` inside a message. */
  end(): void
  /** No byte of a next message has been received (nor held: see `onlyExpected`). */
  readonly idle: boolean
  /** The current message's head is complete and its body is being read. */
  readonly readingBody: boolean
  /** After a non-keep-alive message, `end()` or an error: later bytes are ignored (or rethrow the error). */
  readonly done: boolean
}

export interface RequestDecoder extends DecoderBase {}

export interface ResponseDecoder extends DecoderBase {
  /** Queue the method of the next request written on this connection (HEAD answers have no body). */
  expect(method: string): void
}

export interface RequestDecoderOptions {
  readonly onRequest: (request: Http1Request) => void
  readonly limits?: Partial<Http1Limits> | undefined
  /** A head with `Expect: 100-continue` and a body arrived (reply `100 Continue` to get the body). */
  readonly onContinue?: (() => void) | undefined
}

export interface ResponseDecoderOptions {
  readonly onResponse: (response: Http1Response) => void
  readonly limits?: Partial<Http1Limits> | undefined
  /**
   * Parse only answers to requests announced with `expect`: bytes after them are held unparsed and
   * `idle` stays false, so a connection pool can tell a clean connection from one that sent more than
   * it was asked for (which must not be reused). Off: every byte is parsed as it comes.
   */
  readonly onlyExpected?: boolean | undefined
}

export const createRequestDecoder = (options: RequestDecoderOptions): RequestDecoder =>
  new Http1Decoder(false, options.onRequest as (m: unknown) => void, resolveLimits(options.limits), options.onContinue)

export const createResponseDecoder = (options: ResponseDecoderOptions): ResponseDecoder =>
  new Http1Decoder(true, options.onResponse as (m: unknown) => void, resolveLimits(options.limits), undefined, options.onlyExpected === true)
