// Weight helpers shared by the load balancers.
import type { Host } from "./host.ts"

/** True when every host has the same weight (plain RR / uniform random are then exact). */
export const uniformWeights = (hosts: ReadonlyArray<Host>): boolean => hosts.every((h) => h.weight === hosts[0]!.weight)
