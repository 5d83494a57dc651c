// The stream filters of one listener, split by stage in config order (what MOSN's CreateFilterChain registers).
import type { StreamFilter } from "./filter.ts"

export const S_BEFORE_ROUTE = 0
export const S_AFTER_ROUTE = 1
export const S_AFTER_CHOOSE_HOST = 2
export const S_BEFORE_SEND = 3

export type StageFn = NonNullable<StreamFilter["beforeRoute"]>

export class StreamFilterChain {
  /** Per stage (S_*), the stage functions of the filters that run there, in config order. */
  readonly stages: ReadonlyArray<ReadonlyArray<StageFn>>
  /** Where misuse is reported (a Retry status at the wrong stage). */
  readonly log: (message: string) => void
  readonly size: number

  constructor(filters: ReadonlyArray<StreamFilter>, log: (message: string) => void = (m) => console.warn(m)) {
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
    this.size = filters.length
    this.log = log
  }
}
