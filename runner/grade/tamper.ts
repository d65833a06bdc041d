// What the learner changed in the course's own files: tests, manifests, given files, the runner.
// Grading never runs those versions; this report only tells the instructor. The starter
// code the learner changed is their work, not tampering, and is not listed.
import { hashCourseFile } from '../course/course-lock.js';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { courseFileKindIn } from './course-files.js';
import type { Pristine } from './pristine.js';
import { addedMarkers, findMarkers } from './skip-markers.js';
import type { SkipMarker, TamperReport } from './types.js';

export function findTampering(learnerRoot: string, pristine: Pristine): TamperReport {
  const report: TamperReport = { changed: [], deleted: [], markers: [] };
  const fromWorkingTree = pristine.info.kind === 'working-tree';
  for (const [file, original] of [...pristine.files].sort(([a], [b]) => a.localeCompare(b))) {
    const kind = courseFileKindIn(pristine.files, file);
    if (kind === undefined || kind === 'package') continue;
    const learnerFile = path.join(learnerRoot, ...file.split('/'));
    if (!existsSync(learnerFile)) {
      // A submission may hold only the exercises: a missing runner file is not a deleted test.
      if (kind === 'test' || kind === 'manifest' || kind === 'given') report.deleted.push(file);
      continue;
    }
    const current = readFileSync(learnerFile);
    if (kind !== 'test' || !file.endsWith('.ts')) {
      if (!fromWorkingTree && !sameContent(current, original)) report.changed.push(file);
      continue;
    }
    // Without a pristine copy every marker is reported: the course itself ships none.
    if (fromWorkingTree) report.markers.push(...withFile(file, findMarkers(current.toString('utf8'))));
    else if (!sameContent(current, original)) {
      report.changed.push(file);
      report.markers.push(...withFile(file, addedMarkers(current.toString('utf8'), original.toString('utf8'))));
    }
  }
  return report;
}

/** Line endings are the checkout's business (git's autocrlf), not a change. */
function sameContent(a: Buffer, b: Buffer): boolean {
  return hashCourseFile(a) === hashCourseFile(b);
}

function withFile(file: string, markers: ReturnType<typeof findMarkers>): SkipMarker[] {
  return markers.map((marker) => ({ file, ...marker }));
}
