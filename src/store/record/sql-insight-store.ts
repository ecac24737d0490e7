import { z } from 'zod';
import { parseExternalJson } from '../../core/external-data.js';
import type { CweCount, EvalRun, InsightStore, SecurityDay } from './insight-store.js';
import type { SqlDatabase, SqlValue } from './sql-database.js';

/** A JSON column of numbers by name (`pass@1`, a failure kind). */
const COUNTS = z.record(z.string(), z.number());

interface EvalRunRow {
  id: number;
  user_id: string;
  benchmark: string;
  form: string;
  harness: string;
  model: string | null;
  problems: number;
  samples: number;
  passed: number;
  pass_at_k: string;
  selected_pass_at_1: number | null;
  pipeline_pass_at_1: number | null;
  failure_kinds: string;
  sandboxed: number;
  duration_ms: number;
  source: string;
  created_at: string;
}

const toEvalRun = (row: EvalRunRow): EvalRun => ({
  id: String(row.id),
  userId: row.user_id,
  benchmark: row.benchmark,
  form: row.form,
  harness: row.harness,
  model: row.model,
  problems: Number(row.problems),
  samples: Number(row.samples),
  passed: Number(row.passed),
  passAtK: parseExternalJson({
    text: row.pass_at_k,
    schema: COUNTS,
    source: 'the insights table (pass_at_k)',
  }),
  selectedPassAt1: row.selected_pass_at_1 === null ? null : Number(row.selected_pass_at_1),
  pipelinePassAt1: row.pipeline_pass_at_1 === null ? null : Number(row.pipeline_pass_at_1),
  failureKinds: parseExternalJson({
    text: row.failure_kinds,
    schema: COUNTS,
    source: 'the insights table (failure_kinds)',
  }),
  sandboxed: Number(row.sandboxed) === 1,
  durationMs: Number(row.duration_ms),
  source: row.source,
  createdAt: row.created_at,
});

/** `where` over a table aliased `t` with a `user_id` and a `created_at` column. */
function filters(options: { userId?: string; since?: string; benchmark?: string }) {
  const conditions: string[] = [];
  const params: SqlValue[] = [];
  if (options.userId) {
    conditions.push('t.user_id = ?');
    params.push(options.userId);
  }
  if (options.since) {
    conditions.push('t.created_at >= ?');
    params.push(options.since);
  }
  if (options.benchmark) {
    conditions.push('t.benchmark = ?');
    params.push(options.benchmark);
  }
  return { where: conditions.length ? `where ${conditions.join(' and ')}` : '', params };
}

/** The dashboard's security and eval queries over the server store's database. */
export function createSqlInsightStore(db: SqlDatabase): InsightStore {
  return {
    async securityStats(options = {}) {
      const { where, params } = filters(options);
      // the day is the first ten characters of an ISO-8601 UTC timestamp, in both dialects
      const gateRows = await db.all<{ day: string; gate: string | null; suggestions: number }>(
        `select substr(t.created_at, 1, 10) as day, t.security_gate as gate, count(*) as suggestions
         from suggestions t ${where}
         group by substr(t.created_at, 1, 10), t.security_gate order by day`,
        params,
      );
      const days = new Map<string, SecurityDay>();
      for (const row of gateRows) {
        let day = days.get(row.day);
        if (!day) {
          day = { day: row.day, suggestions: 0, passed: 0, failed: 0, notRun: 0, unknown: 0 };
          days.set(row.day, day);
        }
        const count = Number(row.suggestions);
        day.suggestions += count;
        if (row.gate === 'pass') day.passed += count;
        else if (row.gate === 'fail') day.failed += count;
        else if (row.gate === 'skip' || row.gate === 'error') day.notRun += count;
        else day.unknown += count;
      }
      const cweRows = await db.all<{ day: string; cwe: number; suggestions: number; findings: number }>(
        `select substr(t.created_at, 1, 10) as day, t.cwe, count(*) as suggestions, sum(t.findings) as findings
         from suggestion_cwes t ${where}
         group by substr(t.created_at, 1, 10), t.cwe order by day, t.cwe`,
        params,
      );
      const cwes = new Map<number, CweCount>();
      for (const row of cweRows) {
        const cwe = Number(row.cwe);
        let entry = cwes.get(cwe);
        if (!entry) {
          entry = { cwe, suggestions: 0, findings: 0, days: [] };
          cwes.set(cwe, entry);
        }
        const suggestions = Number(row.suggestions);
        const findings = Number(row.findings);
        entry.suggestions += suggestions;
        entry.findings += findings;
        entry.days.push({ day: row.day, suggestions, findings });
      }
      return {
        days: [...days.values()],
        byCwe: [...cwes.values()].sort((a, b) => b.suggestions - a.suggestions || a.cwe - b.cwe),
      };
    },

    async recordEvalRun(init) {
      const run = { ...init, createdAt: new Date().toISOString() };
      // the id is the insertion order, so "newest first" is exact even for runs recorded in one millisecond
      const inserted = await db.get<{ id: number }>(
        `insert into eval_runs (user_id, benchmark, form, harness, model, problems, samples, passed,
           pass_at_k, selected_pass_at_1, pipeline_pass_at_1, failure_kinds, sandboxed, duration_ms, source,
           created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
        [
          run.userId,
          run.benchmark,
          run.form,
          run.harness,
          run.model,
          run.problems,
          run.samples,
          run.passed,
          JSON.stringify(run.passAtK),
          run.selectedPassAt1,
          run.pipelinePassAt1,
          JSON.stringify(run.failureKinds),
          run.sandboxed ? 1 : 0,
          Math.round(run.durationMs),
          run.source,
          run.createdAt,
        ],
      );
      return { ...run, id: String(inserted!.id) } satisfies EvalRun;
    },

    async listEvalRuns(options = {}) {
      const { where, params } = filters(options);
      const rows = await db.all<EvalRunRow>(
        `select t.id, t.user_id, t.benchmark, t.form, t.harness, t.model, t.problems, t.samples, t.passed,
           t.pass_at_k, t.selected_pass_at_1, t.pipeline_pass_at_1, t.failure_kinds, t.sandboxed,
           t.duration_ms, t.source, t.created_at
         from eval_runs t ${where} order by t.id desc limit ?`,
        [...params, options.limit ?? 200],
      );
      return rows.map(toEvalRun);
    },
  };
}
