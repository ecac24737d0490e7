import { joinCallables } from './callables.js';
import type { KeyedEntries } from './keyed-entries.js';
import type { LiteNode as SyntaxNode } from './lite-tree.js';
import { EVERY_SIDE_PATHS } from './tls-contexts.js';
/**
 * Taint values. An origin is either a real source (request parameter, argv, …) or a parameter of the
 * function being summarised; `cleared` names the rules a sanitiser made the data safe for.
 */
export interface Origin {
  /** set for real sources: a label such as `Flask request parameter` */
  source?: string;
  line?: number;
  /** set for summary origins: the index of the parameter the data came from */
  param?: number;
  /** a constructor's parameter kept in a field (`self.cmd = cmd`), read by another method of the class */
  field?: { owner: string; param: number };
  /**
   * with `param`: what the parameter's headers hold, not its page (`r.mimetype` of a response given to a helper:
   * the caller's `Value.responseHeaders`; w102)
   */
  headers?: true;
}

export interface Taint {
  origins: Origin[];
  /** rule ids the data was sanitised for */
  cleared: ReadonlySet<string>;
  /** passed through a path normaliser (realpath, path.resolve): a later containment check sanitises it */
  normalized: boolean;
  /**
   * combined with other text (concatenation, f-string, template, `format`, `join`): a function that builds
   * a query from its parameter is injectable, one that passes its parameter through whole is a wrapper
   */
  built?: boolean;
  /**
   * the data is a password: read from a field, key or variable named like one (`request.form["password"]`,
   * `{ password } = req.body`, a parameter `password`); rules about storing credentials take only such data
   */
  password?: boolean;
  /** a number parsed from the data (`int(x)`, a route parameter typed `int`): its size is all that is left */
  number?: boolean;
  /**
   * an escape was undone on the way (`html.unescape(s)`, `s.replace("&lt;", "<")`: unescapes.ts): a helper that
   * does so to its parameter gives its caller's escaped text back unescaped (review r25)
   */
  undone?: boolean;
  /** the parameters whose data was unescaped (`undone`): a helper undoes the escape of those only (review r26) */
  undoneParams?: ReadonlySet<number>;
  /**
   * the parameters whose data went through a URL decoder (`unquote(p)`): a helper that does so gives its caller's
   * data back cleared for no rule, as the decoder called directly does (unescapes.ts `urlDecoded`, review r26)
   */
  decodedParams?: ReadonlySet<number>;
}

export type Constant = string | number | boolean | null;

/** What the interpreter knows about an expression. */
export interface Value {
  taint?: Taint;
  /** set when the value is a compile-time constant */
  known?: boolean;
  constant?: Constant;
  /** the resolved dotted name (`subprocess.run`, `req.query`, `conn.cursor()`), for matching */
  path?: string;
  /** the syntactic dotted name before import aliases were applied */
  rawPath?: string;
  /** the elements of a tuple/list/array literal, for rules that look inside (`bind(("0.0.0.0", port))`) */
  elements?: Value[];
  /** a literal with a `*spread` among its elements: they are not its positions (`(*a, q)`) */
  spread?: true;
  /**
   * what an argument list made here starts with (argv-program.ts, review r36): the left side of a list joined
   * by `+` (`c.split() + ["-v"]`; two literals joined give one list of both), or the one value an f-string
   * holds whole (`f"{c}"`)
   */
  argvHead?: Value;
  /**
   * the constant text a string built with `+` starts with (`"--command=" + q`): an option word whose value is the
   * data (argv-wrappers.ts, r46)
   */
  startsWith?: string;
  /** the positions of `elements` written as `*x` / `...x` (argv-program.ts reads the words they add) */
  spreadAt?: readonly number[];
  /** the value is a Python tuple literal's (`("ok", 302, {"Location": u})`), wherever it is bound afterwards */
  tuple?: boolean;
  /** a dict/object literal or `new Map(…)`: looking a key up in it gives its own values, never the key */
  container?: boolean;
  /** halves of a same-site path check met so far (`startsWith('/')`, not `startsWith('//')`) */
  slashChecks?: { leadingSlash?: boolean; noDoubleSlash?: boolean };
  /** a dict/object literal whose every value is a constant: a lookup in it gives a constant, whatever the key */
  constantTable?: boolean;
  /**
   * checked against a closed format (an anchored pattern of letters, digits and separators, such as a hex
   * colour or a slug) or one of a constant table's values: not a compile-time constant, but its text can
   * carry no markup or code, so rules about values that are "not a constant" treat it as one
   */
  inert?: boolean;
  /** the result of parsing the URL held in this variable (`parsed = urlparse(src)`): a check of its host checks `src` */
  urlOf?: string;
  /** the host part of the URL held in this variable (`host = urlparse(src).hostname`): a check of it checks `src` */
  hostOf?: string;
  /** a regular expression's pattern (a literal, `re.compile("…")`, `new RegExp("…")`) */
  pattern?: string;
  /**
   * passed a check of what kind of data it is (an upload's extension or media type): scoped sources are not
   * added to what is read from it (`file.filename` after `allowed_file(file.filename)`)
   */
  kindChecked?: boolean;
  /**
   * reached through an indirection that names a callable by a constant (`getattr(os, "sys" + "tem")`,
   * `importlib.import_module("subprocess")`, `cp["ex" + "ec"]`, `**{"shell": True}`): the text that hides it
   */
  hidden?: string;
  /**
   * what `functools.partial(f, *args, **keywords)` bound: calling the value calls `f` with these arguments
   * first and these keywords (those given at the call replace them)
   */
  bound?: { args: readonly Value[]; keywords: ReadonlyMap<string, Value>; hasSpread: boolean };
  /**
   * the callables reached through indirection this value may be, where branches joined (`run` is
   * `partial(subprocess.run, shell=True)` on one side, `partial(subprocess.run, check=True)` on the other):
   * calling it calls each (`callables.ts`); the value's own path, binding and hiding are the first's
   */
  either?: readonly Value[];
  /**
   * a web response's status, media type and headers given where it was built (`Response("ok", headers={"X-A":
   * x})`): no page (XSS), but what reading `resp.headers` back gives (response-headers.ts)
   */
  responseHeaders?: Taint;
  /** a dict/object literal's entries with constant keys (`opts = {"shell": True}` spread into a call later) */
  properties?: ReadonlyMap<string, Value>;
  /** every entry of the dict/object literal is in `properties` (no `**spread`, no computed key) */
  keyedOnly?: boolean;
  /**
   * a Python dict or `ConfigParser` given entries under constant keys only, by exact key (`keyed-entries.ts`):
   * a lookup by a constant key may give the entry's own value
   */
  keyed?: KeyedEntries;
  keyedBy?: 'dict' | 'list' | 'config';
  /**
   * a constant whose text is not what the literal reads as in `constant` (review r28): the literal has an escape
   * sequence (`"\x41"` is kept as written, `stringText`) or is bytes (`b"A" != "A"`, `b"A"[0]` is 65). Its text
   * may be passed on, never compared: no condition is decided on it, no character or key read from it.
   */
  inexact?: true;
  /**
   * a dict or list of headers changed after it was made in a way not followed (`del h["Content-Type"]`,
   * `h.pop(…)`, `h[name] = …`, `pairs.append(…)`): it declares no header for certain (response-headers.ts
   * `headerEntry`; review r17's F2)
   */
  entriesUnseen?: boolean;
  /**
   * a process started running a shell or interpreter that reads its script from standard input, or that
   * process's `.stdin` (`Popen(["sh"], stdin=PIPE)`, `spawn('sh', [])`; argv-program.ts, r48): what is written
   * there is the command
   */
  stdinProgram?: true;
  /**
   * the program's own file, or what was read from it: opened at a constant path outside the shared
   * temporary folders where nothing in the file writes anything but pickle's own stream (`own-writes.ts`;
   * `open("model.pkl", "rb")`,
   * `Path("templates/page.html").read_text()`). Its contents are no "file contents" source, and rules
   * with `notOwnFile` (unpickling) do not report loading it.
   */
  ownFile?: boolean;
  /**
   * a file opened at a path that carries this data (`open(file_path, "rb")`), and what is read from it: the
   * contents are the file's ("file contents"), but who names the file is who chooses them, which decides
   * whether a load of them is caller-supplied (sinks.ts `parametersOnly`)
   */
  openedAt?: Taint;
  /**
   * on some path the value is what a call returned (a branch join keeps one side's `path` only: `if not
   * blob: blob = r.get(key)`): see `returnedByCall`
   */
  fromCall?: boolean;
  /** Python bytes or text, where a call says which (`x.encode()` is bytes; `x.decode()`, `x.hex()` text) */
  kind?: 'bytes' | 'str';
  /**
   * the expression always raises (`bytes.fromhex(b)` of bytes, `.decode()` of text, `.encode()` of bytes, an
   * attribute Flask's `request` lacks; never a name nothing binds, which may exist at run time: issue 59):
   * no value comes of it, so a loader given it never loads anything
   */
  raises?: boolean;
  /**
   * the value is the result of a condition kept in a variable (`url_is_safe = url_has_allowed_host_and_scheme(
   * url=target, …)`), with what the names it read held then: testing the variable guards as the condition
   * would, while each of those names still holds that very value (`held-checks.ts`)
   */
  held?: HeldCheck;
}

/** A condition whose result a variable holds, and the values the names it read held when it ran. */
export interface HeldCheck {
  readonly condition: SyntaxNode;
  readonly reads: ReadonlyMap<string, Value | undefined>;
}

const EMPTY: ReadonlySet<string> = new Set();

// frozen: one object every clean value shares, so a write into it would change them all (a TypeError instead)
export const CLEAN: Value = Object.freeze({}) as Value;

/**
 * Data from a source. `trusted` names rules for which this source is the operator's own choice (a local
 * source and a rule with `localSourcesTrusted`): the data starts out cleared for them.
 */
export function sourceTaint(label: string, line: number, trusted?: ReadonlySet<string>): Taint {
  return { origins: [{ source: label, line }], cleared: trusted ?? EMPTY, normalized: false };
}

export function paramTaint(index: number): Taint {
  return { origins: [{ param: index }], cleared: EMPTY, normalized: false };
}

export function sameOrigin(a: Origin, b: Origin): boolean {
  return (
    a.param === b.param &&
    a.headers === b.headers &&
    a.source === b.source &&
    a.line === b.line &&
    a.field?.owner === b.field?.owner &&
    a.field?.param === b.field?.param
  );
}

/** Whether two taints are the same data: the same origins in the same order, cleared for the same rules. */
export function sameTaint(a: Taint | undefined, b: Taint | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return (
    a.origins.length === b.origins.length &&
    a.origins.every((origin, index) => sameOrigin(origin, b.origins[index]!)) &&
    a.cleared.size === b.cleared.size &&
    [...a.cleared].every((id) => b.cleared.has(id)) &&
    a.normalized === b.normalized &&
    !!a.built === !!b.built &&
    !!a.password === !!b.password &&
    !!a.number === !!b.number
  );
}

/** Union of taints: any origin flows; data is cleared for a rule only if every part was. */
export function mergeTaint(a: Taint | undefined, b: Taint | undefined): Taint | undefined {
  if (!a) return b;
  if (!b || a === b) return a;
  const origins = a.origins.slice();
  for (const origin of b.origins) {
    if (origins.length < 8 && !origins.some((known) => sameOrigin(known, origin))) origins.push(origin);
  }
  let cleared: ReadonlySet<string> = EMPTY;
  if (a.cleared.size && b.cleared.size) cleared = new Set([...a.cleared].filter((id) => b.cleared.has(id)));
  const merged: Taint = {
    origins,
    cleared,
    normalized: a.normalized && b.normalized,
    built: a.built || b.built,
  };
  if (a.password || b.password) merged.password = true;
  if (a.number && b.number) merged.number = true;
  if (a.undone || b.undone) merged.undone = true;
  if (a.undoneParams || b.undoneParams)
    merged.undoneParams = new Set([...(a.undoneParams ?? []), ...(b.undoneParams ?? [])]);
  if (a.decodedParams || b.decodedParams)
    merged.decodedParams = new Set([...(a.decodedParams ?? []), ...(b.decodedParams ?? [])]);
  return merged;
}

/** The taint of a value made by combining text with `taint`'s data (see `Taint.built`). */
export function builtTaint(taint: Taint | undefined): Taint | undefined {
  return taint && !taint.built ? { ...taint, built: true } : taint;
}

export function mergeAll(values: readonly (Value | undefined)[]): Taint | undefined {
  let taint: Taint | undefined;
  for (const value of values) taint = mergeTaint(taint, value?.taint);
  return taint;
}

export function clearTaint(
  taint: Taint | undefined,
  ruleIds: readonly string[] | ReadonlySet<string>,
): Taint | undefined {
  if (!taint) return taint;
  let missing = false;
  for (const id of ruleIds)
    if (!taint.cleared.has(id)) {
      missing = true;
      break;
    }
  if (!missing) return taint;
  const cleared = new Set(taint.cleared);
  for (const id of ruleIds) cleared.add(id);
  return { ...taint, cleared };
}

/**
 * What JSON encoding clears rule `id` of (`clearedByJson`): a mark of its own, not `id`, so that a sink where JSON
 * text still counts (`jsonKept`: `Set-Cookie`, `Refresh`) sees the data, and a real cleaner after the encoding
 * (`quote(json.dumps(x))`) still clears it there (w102).
 */
export const jsonClearedId = (id: string): string => `${id}~json`;

/** The same data marked as a password (see `Taint.password`). */
export function passwordTaint(taint: Taint | undefined): Taint | undefined {
  return taint && !taint.password ? { ...taint, password: true } : taint;
}

/** Names a password is kept under: `password`, `passwd`, `new_password`, `userPassword`, `pwd`, `passphrase`. */
export const PASSWORD_NAME =
  /^(?:\w*[_-])?(?:pass(?:word|wd|phrase)|pwd|pin)$|[a-z0-9](?:password|passwd|pwd)$/i;

/**
 * The origins that still matter for a rule: not cleared for it, and, for a rule that takes only some
 * sources (`sources`), from one of those (or a parameter or field, whose callers decide).
 */
export function liveOrigins({
  taint,
  ruleId,
  sources,
  excluded,
  jsonKept,
}: {
  taint: Taint | undefined;
  ruleId: string;
  sources?: readonly string[];
  excluded?: ReadonlySet<string>;
  /** JSON text of the data counts at this sink (the sink's `jsonKept`) */
  jsonKept?: boolean;
}): Origin[] {
  if (!taint || taint.cleared.has(ruleId) || (!jsonKept && taint.cleared.has(jsonClearedId(ruleId))))
    return [];
  if (!sources && !excluded?.size) return taint.origins;
  // Per origin, not only by `cleared`: merged with a parameter's data (cleared for nothing), an
  // exception's text must still not count for SQL injection.
  return taint.origins.filter(
    (origin) =>
      origin.source === undefined ||
      ((!sources || sources.includes(origin.source)) && !excluded?.has(origin.source)),
  );
}

/** A value a call returned (`r.get(key)`, `base64.b64decode(x)`): its dotted name ends a call. */
export const returnedByCall = (value: Value | undefined): boolean =>
  !!value?.fromCall || /\)$/.test(value?.path ?? '');

/** The value without the condition it held (`Value.held`). */
function withoutHeld(value: Value): Value {
  const { held: _held, ...rest } = value;
  return rest;
}

/**
 * The dotted name of a value two branches give: the same name, else the first side's, else the other's. A name
 * that holds only when every side gives it (a server's TLS context, `tls-contexts.ts`: review r32) is the other
 * side's, even none, where one side only gives it: a client's context on one branch is a client's context.
 */
function joinPaths(a: string | undefined, b: string | undefined): string | undefined {
  if (a === b) return a;
  if (a !== undefined && EVERY_SIDE_PATHS.has(a)) return b;
  if (b !== undefined && EVERY_SIDE_PATHS.has(b)) return a;
  return a ?? b;
}

/** Merges two values seen on different paths (branches): taint unites, a constant survives only if equal. */
export function joinValues(a: Value | undefined, b: Value | undefined): Value {
  // A condition's result held on one side only says nothing on the other (`if c: ok = is_safe(x)`).
  if (!a) return b?.held ? withoutHeld(b) : (b ?? CLEAN);
  if (!b) return a.held ? withoutHeld(a) : a;
  if (a === b) return a;
  const same = a.known && b.known && a.constant === b.constant;
  const inert = !same && (a.known || a.inert) && (b.known || b.inert);
  const joined: Value = {
    taint: mergeTaint(a.taint, b.taint),
    known: same || undefined,
    constant: same ? a.constant : undefined,
    ...(same && (a.inexact || b.inexact) ? { inexact: true } : {}),
    ...(inert ? { inert: true } : {}),
    path: joinPaths(a.path, b.path),
    rawPath: joinPaths(a.rawPath, b.rawPath),
    ...(returnedByCall(a) || returnedByCall(b) ? { fromCall: true } : {}),
    ...(a.responseHeaders || b.responseHeaders
      ? { responseHeaders: mergeTaint(a.responseHeaders, b.responseHeaders) }
      : {}),
  };
  // `run = partial(…)` on one side, another on the other: the call is each of them (`callables.ts`).
  const callable = joinCallables(a, b);
  const entries = joinEntries(a, b);
  if (entries) Object.assign(joined, entries);
  const structure = joinStructure(a, b);
  return callable
    ? { ...joined, ...structure, ...callable }
    : structure
      ? { ...joined, ...structure }
      : joined;
}

/**
 * A dict, list or parser followed by key on both sides (keyed-entries.ts): the keys both hold, each joined;
 * nothing when either side has none, or for lists of two lengths (a lookup then reads the whole holder).
 */
function joinEntries(a: Value, b: Value): Pick<Value, 'keyed' | 'keyedBy'> | undefined {
  if (!a.keyed || !b.keyed || a.keyedBy !== b.keyedBy) return undefined;
  if (a.keyed === b.keyed) return { keyed: a.keyed, keyedBy: a.keyedBy };
  // a list one side made longer: an index from the end names another element on each side
  if (a.keyedBy === 'list' && a.keyed.size !== b.keyed.size) return undefined;
  const keyed = new Map<string, Value>();
  for (const [key, value] of a.keyed) {
    const other = b.keyed.get(key);
    if (other) keyed.set(key, joinValues(value, other));
  }
  return { keyed, keyedBy: a.keyedBy };
}

/**
 * The shape both sides share where branches join (review r20 of w87): a dict/object literal on each side keeps
 * every key either side gives, each key's values joined (`opts = {shell: true}` or `{shell: true, cwd: d}`
 * still spreads `shell: true` into `spawn(c, opts)`); a tuple or list of the same length on each side keeps its
 * elements joined one by one (`bind(addr)`). A shape only one side has is dropped: the other may be anything.
 */
function sameKeys(a: Value['properties'], b: Value['properties']): boolean {
  if (!a || !b) return a === b;
  if (a.size !== b.size) return false;
  for (const key of a.keys()) if (!b.has(key)) return false;
  return true;
}

function joinStructure(a: Value, b: Value): Value | undefined {
  let structure: Value | undefined;
  if (a.properties && b.properties) {
    const properties = new Map(a.properties);
    for (const [key, value] of b.properties) properties.set(key, joinValues(properties.get(key), value));
    structure = { properties, ...(a.keyedOnly && b.keyedOnly ? { keyedOnly: true } : {}) };
  }
  if (a.elements && b.elements && a.elements.length === b.elements.length) {
    const right = b.elements;
    const elements =
      a.elements === right ? right : a.elements.map((value, index) => joinValues(value, right[index]));
    structure = {
      ...structure,
      elements,
      ...(a.tuple && b.tuple ? { tuple: true } : {}),
      ...(a.spread || b.spread ? { spread: true } : {}),
    };
  }
  if (!structure) return undefined;
  // A dict whose entries one side did not see, or whose keys differ between the sides, declares nothing (a
  // Content-Type on one path only is no declaration of the response's media type: response-headers.ts).
  if (a.entriesUnseen || b.entriesUnseen || !sameKeys(a.properties, b.properties))
    structure.entriesUnseen = true;
  if (a.container && b.container) structure.container = true;
  if (a.constantTable && b.constantTable) structure.constantTable = true;
  return structure;
}
