// Reporters only format: each turns the same result objects into text for one audience
// (a person at a terminal, a machine reading JSON). The CLI decides where text goes.
import type { CheckResult } from '../check/results.js';
import type { Overview } from '../overview.js';
import type { SeedSweepReport, SelfCheckReport } from '../selfcheck/types.js';

export interface Reporter {
  check: (result: CheckResult) => string;
  overview: (overview: Overview) => string;
  selfcheck: (report: SelfCheckReport) => string;
  seeds: (report: SeedSweepReport) => string;
}
