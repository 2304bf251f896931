/** The figures of one activity over the interactions in range. */
export interface ActivityFigures {
  readonly id: string;
  /** Its type in the process as loaded now; null for an activity that only an older version had. */
  readonly type: string | null;
  /** Interactions that reached it. */
  readonly reached: number;
  /** Interactions there now, with a turn more recent than ABANDONED_AFTER (or held by a person). */
  readonly waiting: number;
  /** Interactions that reached it and are somewhere else now. */
  readonly movedOn: number;
  /** Interactions there now with no turn for ABANDONED_AFTER. */
  readonly abandoned: number;
  /** Interactions that ended here (an END). */
  readonly completed: number;
  /** Time spent in it by the visits that left it: nearest-rank median and 90th percentile, in ms. */
  readonly medianMs: number | null;
  readonly p90Ms: number | null;
  /** Inputs its callback did not accept (it answered `complete: false`). */
  readonly refused: number;
  /** Steps that failed in it (STEP_FAILED: a callback threw, timed out or returned something invalid). */
  readonly failed: number;
  /** Texts in which the NLU found no intent. */
  readonly noIntent: number;
}

export interface ProcessFigures {
  readonly started: number;
  readonly completed: number;
  readonly abandoned: number;
  readonly waiting: number;
  /** completed / started, 0 to 1 (null with nothing started). */
  readonly completionRate: number | null;
  readonly medianTimeToCompleteMs: number | null;
}

export interface Analytics {
  readonly process: string;
  readonly version: string | null;
  readonly from: string | null;
  readonly to: string | null;
  readonly abandonedAfter: string;
  readonly generatedAt: string;
  readonly totals: ProcessFigures;
  /** In the process's order, then any activity only older versions had. */
  readonly activities: ActivityFigures[];
}
