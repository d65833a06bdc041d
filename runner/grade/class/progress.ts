// Progress of a class being graded: on a terminal, one bar redrawn in place; elsewhere
// (CI logs, a file) one plain line per learner as they finish.
import { toPoints } from '../types.js';
import type { LearnerResult } from './types.js';

export interface ProgressStream {
  isTTY?: boolean;
  write: (text: string) => unknown;
}

const BAR_WIDTH = 24;

export class ClassProgress {
  private finishedCount = 0;
  private errors = 0;
  private readonly active = new Set<string>();

  constructor(
    private readonly stream: ProgressStream,
    private readonly total: number,
  ) {}

  started(name: string): void {
    this.active.add(name);
    this.draw();
  }

  finished(result: LearnerResult): void {
    this.active.delete(result.name);
    this.finishedCount += 1;
    if (result.status === 'error') this.errors += 1;
    if (this.stream.isTTY === true) this.draw();
    else this.stream.write(`${learnerLine(result, this.finishedCount, this.total)}\n`);
  }

  end(): void {
    if (this.stream.isTTY === true) this.stream.write('\n');
  }

  private draw(): void {
    if (this.stream.isTTY !== true) return;
    this.stream.write(`\r\u001b[2K${barLine(this.finishedCount, this.total, [...this.active], this.errors)}`);
  }
}

export function barLine(done: number, total: number, active: readonly string[], errors: number): string {
  const filled = total === 0 ? BAR_WIDTH : Math.round((done / total) * BAR_WIDTH);
  const running = active.length > 0 ? ` · grading ${active.join(', ')}` : '';
  const failed = errors > 0 ? ` · ${errors} could not be graded` : '';
  return `[${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}] ${done}/${total} learners${failed}${running}`.slice(0, 160);
}

export function learnerLine(result: LearnerResult, index: number, total: number): string {
  const seconds = `${Math.round(result.durationMs / 1000)} s`;
  if (result.status === 'error') return `[${index}/${total}] ${result.name}: not graded: ${result.message ?? 'unknown error'} (${seconds})`;
  return `[${index}/${total}] ${result.name}: ${toPoints(result.points.earned)} / ${toPoints(result.points.possible)} points (${seconds})`;
}
