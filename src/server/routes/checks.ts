import type { Context } from 'hono';
import { SEVERITY_ORDER } from '../../core/check.js';
import { type LanguageId, languageForPath, normalizeLanguage } from '../../core/languages.js';
import { dependencyReport, withProjectLicence } from '../../licence/dependencies/dependency-report.js';
import { openLicenceIndex } from '../../licence/fingerprints/corpus-registry.js';
import { matchCode } from '../../licence/fingerprints/match-code.js';
import { loadLicencePolicy } from '../../licence/policy.js';
import { scanSources } from '../../security/scan.js';
import { defaultChecks } from '../../tasks/checks.js';
import { verdictOf } from '../../tasks/index.js';
import { runChecks } from '../../tasks/run-checks.js';
import { isWorkspacePathError, resolveWorkspacePath } from '../../workspace/resolve-path.js';
import { HttpError } from '../http-error.js';
import { defineRoute, type RouteContext } from '../route.js';
import {
  checkRequest,
  checkResponse,
  licenceRequest,
  licenceResponse,
  scanRequest,
  scanResponse,
} from '../schemas.js';

function language(value: string, field: string): LanguageId {
  const id = normalizeLanguage(value);
  if (!id) throw new HttpError(400, 'invalid_request', `invalid body: ${field}: unknown language '${value}'`);
  return id;
}

/** A path in a request is a name inside the workspace, never a way out of it. */
function workspaceRelative(path: string, field: string): string {
  if (path.startsWith('/') || path.split(/[\\/]/).includes('..') || path.includes('\0'))
    throw new HttpError(
      400,
      'invalid_request',
      `invalid body: ${field}: must be relative to the workspace and stay inside it`,
    );
  return path;
}

/**
 * Where code sent to /v1/check goes in the sandbox's view of the project: a path the one resolver accepts
 * (inside the workspace through every link; never a secrets file or a store).
 */
function placeInWorkspace(root: string, path: string): string {
  const named = workspaceRelative(path, 'path');
  try {
    return resolveWorkspacePath(root, named, { kind: 'any' }).path;
  } catch (error) {
    if (isWorkspacePathError(error))
      throw new HttpError(400, 'invalid_request', `invalid body: path: ${error.message}`, error.hint);
    throw error;
  }
}

const signalOf = (c: Context) => c.req.raw.signal;

/**
 * `vouch check`, `vouch scan` and `vouch licence` over HTTP: the same functions those commands call, on
 * code sent in the body (nothing is read from the server's disk but the workspace's own configuration).
 */
export function registerCheckRoutes(
  context: RouteContext,
  workspace: { root: string; config: Record<string, unknown> },
): void {
  defineRoute(
    context,
    {
      method: 'post',
      path: '/v1/check',
      summary:
        'check code against the served project: syntax, imports/APIs, types, lint, security, licence, tests',
      tag: 'checks',
      scope: 'tasks',
      body: checkRequest,
      response: checkResponse,
    },
    async (c, { body }) => {
      const results = await runChecks(
        defaultChecks(),
        {
          code: body.code,
          language: language(body.language, 'language'),
          path: body.path ? placeInWorkspace(workspace.root, body.path) : '<generated>',
          ...(body.tests?.length ? { tests: body.tests } : {}),
        },
        { workspaceRoot: workspace.root, config: workspace.config, signal: signalOf(c) },
      );
      const verdict = verdictOf(results);
      return c.json({ status: verdict.status, reasons: verdict.reasons, checks: results });
    },
  );

  defineRoute(
    context,
    {
      method: 'post',
      path: '/v1/scan',
      summary: 'scan code for security flaws (taint-tracked) and secrets',
      tag: 'checks',
      scope: 'tasks',
      body: scanRequest,
      response: scanResponse,
    },
    async (c, { body }) => {
      const inputs = body.files.map((file, index) => {
        const path = workspaceRelative(file.path, `files.${index}.path`);
        const fileLanguage = file.language
          ? language(file.language, `files.${index}.language`)
          : languageForPath(path);
        return { path, source: file.source, ...(fileLanguage ? { language: fileLanguage } : {}) };
      });
      const report = await scanSources(inputs, {
        external: false,
        workspaceRoot: workspace.root,
        signal: signalOf(c),
        parallel: false,
      });
      const threshold = SEVERITY_ORDER[body.failOn ?? 'high'];
      const failing = report.findings.filter(
        (finding) => !finding.suppressed && SEVERITY_ORDER[finding.severity] >= threshold,
      ).length;
      return c.json({
        files: report.files,
        failing,
        findings: report.findings,
        tools: report.tools,
        durationMs: Math.round(report.durationMs),
      });
    },
  );

  defineRoute(
    context,
    {
      method: 'post',
      path: '/v1/licence',
      summary:
        "the served project's dependency licences against its policy; with `code`, copied copyleft code in it",
      tag: 'checks',
      scope: 'tasks',
      body: licenceRequest,
      response: licenceResponse,
    },
    async (c, { body }) => {
      const policy = withProjectLicence(loadLicencePolicy(workspace.config), workspace.root);
      const dependencies = await dependencyReport(workspace.root, policy);
      let matches: unknown[] = [];
      if (body.code !== undefined) {
        if (!body.language)
          throw new HttpError(400, 'invalid_request', 'invalid body: language: required with code');
        const codeLanguage = language(body.language, 'language');
        const opened = await openLicenceIndex(workspace.root);
        try {
          matches = matchCode(opened.store, body.code, codeLanguage, { minChars: policy.minMatchChars });
        } finally {
          opened.store.close();
        }
      }
      return c.json({ dependencies, matches });
    },
  );
}
