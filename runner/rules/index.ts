// Every static rule an exercise.json can name. Add a rule: write it in its own file,
// then add it to this map.
import { noStackInResponse } from './no-stack-in-response.js';
import { noSqlConcatenation } from './no-sql-concatenation.js';
import { noWeakPasswordHash } from './no-weak-password-hash.js';
import { constantTimeCompare } from './constant-time-compare.js';
import type { StaticRule } from './types.js';

export const staticRules: Record<string, StaticRule> = {
  [noStackInResponse.name]: noStackInResponse,
  [noSqlConcatenation.name]: noSqlConcatenation,
  [noWeakPasswordHash.name]: noWeakPasswordHash,
  [constantTimeCompare.name]: constantTimeCompare,
};
