// Prometheus text exposition format 0.0.4: HELP, TYPE and one line per series (histograms: cumulative buckets, sum, count).
import type { Family } from "./family.ts"
import type { CounterSeries, GaugeSeries, HistogramSeries, Series } from "./series.ts"

/** The Content-Type of the text format. */
export const CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

/** A sample value: integers as they are, +Inf / -Inf / NaN by name. */
export const formatValue = (v: number): string =>
  Number.isNaN(v) ? "NaN" : v === Infinity ? "+Inf" : v === -Infinity ? "-Inf" : String(v)

const escapeHelp = (h: string): string => h.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")

const braces = (labelText: string): string => (labelText === "" ? "" : `{${labelText}}`)

const withLe = (labelText: string, le: string): string => `{${labelText === "" ? "" : `${labelText},`}le="${le}"}`

/** The families in the text format (families with no series are left out). */
export const expose = (families: Iterable<Family<Series>>): string => {
  const out: Array<string> = []
  for (const f of families) {
    if (f.series.length === 0) continue
    out.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`)
    if (f.type !== "histogram") {
      for (const s of f.series as Array<CounterSeries | GaugeSeries>) out.push(`${f.name}${braces(s.labelText)} ${formatValue(s.value)}`)
      continue
    }
    const les = [...f.bounds!].map(formatValue)
    for (const s of f.series as Array<HistogramSeries>) {
      let cumulative = 0
      for (let i = 0; i < les.length; i++) {
        cumulative += s.counts[i]!
        out.push(`${f.name}_bucket${withLe(s.labelText, les[i]!)} ${cumulative}`)
      }
      out.push(`${f.name}_bucket${withLe(s.labelText, "+Inf")} ${s.count}`)
      out.push(`${f.name}_sum${braces(s.labelText)} ${formatValue(s.sum)}`)
      out.push(`${f.name}_count${braces(s.labelText)} ${s.count}`)
    }
  }
  return out.length === 0 ? "" : out.join("\n") + "\n"
}
