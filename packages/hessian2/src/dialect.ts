// The two Hessian 2.0 dialects and the reader's dialect state.

/**
 * `"2.0"`: Hessian 2.0 as Caucho 4.0.x and Dubbo write it (`C` definitions, `0x60+n` instances, `Q` refs,
 * `J`/`K` dates, `H` maps). `"draft"`: the 2.0 draft SOFA writes by default (`O` definitions, `o`
 * instances, `V t… n… z` lists, `M … z` maps, `J`/`K`/`R` refs, `d` dates).
 */
export type Dialect = "2.0" | "draft"

/** Reader state: a stream starts undecided (auto) until a byte code settles its dialect. */
export const UNDECIDED = 0
export const FINAL = 1
export const DRAFT = 2
export type DialectMode = typeof UNDECIDED | typeof FINAL | typeof DRAFT

export const dialectName = (mode: number): Dialect | "auto" =>
  mode === FINAL ? "2.0" : mode === DRAFT ? "draft" : "auto"
