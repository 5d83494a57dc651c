// Process metrics that hold on Node, Bun and Deno: resident memory (read at scrape) and event-loop delay (a timer's lateness).
import process from "node:process"
import type { MetricsShape } from "@mosaic/kernel"
import { LOOP_DELAY_BUCKETS } from "./buckets.ts"

export interface ProcessMetricsOptions {
  /** How often the event-loop timer fires (ms, default 100): its lateness past this is the delay observed. */
  readonly sampleMs?: number
}

/**
 * Register `process_resident_memory_bytes`, `process_start_time_seconds`, `mosaic_event_loop_delay_seconds`
 * (histogram) and `mosaic_event_loop_delay_max_seconds` (the largest delay since the previous scrape). One
 * unref'd interval measures the delay (monitorEventLoopDelay exists on all three runtimes but does not report
 * comparable values on Bun and Deno). Returns the function that stops it.
 */
export const startProcessMetrics = (metrics: MetricsShape, options: ProcessMetricsOptions = {}): () => void => {
  const sampleMs = options.sampleMs ?? 100
  const rss = metrics.gauge("process_resident_memory_bytes", "Resident memory size in bytes.").labels()
  const start = metrics.gauge("process_start_time_seconds", "Start time of the process since the Unix epoch in seconds.").labels()
  start.set(Math.round(Date.now() / 1000 - performance.now() / 1000))
  const delay = metrics.histogram("mosaic_event_loop_delay_seconds", "How late a timer due every sample interval fired (event-loop delay), seconds.", [], LOOP_DELAY_BUCKETS).labels()
  const maxGauge = metrics.gauge("mosaic_event_loop_delay_max_seconds", "The largest event-loop delay seen since the previous scrape, seconds.").labels()
  let max = 0
  let last = performance.now()
  const timer = setInterval(() => {
    const now = performance.now()
    const late = Math.max(0, now - last - sampleMs) / 1000
    last = now
    delay.observe(late)
    if (late > max) max = late
  }, sampleMs)
  ;(timer as { unref?: () => void }).unref?.()
  const removeCollect = metrics.onCollect(() => {
    rss.set(typeof process.memoryUsage.rss === "function" ? process.memoryUsage.rss() : process.memoryUsage().rss)
    maxGauge.set(max)
    max = 0
  })
  return () => {
    clearInterval(timer)
    removeCollect()
  }
}
