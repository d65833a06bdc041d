// hints.md: a `## N. Title` heading per task, then the task's hints as top-level
// `- ` bullets (continuation lines indented), from a nudge to nearly the answer.
const TASK_HEADING = /^##\s+(\d+)\.\s*(.*)$/;

export function parseHints(markdown: string): Map<number, string[]> {
  const hints = new Map<number, string[]>();
  let current: string[] | undefined;
  for (const line of markdown.split(/\r?\n/)) {
    const heading = TASK_HEADING.exec(line);
    if (heading) {
      current = [];
      hints.set(Number(heading[1]), current);
    } else if (/^#{1,2}\s/.test(line)) {
      current = undefined;
    } else if (current && line.startsWith('- ')) {
      current.push(line.slice(2));
    } else if (current && current.length > 0 && /^\s+\S/.test(line)) {
      current[current.length - 1] += `\n${line.replace(/^ {2}/, '')}`;
    }
  }
  return hints;
}

/** Task numbers of the `## N.` headings of a README. */
export function readmeTaskNumbers(markdown: string): number[] {
  return markdown
    .split(/\r?\n/)
    .map((line) => TASK_HEADING.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => Number(match[1]));
}
