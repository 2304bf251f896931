import { Injectable } from '@nestjs/common';
import { Subject } from 'rxjs';
import type { EngineErrorCode } from '../engine/index.js';

/** A refused step: no turn commits, so it travels here (to the analytics, which count it per activity). */
export interface StepFailure {
  readonly interaction: string;
  readonly activity: string;
  readonly code: EngineErrorCode;
}

@Injectable()
export class StepFailures {
  private readonly failures = new Subject<StepFailure>();
  readonly failed = this.failures.asObservable();

  report(failure: StepFailure): void {
    this.failures.next(failure);
  }
}
