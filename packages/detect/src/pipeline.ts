// Kitex's TransPipeline: connection-level inbound/outbound handler lists in front of a net handler.
import type { Connection } from "@mosaic/transport"

/** Connection-level filter stages (DESIGN.md): the names configs use. */
export const PipelineStage = ["on_active", "on_read", "on_message", "on_write", "on_inactive"] as const
export type PipelineStage = (typeof PipelineStage)[number]

export interface PipelineContext {
  readonly connection: Connection
}

/** A handler returns an Error to abort the stage (Kitex returns `(ctx, error)`); nothing to continue. */
export type StageResult = Error | undefined | void

export interface InboundHandler<C extends PipelineContext = PipelineContext, M = unknown> {
  onActive?(ctx: C): StageResult
  /** Runs for every inbound handler; errors are ignored. */
  onInactive?(ctx: C): StageResult
  /** Raw bytes, before decoding. */
  onRead?(ctx: C, bytes: Uint8Array): StageResult
  /** A decoded message. */
  onMessage?(ctx: C, message: M): StageResult
}

export interface OutboundHandler<C extends PipelineContext = PipelineContext, M = unknown> {
  write?(ctx: C, message: M): StageResult
}

/** The protocol's own server handler, called after the bound handlers. */
/** `W`: what outbound handlers see (the bytes written, on a proxy listener); `M` by default. */
export type NetHandler<C extends PipelineContext = PipelineContext, M = unknown, W = M> = InboundHandler<C, M> & OutboundHandler<C, W>

export interface PipelineOptions<C extends PipelineContext, M, W = M> {
  readonly inbound?: ReadonlyArray<InboundHandler<C, M>>
  readonly outbound?: ReadonlyArray<OutboundHandler<C, W>>
  readonly net: NetHandler<C, M, W>
  /** Kitex skips the net handler's OnMessage when the result is an exception. */
  readonly isException?: (message: M) => boolean
}

export interface Pipeline<C extends PipelineContext = PipelineContext, M = unknown, W = M> {
  onActive(ctx: C): Error | undefined
  onRead(ctx: C, bytes: Uint8Array): Error | undefined
  onMessage(ctx: C, message: M): Error | undefined
  write(ctx: C, message: W): Error | undefined
  onInactive(ctx: C): void
  addInbound(h: InboundHandler<C, M>): void
  addOutbound(h: OutboundHandler<C, W>): void
  /** Put a handler at the head of the inbound list (Kitex puts the meta handler first). */
  prependInbound(h: InboundHandler<C, M>): void
}

const err = (r: StageResult): Error | undefined => (r instanceof Error ? r : undefined)

/**
 * Semantics (protocols.md section 3.5): onActive/onRead/onMessage/write run the handlers in order and the
 * first error aborts (the net handler is not called); onInactive runs every inbound handler, then the net
 * handler; onMessage skips the net handler for exception messages.
 */
export const createPipeline = <C extends PipelineContext, M = unknown, W = M>(options: PipelineOptions<C, M, W>): Pipeline<C, M, W> => {
  const inbound = [...(options.inbound ?? [])]
  const outbound = [...(options.outbound ?? [])]
  const net = options.net
  return {
    onActive(ctx) {
      for (const h of inbound) {
        const e = err(h.onActive?.(ctx))
        if (e !== undefined) return e
      }
      return err(net.onActive?.(ctx))
    },
    onRead(ctx, bytes) {
      for (const h of inbound) {
        const e = err(h.onRead?.(ctx, bytes))
        if (e !== undefined) return e
      }
      return err(net.onRead?.(ctx, bytes))
    },
    onMessage(ctx, message) {
      for (const h of inbound) {
        const e = err(h.onMessage?.(ctx, message))
        if (e !== undefined) return e
      }
      if (options.isException?.(message) === true) return undefined
      return err(net.onMessage?.(ctx, message))
    },
    write(ctx, message) {
      for (const h of outbound) {
        const e = err(h.write?.(ctx, message))
        if (e !== undefined) return e
      }
      return err(net.write?.(ctx, message))
    },
    onInactive(ctx) {
      for (const h of inbound) h.onInactive?.(ctx)
      net.onInactive?.(ctx)
    },
    addInbound: (h) => void inbound.push(h),
    addOutbound: (h) => void outbound.push(h),
    prependInbound: (h) => void inbound.unshift(h)
  }
}

/**
 * Runs a pipeline on a connection: onActive now (an error ends the connection), onRead per chunk (an error
 * ends it, as Kitex closes on a failed read), onInactive once when it closes. The net handler's onRead
 * decodes and calls `pipeline.onMessage` itself.
 */
export const attachPipeline = <C extends PipelineContext, M>(pipeline: Pipeline<C, M>, ctx: C): void => {
  const conn = ctx.connection
  let inactive = false
  const close = () => {
    if (inactive) return
    inactive = true
    pipeline.onInactive(ctx)
  }
  if (pipeline.onActive(ctx) !== undefined) {
    conn.end()
    close()
    return
  }
  conn.setHandler({
    onData(chunk) {
      if (inactive) return
      if (pipeline.onRead(ctx, chunk) !== undefined) {
        conn.end()
        close()
      }
    },
    onClose: close
  })
}
