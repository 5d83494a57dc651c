// MOSN's downstream phases (pkg/types/proxy.go), in order: plain numbers for the phase loop, names for logs and filters.

/** Phase numbers as MOSN numbers them (0 InitPhase .. 16 End). */
export const Phase = {
  InitPhase: 0,
  DownFilter: 1,
  MatchRoute: 2,
  DownFilterAfterRoute: 3,
  ChooseHost: 4,
  DownFilterAfterChooseHost: 5,
  DownRecvHeader: 6,
  DownRecvData: 7,
  DownRecvTrailer: 8,
  Oneway: 9,
  Retry: 10,
  WaitNotify: 11,
  UpFilter: 12,
  UpRecvHeader: 13,
  UpRecvData: 14,
  UpRecvTrailer: 15,
  End: 16
} as const
export type Phase = (typeof Phase)[keyof typeof Phase]
export type PhaseName = keyof typeof Phase

/** `PHASE_NAMES[phase]`: MOSN's PhaseName strings. */
export const PHASE_NAMES: ReadonlyArray<PhaseName> = Object.keys(Phase) as Array<PhaseName>
