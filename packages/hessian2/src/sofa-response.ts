// SofaResponse bodies as sofa-rpc-node writes them, and the error bodies (RpcServerException) a server may send.
import { HessianError } from "./hessian-error.ts"
import { isJavaValue, unwrapJava } from "./java.ts"
import { HessianReader, type ReaderOptions } from "./reader.ts"
import type { SofaEncodeOptions } from "./sofa-request.ts"
import { HessianWriter } from "./writer.ts"

export const SOFA_RESPONSE_CLASS = "com.alipay.sofa.rpc.core.response.SofaResponse"

export interface SofaResponse {
  readonly isError?: boolean
  readonly errorMsg?: string | null
  readonly appResponse?: unknown
  readonly responseProps?: Record<string, string> | Map<string, string> | null
}

export interface DecodedSofaResponse {
  readonly isError: boolean
  readonly errorMsg: string | null
  /** The result; for an error body that is not a SofaResponse (e.g. RpcServerException), that object. */
  readonly appResponse: unknown
  readonly responseProps: Record<string, unknown> | null
  /** Class of the body's top object (SofaResponse, or the exception class of an error body). */
  readonly className: string | null
}

/** Encodes the Bolt content of a SOFA response (fields isError, errorMsg, appResponse, responseProps). */
export const encodeSofaResponse = (res: SofaResponse, options?: SofaEncodeOptions): Uint8Array =>
  new HessianWriter({ dialect: options?.dialect ?? "draft" })
    .write({
      $class: SOFA_RESPONSE_CLASS,
      $: {
        isError: res.isError === true,
        errorMsg: res.errorMsg ?? null,
        appResponse: res.appResponse ?? null,
        responseProps: res.responseProps ?? null
      }
    })
    .finish()

/** Decodes the Bolt content of a SOFA response (either dialect); `withType` applies to `appResponse`. */
export const decodeSofaResponse = (bytes: Uint8Array, options?: ReaderOptions): DecodedSofaResponse => {
  const r = new HessianReader(bytes, options)
  const head = r.read(true)
  const typed = options?.withType === true
  if (typeof head === "string") {
    return { isError: true, errorMsg: head, appResponse: null, responseProps: null, className: null }
  }
  if (!isJavaValue(head) || head.$ === null || typeof head.$ !== "object") {
    throw new HessianError("UnexpectedType", "content is not a SofaResponse", 0)
  }
  const f = head.$ as Record<string, unknown>
  if (head.$class !== SOFA_RESPONSE_CLASS) {
    const msg = unwrapJava(f.detailMessage)
    return {
      isError: true,
      errorMsg: typeof msg === "string" ? msg : head.$class,
      appResponse: typed ? head : unwrapJava(head),
      responseProps: null,
      className: head.$class
    }
  }
  const errorMsg = f.errorMsg ?? null
  if (errorMsg !== null && typeof errorMsg !== "string") throw new HessianError("UnexpectedType", "SofaResponse.errorMsg is not a string")
  const props = unwrapJava(f.responseProps) ?? null
  return {
    isError: f.isError === true,
    errorMsg,
    appResponse: typed ? f.appResponse : unwrapJava(f.appResponse),
    responseProps: props as Record<string, unknown> | null,
    className: SOFA_RESPONSE_CLASS
  }
}
