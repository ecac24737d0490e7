import type { CompiledAuth, CompiledMatcher } from '../../rules.js';
import type { RawMatch } from '../interpreter.js';
import { type LiteNode, preorder } from '../lite-tree.js';

/**
 * One web route of a file, as the route model sees it: what it answers (method, path), what protects it
 * (authentication, a role check, and how we know), and what it does (changes stored state, serves one
 * user's data, administers).
 */
export interface Route {
  /** `DELETE /notes/{note_id}` or the handler's name when the path is not in the file */
  label: string;
  /** where to report: the registration or the handler's definition */
  node: LiteNode;
  /** the handler's body (for checks inside it and the writes it makes), if in this file */
  body: LiteNode | null;
  methods: Set<string>;
  /** the path and the handler's name, for the public / private / admin patterns */
  names: string[];
  /** what authenticates it (`@login_required`, `Depends(get_current_user)`, `requireAuth`), if anything */
  authentication?: string;
  /** what checks a role or permission on it, if anything */
  role?: string;
  /**
   * what may protect it out of sight (an imported decorator, an unknown base class, a project setting): no
   * finding on this route, and no evidence for others either
   */
  unknown?: string;
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The route model's findings. In a file where some route requires a login, a route that changes state or
 * serves private data with none is missing authentication (unless it is one anyone may use: login,
 * sign-up, webhooks, health). In a file where some route checks a role, an administrative route that only
 * requires a login is missing authorization.
 */
export function routeFindings(
  routes: readonly Route[],
  auth: CompiledAuth,
  matchers: readonly CompiledMatcher[],
): RawMatch[] {
  const authenticated = routes.filter((route) => route.authentication || route.role);
  const roleChecked = routes.filter((route) => route.role);
  const matches: RawMatch[] = [];
  const line = (route: Route) => route.node.startPosition.row + 1;
  const named = (route: Route, pattern: RegExp) => route.names.some((name) => pattern.test(plain(name)));
  for (const matcher of matchers) {
    if (matcher.spec.route === 'authentication' && authenticated.length > 0) {
      const evidence = authenticated[0]!;
      for (const route of routes) {
        if (route.authentication || route.role || route.unknown) continue;
        if (named(route, auth.publicRoutes)) continue;
        const writes =
          [...route.methods].some((method) => MUTATING.has(method)) ||
          (route.body !== null && auth.writes.test(route.body.text));
        const personal = named(route, auth.privateRoutes);
        if (!writes && !personal) continue;
        matches.push({
          matcher,
          line: line(route),
          column: route.node.startPosition.column + 1,
          message: `${route.label} ${writes ? 'changes stored data' : 'serves private data'} with no authentication, while other routes of this app require it (${evidence.label}: ${evidence.authentication ?? evidence.role})`,
        });
      }
    }
    if (matcher.spec.route === 'authorization' && roleChecked.length > 0) {
      const evidence = roleChecked[0]!;
      for (const route of routes) {
        if (!route.authentication || route.role || route.unknown) continue;
        if (!named(route, auth.adminRoutes)) continue;
        matches.push({
          matcher,
          line: line(route),
          column: route.node.startPosition.column + 1,
          message: `${route.label} is an administrative route that only requires a login, while other routes of this app check a role (${evidence.label}: ${evidence.role})`,
        });
      }
    }
  }
  return matches;
}

/** `deleteNote` → `delete_note`, `/Admin/Users` → `/admin/users`: names as the route patterns read them. */
function plain(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/**
 * Whether `body` refuses unless `condition` holds: an `if` testing it whose branch refuses (returns 401 or
 * 403, raises, aborts, redirects to a login). Nested functions count: a handler's callback is part of it.
 */
export function guardedBy(body: LiteNode | null, condition: RegExp, refusal: RegExp): boolean {
  if (!body) return false;
  let found = false;
  // pre-order with a stack of its own: a deep tree overflowed a recursive walk (w80)
  preorder(body, (node) => {
    if (found) return false;
    if (node.type === 'if_statement') {
      const test = node.childForFieldName('condition');
      const branch = node.childForFieldName('consequence');
      if (test && branch && condition.test(test.text) && refusal.test(branch.text)) {
        found = true;
        return false;
      }
    }
    return undefined;
  });
  return found;
}
