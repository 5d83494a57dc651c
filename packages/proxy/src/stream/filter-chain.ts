// The stream filters of one listener, split by stage in config order (what MOSN's CreateFilterChain registers).
import type { StreamFilter, StreamFilterHandler } from "./filter.ts"

export const S_BEFORE_ROUTE = 0
export const S_AFTER_ROUTE = 1
export const S_AFTER_CHOOSE_HOST = 2
export const S_BEFORE_SEND = 3

export type StageFn = NonNullable<StreamFilter["beforeRoute"]>
export type DestroyFn = NonNullable<StreamFilter["onDestroy"]>

export class StreamFilterChain {
  /** Per stage (S_*), the stage functions of the filters that run there, in config order. */
  readonly stages: ReadonlyArray<ReadonlyArray<StageFn>>
  /** The filters' `onDestroy`, in config order (empty: nothing to call when a request ends). */
  readonly destroy: ReadonlyArray<DestroyFn>
  /** Where misuse is reported (a Retry status at the wrong stage). */
  readonly log: (message: string) => void
  readonly size: number
  /** The filters, in config order. */
  readonly filters: ReadonlyArray<StreamFilter>

  constructor(filters: ReadonlyArray<StreamFilter>, log: (message: string) => void = (m) => console.warn(m)) {
    this.filters = filters
    const pick = (f: (x: StreamFilter) => StageFn | undefined): Array<StageFn> =>
      filters.flatMap((x) => {
        const fn = f(x)
        return fn === undefined ? [] : [fn.bind(x) as StageFn]
      })
    this.stages = [
      pick((x) => x.beforeRoute),
      pick((x) => x.afterRoute),
      pick((x) => x.afterChooseHost),
      pick((x) => x.beforeSend)
    ]
    this.destroy = filters.flatMap((x) => (x.onDestroy === undefined ? [] : [x.onDestroy.bind(x) as DestroyFn]))
    this.size = filters.length
    this.log = log
  }

  /** This chain with `first` in front (e.g. a listener pipeline's per-connection `on_message`). */
  static withFirst(first: StreamFilter, chain: StreamFilterChain | undefined, log?: (message: string) => void): StreamFilterChain {
    return new StreamFilterChain(chain === undefined ? [first] : [first, ...chain.filters], chain?.log ?? log)
  }

  /** A request is over: every filter's onDestroy, once; one that throws is logged. */
  destroyed(stream: StreamFilterHandler): void {
    const list = this.destroy
    for (let i = 0; i < list.length; i++) {
      try {
        list[i]!(stream)
      } catch (e) {
        this.log(`stream filter: onDestroy: ${e instanceof Error ? e.message : String(e)}`)
      }
    }
  }
}
