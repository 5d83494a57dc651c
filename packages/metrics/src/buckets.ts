// Fixed histogram buckets (seconds) shared by the duration metrics.

/** Request durations: 0.5 ms to 10 s. */
export const DURATION_BUCKETS: ReadonlyArray<number> = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

/** Event-loop delay: 1 ms to 2.5 s. */
export const LOOP_DELAY_BUCKETS: ReadonlyArray<number> = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]
