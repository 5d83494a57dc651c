// gRPC's `grpc-timeout`: at most 8 ASCII digits and a unit (H hours, M minutes, S seconds, m ms, u µs, n ns).

const pattern = /^(\d{1,8})([HMSmun])$/
const unitMs: Readonly<Record<string, number>> = { H: 3_600_000, M: 60_000, S: 1000, m: 1, u: 0.001, n: 0.000001 }

/** The timeout in whole ms (sub-ms rounded up, so a tiny timeout stays non-zero), or undefined when malformed or zero. */
export const parseGrpcTimeout = (raw: string | null | undefined): number | undefined => {
  if (raw === undefined || raw === null) return undefined
  const m = pattern.exec(raw.trim())
  if (m === null) return undefined
  const ms = Math.ceil(Number(m[1]) * unitMs[m[2]!]!)
  return ms > 0 ? ms : undefined
}

/** `ms` (at least 1) in the finest unit that fits 8 digits: ms, then S, M, H (rounded up; capped at 99999999H). */
export const formatGrpcTimeout = (ms: number): string => {
  const v = Math.max(1, Math.ceil(ms))
  if (v <= 99_999_999) return `${v}m`
  for (const unit of ["S", "M", "H"] as const) {
    const n = Math.ceil(v / unitMs[unit]!)
    if (n <= 99_999_999) return `${n}${unit}`
  }
  return "99999999H"
}
