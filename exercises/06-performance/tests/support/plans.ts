// Reads a query's plan from EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) and says, in a
// learner's terms, whether an index did the work. Four signs that it did not:
// - a Seq Scan: the whole table was read;
// - a Sort: the rows came out in the wrong order and had to be sorted afterwards;
// - rows removed by a filter: the index only narrowed the search, and the table rows had
//   to be read and thrown away;
// - many pages touched: the index was used, but walked a long way (wrong column order).
import type { Db } from '../../../../runner/kit/db.js';

/** One node of PostgreSQL's JSON plan; only the fields read here. */
export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Scan Direction'?: string;
  'Index Cond'?: string;
  'Filter'?: string;
  'Sort Key'?: string[];
  'Rows Removed by Filter'?: number;
  'Actual Rows'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

export interface Explained {
  text: string;
  params: unknown[];
  plan: PlanNode;
}

export async function explainQuery(db: Db, text: string, params: unknown[] = []): Promise<Explained> {
  const { rows } = await db.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> | string }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${text}`, params);
  const raw = rows[0]?.['QUERY PLAN'];
  const parsed = typeof raw === 'string' ? (JSON.parse(raw) as Array<{ Plan: PlanNode }>) : raw;
  const plan = parsed?.[0]?.Plan;
  if (!plan) throw new Error(`EXPLAIN returned no plan for: ${text}`);
  return { text, params, plan };
}

function nodesOf(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodesOf)];
}

/** 8 kB pages the query touched (read from disk or found in memory). */
export function pagesOf(plan: PlanNode): number {
  return (plan['Shared Hit Blocks'] ?? 0) + (plan['Shared Read Blocks'] ?? 0);
}

export function indexesUsed(plan: PlanNode): string[] {
  return nodesOf(plan).flatMap((node) => (node['Index Name'] ? [node['Index Name']] : []));
}

/** What is wrong with the plan, first problem first; empty when an index does all the work. */
export function planProblems(explained: Explained, maxPages: number): string[] {
  const nodes = nodesOf(explained.plan);
  const problems: string[] = [];
  const seqScan = nodes.find((node) => node['Node Type'] === 'Seq Scan');
  if (seqScan) {
    problems.push(`the plan reads the whole ${seqScan['Relation Name']} table (Seq Scan): no index matches what this query looks for`);
  }
  if (nodes.some((node) => node['Node Type'].includes('Sort'))) {
    problems.push('the plan sorts the rows after finding them (Sort): an index can hand them over already in ORDER BY order when, after the columns compared with =, its next column is the ORDER BY column');
  }
  const removed = nodes.reduce((sum, node) => sum + (node['Rows Removed by Filter'] ?? 0), 0);
  if (removed > 0) {
    problems.push(`the plan reads ${removed.toLocaleString('en')} rows only to throw them away (Rows Removed by Filter): the index narrows the search, but a condition of the WHERE clause is not in it`);
  }
  const pages = pagesOf(explained.plan);
  if (problems.length === 0 && pages > maxPages) {
    problems.push(`the plan touches ${pages} pages of 8 kB to return ${explained.plan['Actual Rows']} rows (at most ${maxPages} are needed): the index is used but walked a long way, because its first column is not the one the query pins down with =`);
  }
  return problems;
}

/** The plan as an indented tree, the way `EXPLAIN` prints it, with the numbers that matter. */
export function renderPlan(explained: Explained): string {
  const lines: string[] = [];
  const walk = (node: PlanNode, depth: number) => {
    const parts = [node['Node Type']];
    if (node['Scan Direction'] === 'Backward') parts[0] += ' Backward';
    if (node['Index Name']) parts.push(`using ${node['Index Name']}`);
    if (node['Relation Name']) parts.push(`on ${node['Relation Name']}`);
    const details = [
      node['Index Cond'] && `Index Cond: ${node['Index Cond']}`,
      node['Filter'] && `Filter: ${node['Filter']}`,
      node['Rows Removed by Filter'] && `Rows Removed by Filter: ${node['Rows Removed by Filter']}`,
      node['Sort Key'] && `Sort Key: ${node['Sort Key'].join(', ')}`,
    ].filter(Boolean);
    lines.push(`${'  '.repeat(depth)}-> ${parts.join(' ')}${details.length ? `  (${details.join('; ')})` : ''}`);
    for (const child of node.Plans ?? []) walk(child, depth + 1);
  };
  walk(explained.plan, 0);
  const params = explained.params.length ? `  with ${explained.params.map((value, index) => `$${index + 1} = ${JSON.stringify(value)}`).join(', ')}` : '';
  return [`  query: ${explained.text}${params}`, '  plan:', ...lines.map((line) => `    ${line}`), `  pages touched: ${pagesOf(explained.plan)}`].join('\n');
}
