// Which tests of a describe block are going to run. Before the block's beforeAll, vitest
// has marked skipped every test that will not: one a -t filter leaves out, the others of
// an it.only, all but the one test the self-check runs alone. A beforeAll that starts
// costly things for the tests below it (a program, a second program, a nested test run)
// starts only what the tests that run need; each test still starts what it needs itself
// when nothing was started for it, so a wrong guess costs time, never a verdict.

/** The part of vitest's Suite and Test that says what runs (vitest/runner's Task). */
interface PlannedTask {
  name: string;
  mode: string;
  tasks?: PlannedTask[];
}

/**
 * The tests under `suite` (the second argument vitest gives a beforeAll) that will run, each
 * named with the describe blocks between (`block > test`); undefined when `suite` is not a
 * describe block: then plan for them all.
 */
export function plannedTests(suite: unknown): Set<string> | undefined {
  if (!isTask(suite) || suite.tasks === undefined) return undefined;
  const names = new Set<string>();
  const visit = (task: PlannedTask, within: string): void => {
    if (task.mode === 'skip' || task.mode === 'todo') return;
    const name = within === '' ? task.name : `${within} > ${task.name}`;
    if (task.tasks === undefined) names.add(name);
    else task.tasks.forEach((child) => visit(child, name));
  };
  suite.tasks.forEach((task) => visit(task, ''));
  return names;
}

/** Whether a test whose name passes `matches` will run: true when the plan is unknown. */
export function willRun(planned: Set<string> | undefined, matches: (name: string) => boolean): boolean {
  return planned === undefined || [...planned].some(matches);
}

function isTask(value: unknown): value is PlannedTask {
  return typeof value === 'object' && value !== null && typeof (value as PlannedTask).name === 'string' && typeof (value as PlannedTask).mode === 'string';
}
