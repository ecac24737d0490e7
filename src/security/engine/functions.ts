import type { RuleLanguage } from '../rule-schema.js';
import type { LanguageRules } from '../rules.js';
import { matchesAny } from './conditions.js';
import { checkDeadline } from './deadline.js';
import type { FunctionDef } from './interpreter.js';
import { preorder, type LiteNode as SyntaxNode } from './lite-tree.js';
import { isFunctionNode, parameterNames } from './syntax-nodes.js';

/**
 * Every named function of a file with what its parameters mean: a web route's parameters are untrusted,
 * a `request`/`req` parameter is the request object, anything else is a summary parameter.
 */
export function collectFunctions(
  root: SyntaxNode,
  language: RuleLanguage,
  rules: LanguageRules,
): FunctionDef[] {
  const found: FunctionDef[] = [];
  // In the file's order, without recursion (`preorder`): a deep tree (20,000 nested `[`, a 1 MB line of
  // `a + b + …`) overflowed the call stack of a recursive walk (issue 59, w80).
  preorder(root, (node) => {
    const fn = describe(node, language, rules);
    if (fn) found.push(fn);
    // Function literals passed as arguments run inline where they are passed; they are not summarised.
    return node.type !== 'arguments' && node.type !== 'argument_list';
  });
  if (language === 'python') helpersAreNotViews(found, root.text);
  return found;
}

/**
 * `def render_page(request, page)` that the file itself calls is a helper, not a view: its parameters
 * are what its callers pass (judged through its summary at each call), not URL arguments. A view the
 * file only names (`path("x/", view)`) stays a view.
 */
function helpersAreNotViews(functions: FunctionDef[], source: string): void {
  for (const fn of functions) {
    if (!fn.params.some((param) => param.label === URL_PARAMETER)) continue;
    // a scan of the whole file per function: the clock is worth reading each time (deadline.ts)
    checkDeadline();
    // A method is called as `self.name(…)`; a function by its bare name, one occurrence being its `def`.
    const call = fn.owner ? `\\bself\\.${fn.name}\\s*\\(` : `(?<![\\w.])${fn.name}\\s*\\(`;
    const calls = source.match(new RegExp(call, 'g'))?.length ?? 0;
    if (calls <= (fn.owner ? 0 : 1)) continue;
    fn.params = fn.params.map((param) =>
      param.label === URL_PARAMETER ? { names: param.names, kind: 'param' as const } : param,
    );
  }
}

const URL_PARAMETER = 'URL parameter';

function describe(node: SyntaxNode, language: RuleLanguage, rules: LanguageRules): FunctionDef | undefined {
  if (language === 'python') {
    if (node.type === 'assignment') return moduleLambda(node);
    if (node.type !== 'function_definition') return undefined;
    return python(node, rules);
  }
  let name: string | undefined;
  let fnNode: SyntaxNode | undefined;
  if (
    node.type === 'function_declaration' ||
    node.type === 'generator_function_declaration' ||
    node.type === 'method_definition'
  ) {
    name = node.childForFieldName('name')?.text;
    fnNode = node;
  } else if (node.type === 'variable_declarator') {
    const value = node.childForFieldName('value');
    if (value && isFunctionNode(value)) {
      name = node.childForFieldName('name')?.text;
      fnNode = value;
    }
  } else if (node.type === 'assignment_expression' || node.type === 'pair') {
    const value = node.childForFieldName('right') ?? node.childForFieldName('value');
    const target = node.childForFieldName('left') ?? node.childForFieldName('key');
    if (value && target && isFunctionNode(value)) {
      name = (target.childForFieldName('property') ?? target).text;
      fnNode = value;
    }
  } else if (node.type === 'export_statement') {
    // `export default (req) => …`, `export default function (req) {…}`: the module's default export, as
    // `module.exports = (req) => …` is its export (review r49: its body ran nowhere, its `req` was no request)
    const value = node.childForFieldName('value');
    if (value && isFunctionNode(value)) {
      name = 'default';
      fnNode = value;
    }
  }
  if (!name || !fnNode) return undefined;
  return javascript({ name, declaration: node, fnNode, rules });
}

/**
 * `restore = lambda blob: pickle.loads(blob)` at the top of a module (or in an `if`/`try` there): a function by
 * that name, as a `def` would be (review r10: its body ran nowhere, so a loader or a sink given its parameter
 * was never seen).
 * Its parameters are plain parameters; a lambda is never a route or a view.
 */
function moduleLambda(node: SyntaxNode): FunctionDef | undefined {
  const target = node.childForFieldName('left');
  const value = node.childForFieldName('right');
  if (target?.type !== 'identifier' || value?.type !== 'lambda') return undefined;
  if (node.parent?.type !== 'expression_statement' || !atModuleLevel(node.parent)) return undefined;
  const parameters = (value.childForFieldName('parameters')?.namedChildren ?? []).filter(
    (child) => child.type !== 'comment',
  );
  const params = parameters.map((parameter) => ({
    names: parameterNames(parameter),
    kind: 'param' as const,
    variadic: /^\s*\*/.test(parameter.text),
  }));
  return {
    name: target.text,
    node: value,
    body: value.childForFieldName('body'),
    params,
    htmlRoute: false,
    handler: false,
  };
}

/** The text of a call's keyword argument `name`, if given. */
function keywordText(call: SyntaxNode, name: string): string | undefined {
  const argument = (call.childForFieldName('arguments')?.namedChildren ?? []).find(
    (each) => each.type === 'keyword_argument' && each.childForFieldName('name')?.text === name,
  );
  return argument?.childForFieldName('value')?.text;
}

const defaultsByFile = new WeakMap<SyntaxNode, ReadonlySet<string>>();
const NO_DEFAULTS: ReadonlySet<string> = new Set();

/**
 * The names of a file's FastAPI apps and routers whose routes are sent with an HTML class when they name none
 * (w102): FastAPI takes the first class given of the route's, its router's `default_response_class=`, the one
 * `include_router(router, default_response_class=…)` is given and the including app's. So an app or router
 * built with an HTML default, and a router with none of its own included with an HTML one or into an app with
 * an HTML default.
 */
function htmlDefaults(node: SyntaxNode, rules: LanguageRules): ReadonlySet<string> {
  let root = node;
  while (root.parent) root = root.parent;
  const known = defaultsByFile.get(root);
  if (known) return known;
  // a file naming no `default_response_class` has no default of either kind: no walk of its whole tree (w243)
  if (!root.text.includes('default_response_class')) {
    defaultsByFile.set(root, NO_DEFAULTS);
    return NO_DEFAULTS;
  }
  const explicit = new Map<string, boolean>();
  const includes: { app: string; router: string; given: string | undefined }[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const current = stack.pop()!;
    stack.push(...current.namedChildren);
    if (current.type !== 'call') continue;
    const callee = current.childForFieldName('function');
    const name = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee?.text;
    if (name === 'FastAPI' || name === 'APIRouter') {
      const assignment = current.parent;
      const target = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : undefined;
      const given = keywordText(current, 'default_response_class');
      if (target?.type === 'identifier' && given !== undefined)
        explicit.set(target.text, matchesAny(rules.htmlResponseClasses, [given]));
    } else if (name === 'include_router' && callee?.type === 'attribute') {
      const app = callee.childForFieldName('object');
      const router = current.childForFieldName('arguments')?.namedChildren[0];
      if (app?.type === 'identifier' && router?.type === 'identifier')
        includes.push({
          app: app.text,
          router: router.text,
          given: keywordText(current, 'default_response_class'),
        });
    }
  }
  const html = new Set([...explicit].filter(([, isHtml]) => isHtml).map(([name]) => name));
  for (let pass = 0; pass < 3; pass++)
    for (const { app, router, given } of includes) {
      if (explicit.has(router)) continue;
      if (given !== undefined ? matchesAny(rules.htmlResponseClasses, [given]) : html.has(app))
        html.add(router);
    }
  defaultsByFile.set(root, html);
  return html;
}

/**
 * Whether a statement runs with the module: at its top, or in an `if`/`try`/`with` there (`except ImportError:
 * execute = lambda cmd: …`, review r15: such a lambda, the one that may run, was no function), never in a
 * function's or class's body.
 */
function atModuleLevel(statement: SyntaxNode): boolean {
  for (let node = statement.parent; node; node = node.parent) {
    if (node.type === 'module') return true;
    if (!MODULE_FLOW.has(node.type)) return false;
  }
  return false;
}
const MODULE_FLOW = new Set([
  'block',
  'if_statement',
  'elif_clause',
  'else_clause',
  'try_statement',
  'except_clause',
  'except_group_clause',
  'finally_clause',
  'with_statement',
]);

function python(node: SyntaxNode, rules: LanguageRules): FunctionDef {
  const name = node.childForFieldName('name')?.text ?? '<anonymous>';
  const decorated = node.parent?.type === 'decorated_definition' ? node.parent : undefined;
  // An array filled by pushes, not `filter(…).map(…)`: `map`'s result has one elements kind from the builtin and
  // another where TurboFan inlined it, and reading it threw away this function's optimised code (w216).
  const decorators: string[] = [];
  for (const decorator of decorated?.namedChildren ?? []) {
    if (decorator.type !== 'decorator') continue;
    const expression = decorator.namedChildren[0];
    const callee = expression?.type === 'call' ? expression.childForFieldName('function') : expression;
    decorators.push(callee?.text ?? '');
  }
  const route = decorators.some((text) => matchesAny(rules.routeDecorators, [text]));
  // `@app.get("/", response_class=HTMLResponse)`: FastAPI sends what the route returns as a page; with no
  // `response_class=`, as the router's, `include_router`'s or the app's default class says (w102).
  const htmlClass = (decorated?.namedChildren ?? []).some((decorator) => {
    const expression = decorator.namedChildren[0];
    if (expression?.type !== 'call') return false;
    const given = keywordText(expression, 'response_class');
    if (given !== undefined) return matchesAny(rules.htmlResponseClasses, [given]);
    const receiver = expression.childForFieldName('function')?.childForFieldName('object');
    return receiver?.type === 'identifier' && htmlDefaults(node, rules).has(receiver.text);
  });
  const htmlRoute =
    decorators.some((text) => matchesAny(rules.htmlRouteDecorators, [text])) || (route && htmlClass);
  // `@app.errorhandler(500)`, `@app.exception_handler(Exception)`: called with the exception; returns a response.
  const errorHandler = decorators.some((text) => matchesAny(rules.errorHandlerDecorators, [text]));
  const parametersNode = node.childForFieldName('parameters');
  const parameters = (parametersNode?.namedChildren ?? []).filter((child) => child.type !== 'comment');
  const inClass =
    node.parent?.parent?.type === 'class_definition' ||
    decorated?.parent?.parent?.type === 'class_definition';
  const first = parameters[0] ? parameterNames(parameters[0])[0] : undefined;
  const list = inClass && (first === 'self' || first === 'cls') ? parameters.slice(1) : parameters;
  // `def view(request, slug)`: the parameters after the request come from the URL. In a class only the
  // handlers Django and DRF call with URL arguments count (`get`, `retrieve`, an `@action`), not
  // `__init__(self, request, exc_type, …)` or a helper that happens to take the request first.
  const handler =
    !inClass || VIEW_METHODS.has(name) || decorators.some((text) => /(?:^|\.)action$/.test(text));
  // A private helper (`_not_modified(request, response)`) is no view: URL configurations name public functions.
  const djangoView =
    !route &&
    handler &&
    !name.startsWith('_') &&
    list[0] !== undefined &&
    parameterNames(list[0])[0] === 'request';
  const exceptionParameter = errorHandler
    ? list.findIndex((parameter) => !rules.requestParameters.has(parameterNames(parameter)[0] ?? ''))
    : -1;
  const params = list.map((parameter, index) => {
    const names = parameterNames(parameter);
    const main = names[0] ?? '';
    if (rules.requestParameters.has(main)) return { names, kind: 'request' as const };
    if (index === exceptionParameter && rules.exceptionSource)
      return { names, kind: 'source' as const, label: rules.exceptionSource.label };
    const text = parameter.text;
    // `file: UploadFile = File(...)`: what it holds is named for the rules (`file.filename` is the client's).
    const upload = /:\s*UploadFile\b/.test(text) ? { path: 'fastapi.UploadFile()' } : {};
    const injected =
      /Depends\(|:\s*(?:Request|Session|BackgroundTasks|Response|WebSocket|AsyncSession)\b/.test(text);
    // FastAPI validates an annotated number or UUID before the handler runs: no text can get through.
    if (route && !injected && (NUMERIC_ANNOTATION.test(text) || /:\s*(?:uuid\.)?UUID\s*(?:=|$)/.test(text)))
      return { names, kind: 'param' as const, numeric: true, bounded: UPPER_BOUND.test(text) };
    if (route && !injected) return { names, kind: 'source' as const, label: 'route parameter', ...upload };
    if (djangoView && index > 0) return { names, kind: 'source' as const, label: URL_PARAMETER };
    return {
      names,
      kind: 'param' as const,
      numeric: NUMERIC_ANNOTATION.test(text),
      variadic: /^\s*(?:\*|\.\.\.)/.test(text),
    };
  });
  const body = node.childForFieldName('body');
  const owner = inClass ? (decorated ?? node).parent?.parent?.childForFieldName('name')?.text : undefined;
  return { name, node, body, params, htmlRoute, owner, route, handler: route || errorHandler || djangoView };
}

/** FastAPI/Pydantic bounds checked before the handler runs: `Query(10, le=100)`, `conint(lt=50)`, `Field(le=…)`. */
const UPPER_BOUND = /\b(?:le|lt)\s*=\s*[\w.]+/;

/** methods of class-based views (Django `View`, DRF viewsets) that receive URL arguments */
const VIEW_METHODS = new Set([
  'get',
  'post',
  'put',
  'patch',
  'delete',
  'head',
  'options',
  'dispatch',
  'list',
  'retrieve',
  'create',
  'update',
  'partial_update',
  'destroy',
]);

/** a parameter declared as a number (`id: int`, `id: number`) cannot carry SQL or shell syntax */
const NUMERIC_ANNOTATION = /:\s*(?:int|float|bool|number|boolean|bigint)\s*(?:=|$)/;

const NEXT_HANDLERS =
  /^(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|getServerSideProps|generateMetadata|Page|default)$/;

function javascript({
  name,
  declaration,
  fnNode,
  rules,
}: {
  name: string;
  declaration: SyntaxNode;
  fnNode: SyntaxNode;
  rules: LanguageRules;
}): FunctionDef {
  const parametersNode = fnNode.childForFieldName('parameters') ?? fnNode.childForFieldName('parameter');
  const parameters =
    parametersNode?.type === 'identifier'
      ? [parametersNode]
      : (parametersNode?.namedChildren ?? []).filter((child) => child.type !== 'comment');
  const exported = isExported(declaration);
  // `function onError(err, req, res, next)`: Express calls a four-parameter middleware with the error.
  const errorMiddleware =
    parameters.length === 4 && rules.requestParameters.has(parameterNames(parameters[1] ?? null)[0] ?? '');
  const params = parameters.map((parameter, index) => {
    const names = parameterNames(parameter);
    if (errorMiddleware && index === 0 && rules.exceptionSource)
      return { names, kind: 'source' as const, label: rules.exceptionSource.label };
    if (names.length === 1 && rules.requestParameters.has(names[0]!))
      return { names, kind: 'request' as const };
    const destructured = parameter.text.trimStart().startsWith('{');
    const nextProps =
      names.includes('searchParams') ||
      ((NEXT_HANDLERS.test(name) || /(?:Page|Layout)$/.test(name)) &&
        names.some((one) => /^(?:params|query)$/.test(one)));
    if (exported && destructured && nextProps)
      return { names, kind: 'source' as const, label: 'Next.js route parameter' };
    // Pages router: `getServerSideProps(context)` gets the request's query, params and cookies.
    if (exported && /^get(?:ServerSideProps|InitialProps)$/.test(name))
      return { names, kind: 'source' as const, label: 'Next.js route parameter' };
    return {
      names,
      kind: 'param' as const,
      numeric: NUMERIC_ANNOTATION.test(parameter.text),
      variadic: /^\s*(?:\*|\.\.\.)/.test(parameter.text),
    };
  });
  const body = fnNode.childForFieldName('body');
  return { name, node: fnNode, body, params, htmlRoute: false, owner: classOf(declaration) };
}

/** The name of the class whose body holds a method definition (`class A { m() {} }`). */
function classOf(declaration: SyntaxNode): string | undefined {
  if (declaration.type !== 'method_definition' || declaration.parent?.type !== 'class_body') return undefined;
  const owner = declaration.parent.parent;
  return owner?.childForFieldName('name')?.text ?? (owner ? '<class>' : undefined);
}

function isExported(node: SyntaxNode): boolean {
  let current: SyntaxNode | null = node;
  for (let depth = 0; current && depth < 4; depth++) {
    if (current.type === 'export_statement') return true;
    current = current.parent;
  }
  return false;
}
