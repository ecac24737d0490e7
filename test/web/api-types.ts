/**
 * The web UI reads the API's answers as web/src/types.ts declares them: a task's result and what a check
 * reports are the types of the schemas the server sends them with (imported as types only, so the browser
 * bundle pulls in no server module); the rest is written by hand. This file keeps the two from drifting: it
 * is not run, it is type-checked (`npm run typecheck`, part of `npm test`). Each line says that what the
 * server sends — the output type of the zod schema its route answers with — is assignable to what the web
 * UI reads; a field renamed, removed or retyped on either side is a type error here.
 */
import type { z } from 'zod';
import type * as server from '../../src/server/schemas.js';
import type { fileExcerpt } from '../../src/server/web-assets.js';
import type * as web from '../../web/src/types.js';

type Reads<Sent, Read> = [Sent] extends [Read] ? true : never;
type Sends<T extends z.ZodType> = z.output<T>;

export type ApiTypesAgree = [
  Reads<Sends<typeof server.finding>, web.Finding>,
  Reads<Sends<typeof server.checkResult>, web.CheckResult>,
  Reads<Sends<typeof server.taskResult>, web.TaskResult>,
  Reads<Sends<typeof server.errorBody>['error'], web.ApiErrorBody>,
  Reads<Sends<typeof server.statsResponse>, web.Stats>,
  Reads<Sends<typeof server.tokenView>, web.TokenView>,
  Reads<Sends<typeof server.userView>, web.UserView>,
  Reads<Sends<typeof server.auditEntry>, web.AuditEntry>,
  Reads<Sends<typeof fileExcerpt>, web.FileExcerpt>,
  Reads<Sends<typeof server.securityStatsResponse>, web.SecurityStats>,
  Reads<Sends<typeof server.evalRun>, web.EvalRun>,
  Reads<Sends<typeof server.conversationView>, web.ConversationView>,
  Reads<Sends<typeof server.conversationTurn>, web.ConversationTurn>,
  Reads<Sends<typeof server.privacySettingsResponse>, web.PrivacySettings>,
];

/** Fails to compile when an entry above is `never`. */
export const apiTypesAgree: ApiTypesAgree = [
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
];
