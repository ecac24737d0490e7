import type { LanguageRules } from '../../rules.js';
import { matchesAny } from '../conditions.js';
import type { FunctionDef } from '../interpreter.js';
import type { LiteNode } from '../lite-tree.js';
import { guardedBy, type Route } from './route.js';

/**
 * The routes of a Python file — Flask (`@app.route`, blueprints), FastAPI (`@app.get`, routers,
 * dependencies), Django (function views, class-based views, DRF) — and what protects each: decorators,
 * dependencies, mixins, `permission_classes`, a `before_request` hook, or a check at the top of the
 * handler. Decorators and dependencies defined in the file count by what their body checks.
 */
export function pythonRoutes(
  root: LiteNode,
  functions: readonly FunctionDef[],
  rules: LanguageRules,
): Route[] {
  const auth = rules.auth;
  const byName = new Map<string, FunctionDef>();
  for (const fn of functions) if (!fn.owner && !byName.has(fn.name)) byName.set(fn.name, fn);
  const kinds = new Map<string, { authenticates: boolean; role: boolean }>();
  // What a function of this file used as a decorator or dependency checks (names alone count too).
  const kind = (name: string, depth = 0): { authenticates: boolean; role: boolean } => {
    const known = kinds.get(name);
    if (known) return known;
    const last = name.split('.').at(-1) ?? name;
    const fn = byName.get(last);
    const result = {
      authenticates: auth.names.test(last) || guardedBy(fn?.body ?? null, auth.checks, auth.refusals),
      role: auth.roleNames.test(last) || guardedBy(fn?.body ?? null, auth.roleChecks, auth.refusals),
    };
    // `def require_admin(user = Depends(get_current_user))`: a dependency that depends on a login.
    if (fn && depth < 3)
      for (const dependency of dependencies(fn.node.childForFieldName('parameters')?.text ?? ''))
        if (kind(dependency, depth + 1).authenticates) result.authenticates = true;
    if (result.role) result.authenticates = true;
    kinds.set(name, result);
    return result;
  };
  const routerDependencies = routerLevelDependencies(root);
  const urlNames = new Set(
    [...root.text.matchAll(/\b(?:re_)?path\(\s*[rR]?['"][^'"]*['"]\s*,\s*(?:views\.)?([A-Za-z_]\w*)/g)].map(
      (match) => match[1]!,
    ),
  );
  const localClasses = new Set<string>();
  for (const node of root.namedChildren) {
    const definition = node.type === 'decorated_definition' ? node.childForFieldName('definition') : node;
    if (definition?.type === 'class_definition')
      localClasses.add(definition.childForFieldName('name')?.text ?? '');
  }
  const hooks = beforeRequestHooks(functions, auth);
  const routes: Route[] = [];
  for (const fn of functions) {
    const decorators = decoratorsOf(fn);
    const routeDecorator = decorators.find((decorator) =>
      matchesAny(rules.routeDecorators, [decorator.callee]),
    );
    const cls = fn.owner ? classOf(fn) : undefined;
    const classView =
      cls !== undefined && /View|ViewSet|APIView|Resource|Mixin/.test(cls.bases) && VIEW_METHODS[fn.name];
    const djangoView =
      !fn.owner &&
      !fn.route &&
      fn.handler &&
      !decorators.some((decorator) => /errorhandler|exception_handler/.test(decorator.callee));
    // A function taking `request` first is a view only if it acts like one: it answers with a response,
    // wears a decorator, or a URL pattern names it (an API wrapper `def user_create(request, …)` is not).
    if (
      djangoView &&
      !routeDecorator &&
      decorators.length === 0 &&
      !RESPONDS.test(fn.body?.text ?? '') &&
      !urlNames.has(fn.name)
    )
      continue;
    if (!routeDecorator && !classView && !djangoView) continue;
    const methods = new Set<string>();
    let path = '';
    for (const decorator of decorators) {
      const verb = /\.(get|post|put|patch|delete)$/.exec(decorator.callee)?.[1];
      if (verb && matchesAny(rules.routeDecorators, [decorator.callee])) methods.add(verb.toUpperCase());
      for (const method of decorator.args.match(/['"](GET|POST|PUT|PATCH|DELETE)['"]/g) ?? [])
        methods.add(method.slice(1, -1));
      if (/(?:^|\.)require_POST$/.test(decorator.callee)) methods.add('POST');
      if (decorator === routeDecorator)
        path = /^\s*[rbuRBU]?['"]([^'"]*)['"]/.exec(decorator.args)?.[1] ?? '';
    }
    if (classView) methods.add(VIEW_METHODS[fn.name]!);
    for (const method of fn.body?.text.match(/request\.method\s*==\s*['"](POST|PUT|PATCH|DELETE)['"]/g) ?? [])
      methods.add(/(POST|PUT|PATCH|DELETE)/.exec(method)![1]!);
    if (methods.size === 0) methods.add('GET');
    const route: Route = {
      label: `${[...methods].join('/')} ${path || `${fn.owner ? `${fn.owner}.` : ''}${fn.name}`}`,
      node: fn.node,
      body: fn.body,
      methods,
      names: [path, fn.name, fn.owner ?? ''].filter(Boolean),
    };
    const protect = (what: string, role: boolean) => {
      route.authentication ??= what;
      if (role) route.role ??= what;
    };
    for (const decorator of decorators) {
      const name = decorator.callee;
      if (matchesAny(auth.roleDecorators, [name])) protect(`@${name}`, true);
      else if (matchesAny(auth.decorators, [name])) {
        // DRF's `@permission_classes([AllowAny])` opens a view; `[IsAdminUser]` checks a role.
        if (/permission_classes$/.test(name) && /AllowAny/.test(decorator.args)) continue;
        protect(`@${name}`, /IsAdminUser/.test(decorator.args));
      } else if (!matchesAny(rules.routeDecorators, [name]) && !matchesAny(auth.neutral, [name])) {
        const found = kind(name);
        if (found.authenticates) protect(`@${name}`, found.role);
        // `@check_mlist_private`: imported, unread; it may well refuse without a login.
        else if (!byName.has(name.split('.').at(-1) ?? name)) route.unknown ??= `@${name}`;
      }
      if (
        matchesAny(auth.settingsProtected, [name]) &&
        !decorators.some((other) => /permission_classes$/.test(other.callee))
      )
        route.unknown ??= `@${name} (the project's default permission classes)`;
      for (const dependency of dependencies(decorator.args)) {
        const found = kind(dependency);
        if (found.authenticates) protect(`Depends(${dependency})`, found.role);
      }
      const owner = decorator.callee.split('.').slice(0, -1).join('.');
      for (const dependency of routerDependencies.get(owner) ?? []) {
        const found = kind(dependency);
        if (found.authenticates) protect(`${owner}'s Depends(${dependency})`, found.role);
      }
      const hook = hooks.get(owner) ?? hooks.get('*');
      if (hook) protect(`${hook.label}`, hook.role);
    }
    for (const dependency of dependencies(fn.node.childForFieldName('parameters')?.text ?? '')) {
      const found = kind(dependency);
      if (found.authenticates) protect(`Depends(${dependency})`, found.role);
    }
    if (cls) {
      if (matchesAny(auth.roleMixins, cls.baseList)) protect(cls.bases, true);
      else if (matchesAny(auth.mixins, cls.baseList)) protect(cls.bases, false);
      const permissions = /permission_classes\s*=\s*[[(]([^\])]*)/.exec(cls.body)?.[1];
      if (permissions && !/AllowAny/.test(permissions))
        protect(`permission_classes ${permissions.trim()}`, /IsAdminUser/.test(permissions));
      // DRF views without their own permission classes follow the project's settings, out of sight.
      if (!permissions && matchesAny(auth.settingsProtected, cls.baseList))
        route.unknown ??= `${cls.bases} (the project's default permission classes)`;
      // `ListOwnerMixin`, `MailingListView`: a base vouch does not know, not defined here, may protect.
      for (const base of cls.baseList) {
        const known = [auth.views, auth.mixins, auth.roleMixins, auth.settingsProtected].some((list) =>
          matchesAny(list, [base]),
        );
        if (!known && !localClasses.has(base)) route.unknown ??= base;
      }
    }
    if (guardedBy(fn.body, auth.roleChecks, auth.refusals)) protect('a role check in the handler', true);
    else if (guardedBy(fn.body, auth.checks, auth.refusals)) protect('a login check in the handler', false);
    routes.push(route);
  }
  return routes;
}

/** what a Django view answers with */
const RESPONDS =
  /\b(?:render|redirect|render_to_response|render_to_string)\s*\(|\b\w*(?:HttpResponse\w*|JsonResponse|TemplateResponse|FileResponse|Response)\s*\(|\braise\s+(?:Http404|PermissionDenied)/;

/** methods of class-based views and viewsets, and the HTTP method each answers */
const VIEW_METHODS: Record<string, string> = {
  get: 'GET',
  post: 'POST',
  put: 'PUT',
  patch: 'PATCH',
  delete: 'DELETE',
  list: 'GET',
  retrieve: 'GET',
  create: 'POST',
  update: 'PUT',
  partial_update: 'PATCH',
  destroy: 'DELETE',
};

interface Decorator {
  /** `app.route`, `login_required`, `user_passes_test` */
  callee: string;
  /** the text of its arguments, without the parentheses (empty when it is not called) */
  args: string;
}

function decoratorsOf(fn: FunctionDef): Decorator[] {
  const decorated = fn.node.parent?.type === 'decorated_definition' ? fn.node.parent : undefined;
  return (decorated?.namedChildren ?? [])
    .filter((child) => child.type === 'decorator')
    .map((decorator) => {
      const expression = decorator.namedChildren[0];
      if (expression?.type === 'call') {
        const args = expression.childForFieldName('arguments')?.text ?? '()';
        return { callee: expression.childForFieldName('function')?.text ?? '', args: args.slice(1, -1) };
      }
      return { callee: expression?.text ?? '', args: '' };
    });
}

/** `Depends(get_current_user)`, `Security(verify, scopes=…)`: the names a parameter list or argument depends on. */
function dependencies(text: string): string[] {
  return [...text.matchAll(/\b(?:Depends|Security)\(\s*([A-Za-z_][\w.]*)/g)].map((match) => match[1]!);
}

/** `router = APIRouter(dependencies=[Depends(verify_token)])`: dependencies of every route of `router`. */
function routerLevelDependencies(root: LiteNode): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const statement of root.namedChildren) {
    const assignment = statement.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
    if (assignment?.type !== 'assignment') continue;
    const target = assignment.childForFieldName('left');
    const value = assignment.childForFieldName('right');
    if (!target || value?.type !== 'call') continue;
    if (!/(?:^|\.)(?:APIRouter|FastAPI)$/.test(value.childForFieldName('function')?.text ?? '')) continue;
    const args = value.childForFieldName('arguments')?.text ?? '';
    const listed = /dependencies\s*=\s*\[([\s\S]*?)\]/.exec(args)?.[1];
    if (listed) found.set(target.text, dependencies(listed));
  }
  return found;
}

/**
 * `@bp.before_request` hooks that refuse without a login: every route of `bp` is protected (`*` for a hook
 * on the app itself, which runs before every blueprint's routes too).
 */
function beforeRequestHooks(
  functions: readonly FunctionDef[],
  auth: LanguageRules['auth'],
): Map<string, { label: string; role: boolean }> {
  const hooks = new Map<string, { label: string; role: boolean }>();
  for (const fn of functions) {
    for (const decorator of decoratorsOf(fn)) {
      const hook = /^(.*)\.(before_request|before_app_request)$/.exec(decorator.callee);
      if (!hook || !guardedBy(fn.body, auth.checks, auth.refusals)) continue;
      const value = {
        label: `@${decorator.callee} ${fn.name}`,
        role: guardedBy(fn.body, auth.roleChecks, auth.refusals),
      };
      hooks.set(hook[2] === 'before_app_request' || hook[1] === 'app' ? '*' : hook[1]!, value);
    }
  }
  return hooks;
}

function classOf(fn: FunctionDef): { bases: string; baseList: string[]; body: string } | undefined {
  const decorated = fn.node.parent?.type === 'decorated_definition' ? fn.node.parent : fn.node;
  const cls = decorated.parent?.parent;
  if (cls?.type !== 'class_definition') return undefined;
  const bases = cls.childForFieldName('superclasses');
  return {
    bases: bases?.text ?? '',
    baseList: bases?.namedChildren.map((base) => base.text) ?? [],
    body: cls.childForFieldName('body')?.text ?? '',
  };
}
