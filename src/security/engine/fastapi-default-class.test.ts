import { describe, expect, it } from 'vitest';
import { findingIds, ofRule } from '../../../test/support/rule-findings.js';

/**
 * Issue 59, w102 (left by w91): FastAPI sends a route's return with the first response class given of the
 * route's `response_class=`, its router's `default_response_class=`, the one `include_router(…)` is given, and the
 * app's (`FastAPI(default_response_class=…)`); JSON when none is. With an HTML class, what the route returns is a
 * page.
 */
const ids = (code: string) => findingIds(code, { file: 'app/main.py', keep: ofRule('xss'), sort: true });

const HEAD =
  'from fastapi import FastAPI, APIRouter\nfrom fastapi.responses import HTMLResponse, JSONResponse\n';
/** `setup` (one line, line 3), then a route at line 5 whose return is at line 7. */
const app = (setup: string, decorator: string, body = '    return "<p>" + q + "</p>"', tail = '') =>
  `${HEAD}${setup}\n\n${decorator}\ndef x(q: str):\n${body}\n${tail}`;

describe('a default response class that is HTML makes every route of the app or router a page', () => {
  it.each([
    ["the app's", app('app = FastAPI(default_response_class=HTMLResponse)', '@app.get("/x")')],
    ["a router's", app('router = APIRouter(default_response_class=HTMLResponse)', '@router.post("/x")')],
    [
      "the app's, for a router with none of its own included into it",
      app(
        'app = FastAPI(default_response_class=HTMLResponse); router = APIRouter()',
        '@router.get("/x")',
        undefined,
        'app.include_router(router)\n',
      ),
    ],
    [
      'the one include_router is given',
      app(
        'app = FastAPI(); router = APIRouter(prefix="/p")',
        '@router.get("/x")',
        undefined,
        'app.include_router(router, default_response_class=HTMLResponse)\n',
      ),
    ],
  ])('%s', async (_what, code) => {
    expect(await ids(code)).toEqual(['xss@7']);
  });
});

describe('what FastAPI sends as JSON stays quiet', () => {
  it.each([
    ['an app with no default', app('app = FastAPI()', '@app.get("/x")')],
    [
      "a route's own JSON class over the app's HTML default",
      app(
        'app = FastAPI(default_response_class=HTMLResponse)',
        '@app.get("/x", response_class=JSONResponse)',
      ),
    ],
    [
      "a router's own JSON default over the app's",
      app(
        'app = FastAPI(default_response_class=HTMLResponse); router = APIRouter(default_response_class=JSONResponse)',
        '@router.get("/x")',
        undefined,
        'app.include_router(router)\n',
      ),
    ],
    [
      'another app of the file with the HTML default',
      app('api = FastAPI(); site = FastAPI(default_response_class=HTMLResponse)', '@api.get("/x")'),
    ],
    [
      'an HTML default returning a constant',
      app('app = FastAPI(default_response_class=HTMLResponse)', '@app.get("/x")', '    return "<p>hi</p>"'),
    ],
  ])('%s', async (_what, code) => {
    expect(await ids(code)).toEqual([]);
  });
});
