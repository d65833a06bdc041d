// What learner code printed, kept per test and bounded: a loop that logs megabytes must
// not flood the terminal or the runner's memory, but the first lines often explain a
// failure, so they are kept with a note of how much was cut.
export const OUTPUT_LIMIT = 8_000;

export const OUTPUT_CUT = (bytes: number) => `… (${formatBytes(bytes)} more output cut)`;

interface Captured {
  text: string;
  cutBytes: number;
}

export class ConsoleCapture {
  private readonly byTask = new Map<string, Captured>();

  add(taskId: string | undefined, content: string): void {
    const key = taskId ?? '';
    const entry = this.byTask.get(key) ?? { text: '', cutBytes: 0 };
    const room = OUTPUT_LIMIT - entry.text.length;
    if (room > 0) entry.text += content.slice(0, room);
    if (content.length > room) entry.cutBytes += Buffer.byteLength(content.slice(Math.max(room, 0)));
    this.byTask.set(key, entry);
  }

  /** The output of one test (by vitest's id), with a note when some was cut. */
  outputOf(taskId: string): string | undefined {
    const entry = this.byTask.get(taskId);
    if (!entry) return undefined;
    return entry.cutBytes > 0 ? `${entry.text}\n${OUTPUT_CUT(entry.cutBytes)}` : entry.text;
  }

  clear(): void {
    this.byTask.clear();
  }
}

function formatBytes(bytes: number): string {
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  if (bytes >= 1_000) return `${Math.round(bytes / 1_000)} kB`;
  return `${bytes} bytes`;
}
