import type { LanguageRules } from '../../rules.js';
import type { FunctionDef } from '../interpreter.js';
import { type LiteNode, preorder } from '../lite-tree.js';
import { isFunctionNode } from '../syntax-nodes.js';
import { guardedBy, type Route } from './route.js';

/**
 * The routes of a JavaScript/TypeScript file — Express and Koa registrations (`app.delete('/x', auth, h)`,
 * `router.post(…)`), middleware mounted with `use` before them, Next.js route handlers (`export async
 * function POST`) and pages API handlers — and what protects each: a middleware whose name or body
 * checks a login or a role, or a check at the top of the handler.
 */
export function javascriptRoutes(
  root: LiteNode,
  functions: readonly FunctionDef[],
  rules: LanguageRules,
): Route[] {
  const auth = rules.auth;
  const byName = new Map<string, FunctionDef>();
  for (const fn of functions) if (!byName.has(fn.name)) byName.set(fn.name, fn);
  const kinds = new Map<string, { authenticates: boolean; role: boolean }>();
  // A middleware: a name that says it checks, or a function of this file whose body refuses without a login.
  const kind = (node: LiteNode): { authenticates: boolean; role: boolean } => {
    const text =
      node.type === 'call_expression' ? (node.childForFieldName('function')?.text ?? '') : node.text;
    const known = kinds.get(node.text);
    if (known) return known;
    const fn = node.type === 'identifier' ? byName.get(node.text) : undefined;
    const body = fn?.body ?? (isFunctionNode(node) ? node.childForFieldName('body') : null);
    const role = auth.roleNames.test(node.text) || guardedBy(body, auth.roleChecks, auth.refusals);
    const result = {
      authenticates: role || auth.names.test(text) || guardedBy(body, auth.checks, auth.refusals),
      role,
    };
    kinds.set(node.text, result);
    return result;
  };
  const registrations: Registration[] = [];
  const mounts: Mount[] = [];
  // pre-order with a stack of its own: a deep tree overflowed a recursive walk (w80)
  preorder(root, (node) => {
    if (node.type === 'call_expression') {
      const found = registration(node);
      if (found?.kind === 'route') registrations.push(found.value);
      else if (found?.kind === 'mount') mounts.push(found.value);
    }
    return undefined;
  });
  const routes: Route[] = [];
  for (const registered of registrations) {
    const handler = registered.handler;
    const body =
      handler && isFunctionNode(handler)
        ? handler.childForFieldName('body')
        : handler?.type === 'identifier'
          ? (byName.get(handler.text)?.body ?? null)
          : null;
    const route: Route = {
      label: `${registered.method} ${registered.path}`,
      node: registered.node,
      body,
      methods: new Set([registered.method]),
      names: [registered.path, handler?.type === 'identifier' ? handler.text : ''].filter(Boolean),
    };
    const protect = (what: string, role: boolean) => {
      route.authentication ??= what;
      if (role) route.role ??= what;
    };
    for (const middleware of registered.middleware) {
      const found = kind(middleware);
      if (found.authenticates) protect(middleware.text.slice(0, 60), found.role);
    }
    // `app.use(requireAuth)` before the route on the same app or router, or on a prefix it falls under.
    for (const mount of mounts) {
      if (mount.object !== registered.object || mount.node.startIndex > registered.node.startIndex) continue;
      if (mount.prefix && !registered.path.startsWith(mount.prefix)) continue;
      for (const middleware of mount.middleware) {
        const found = kind(middleware);
        if (found.authenticates) protect(`${mount.object}.use(${middleware.text.slice(0, 40)})`, found.role);
      }
    }
    inHandler(body, auth, protect);
    routes.push(route);
  }
  for (const fn of functions) {
    // Next.js App Router: `export async function DELETE(request)`; Pages API: `export default function handler(req, res)`.
    const exported =
      fn.node.parent?.type === 'export_statement' || fn.node.parent?.parent?.type === 'export_statement';
    const verb = /^(GET|POST|PUT|PATCH|DELETE)$/.exec(fn.name)?.[1];
    const pagesApi =
      exported &&
      !verb &&
      /\bexport\s+default\b/.test(fn.node.parent?.text.slice(0, 40) ?? '') &&
      fn.params.length === 2;
    if (!exported || (!verb && !pagesApi)) continue;
    const methods = new Set<string>(verb ? [verb] : []);
    for (const compared of fn.body?.text.match(/\bmethod\s*[!=]==?\s*['"](POST|PUT|PATCH|DELETE)['"]/g) ?? [])
      methods.add(/(POST|PUT|PATCH|DELETE)/.exec(compared)![1]!);
    if (methods.size === 0) methods.add('GET');
    const route: Route = {
      label: `${[...methods].join('/')} ${fn.name}`,
      node: fn.node,
      body: fn.body,
      methods,
      names: [fn.name],
    };
    const protect = (what: string, role: boolean) => {
      route.authentication ??= what;
      if (role) route.role ??= what;
    };
    inHandler(fn.body, auth, protect);
    routes.push(route);
  }
  // `export default withAuth(handler)`, `withApiAuthRequired(handler)`: a wrapper that authenticates.
  for (const match of root.text.matchAll(
    /export\s+default\s+([A-Za-z_$][\w$.]*)\s*\(\s*([A-Za-z_$][\w$]*)/g,
  )) {
    if (!auth.names.test(match[1]!)) continue;
    for (const route of routes)
      if (route.names.includes(match[2]!)) route.authentication ??= `${match[1]}(${match[2]})`;
  }
  return routes;
}

interface Registration {
  object: string;
  method: string;
  path: string;
  middleware: LiteNode[];
  handler: LiteNode | undefined;
  node: LiteNode;
}

interface Mount {
  object: string;
  prefix?: string;
  middleware: LiteNode[];
  node: LiteNode;
}

const VERBS: Record<string, string> = {
  get: 'GET',
  post: 'POST',
  put: 'PUT',
  patch: 'PATCH',
  delete: 'DELETE',
  del: 'DELETE',
  all: 'ANY',
};

/** `app.post('/x', mw, handler)` or `router.use([prefix,] mw…)`, else undefined. */
function registration(
  node: LiteNode,
): { kind: 'route'; value: Registration } | { kind: 'mount'; value: Mount } | undefined {
  const callee = node.childForFieldName('function');
  if (callee?.type !== 'member_expression') return undefined;
  const object = callee.childForFieldName('object')?.text ?? '';
  const property = callee.childForFieldName('property')?.text ?? '';
  const args = (node.childForFieldName('arguments')?.namedChildren ?? []).filter(
    (child) => child.type !== 'comment',
  );
  const first = args[0];
  const path = first && /^(?:string|template_string)$/.test(first.type) ? first.text.slice(1, -1) : undefined;
  if (property === 'use') {
    const middleware = path !== undefined ? args.slice(1) : args;
    return { kind: 'mount', value: { object, prefix: path, middleware, node } };
  }
  const method = VERBS[property];
  if (!method || path === undefined || !/^[/*]/.test(path) || args.length < 2) return undefined;
  return {
    kind: 'route',
    value: { object, method, path, middleware: args.slice(1, -1), handler: args.at(-1), node },
  };
}

/** A check at the top of a handler: `if (!req.user) return res.status(401)…`, `if (!session) …`. */
function inHandler(
  body: LiteNode | null,
  auth: LanguageRules['auth'],
  protect: (what: string, role: boolean) => void,
): void {
  if (guardedBy(body, auth.roleChecks, auth.refusals)) protect('a role check in the handler', true);
  else if (guardedBy(body, auth.checks, auth.refusals)) protect('a login check in the handler', false);
}
