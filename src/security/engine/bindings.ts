import { tableOf } from './call-targets.js';
import { isIndirect } from './callables.js';
import { isConstructor } from './fields.js';
import { heldCheck } from './held-checks.js';
import type { Interpreter } from './interpreter.js';
import { entryWritten } from './keyed-entries.js';
import type { LiteNode as SyntaxNode } from './lite-tree.js';
import { patchedInPlace } from './module-patches.js';
import { keepEntryWrite, keepModuleWrite, keepWrite, writesModule } from './module-state.js';
import { changedInFile } from './response-headers.js';
import { assignmentPatterns, assignmentSinks } from './sinks.js';
import { rootIdentifier } from './syntax-nodes.js';
import { CLEAN, clearTaint, mergeTaint, PASSWORD_NAME, passwordTaint, type Value } from './taint.js';
import { hostnameCheckRefuses } from './tls-contexts.js';

/**
 * Binds an assignment's target (identifier, pattern, attribute, subscript) to a value, checking the
 * rules on assignments. A field or element written with tainted data taints what holds it (a weak
 * update: the holder keeps what it had).
 */
export function bind({
  it,
  target,
  value,
  valueNode,
}: {
  it: Interpreter;
  target: SyntaxNode;
  value: Value;
  valueNode: SyntaxNode | null;
}): void {
  switch (target.type) {
    case 'identifier':
    case 'shorthand_property_identifier_pattern': {
      // `password = request.form["pw"]`, `{ password } = req.body`: data kept under a password's name is one.
      const password =
        value.taint && PASSWORD_NAME.test(target.text)
          ? { ...value, taint: passwordTaint(value.taint) }
          : value;
      // `url_is_safe = url_has_allowed_host_and_scheme(url=target, …)`: a later test of it guards as the check does.
      const held = heldCheck(it, valueNode);
      const kept = held ? { ...password, held } : password;
      // `JSON_HEADERS = {"Content-Type": "application/json"}` at module level, written by a handler
      // (`JSON_HEADERS["Content-Type"] = t`): which entries another handler reads is not seen (review r17's F2)
      const named =
        !it.frame.fn && (kept.properties || kept.elements) && changedInFile(it.fileCode(), target.text)
          ? { ...kept, entriesUnseen: true }
          : kept;
      it.frame.scope.set(target.text, named);
      if (named.taint && writesModule(it, target.text)) keepModuleWrite(it, target.text, named.taint);
      assignmentPatterns({ it, target, name: target.text, value: named, valueNode });
      return;
    }
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
    case 'array_pattern':
    case 'expression_list': {
      const elements =
        valueNode && /^(?:tuple|list|expression_list|array)$/.test(valueNode.type)
          ? valueNode.namedChildren
          : [];
      target.namedChildren.forEach((child, index) => {
        const element = elements[index];
        bind({
          it,
          target: child,
          value: element ? it.expr(element) : { taint: value.taint },
          valueNode: null,
        });
      });
      return;
    }
    case 'object_pattern':
      for (const child of target.namedChildren) {
        if (child.type === 'shorthand_property_identifier_pattern') {
          bind({ it, target: child, value: propertyValue(value, child.text), valueNode: null });
        } else if (child.type === 'pair_pattern') {
          const key = child.childForFieldName('key');
          const inner = child.childForFieldName('value');
          if (inner)
            bind({ it, target: inner, value: propertyValue(value, key?.text ?? ''), valueNode: null });
        } else if (child.type === 'object_assignment_pattern') {
          const left = child.childForFieldName('left');
          if (left) bind({ it, target: left, value: propertyValue(value, left.text), valueNode: null });
        } else if (child.type === 'rest_pattern') {
          const inner = child.namedChildren[0];
          if (inner) bind({ it, target: inner, value: { taint: value.taint }, valueNode: null });
        }
      }
      return;
    case 'assignment_pattern': {
      const left = target.childForFieldName('left');
      if (left) bind({ it, target: left, value, valueNode });
      return;
    }
    case 'attribute':
    case 'member_expression':
    case 'subscript':
    case 'subscript_expression':
      bindMember({ it, target, value, valueNode });
      return;
    default:
      for (const child of target.namedChildren) bind({ it, target: child, value, valueNode: null });
  }
}

/** `obj.field = value`, `obj[key] = value`: sinks and patterns on the target, fields, the holder's taint. */
function bindMember({
  it,
  target,
  value,
  valueNode,
}: {
  it: Interpreter;
  target: SyntaxNode;
  value: Value;
  valueNode: SyntaxNode | null;
}): void {
  const objectNode = target.childForFieldName('object') ?? target.childForFieldName('value');
  const object = objectNode ? it.expr(objectNode) : CLEAN;
  const computed = target.type === 'subscript' || target.type === 'subscript_expression';
  const keyNode = computed
    ? (target.childForFieldName('index') ?? target.childForFieldName('subscript'))
    : null;
  const key = keyNode ? it.expr(keyNode) : undefined;
  const property = computed
    ? '[]'
    : `.${target.childForFieldName('property')?.text ?? target.childForFieldName('attribute')?.text ?? ''}`;
  const path = `${object.path ?? objectNode?.text ?? '?'}${property}`;
  const rawPath = `${object.rawPath ?? objectNode?.text ?? '?'}${property}`;
  assignmentSinks({ it, target, paths: [path, rawPath], value, key, objectNode });
  // The name a pattern's context tests: the attribute, or the constant key (`config["DEBUG"]`).
  const name = computed
    ? key?.known && typeof key.constant === 'string'
      ? key.constant
      : path
    : property.slice(1);
  // `ctx.verify_mode = CERT_NONE` on a client's default context whose hostname check is on raises ValueError
  const refused =
    it.language === 'python' &&
    hostnameCheckRefuses({
      target,
      object,
      fileCode: it.fileCode,
      patched: (modulePath) => patchedInPlace(tableOf(it, target), modulePath),
    });
  if (!refused) assignmentPatterns({ it, target, name, value, valueNode, paths: [path, rawPath] });
  const root = rootIdentifier(target);
  if (!computed) it.frame.scope.set(target.text, value);
  // `self.run = partial(subprocess.run, shell=True)`: the class's other methods call what the field holds.
  if (!computed && isIndirect(value))
    it.fields.storeCallable({ fn: it.frame.fn, objectNode, property: property.slice(1), value });
  if (!computed && value.taint) {
    it.fields.store({ fn: it.frame.fn, objectNode, property: property.slice(1), taint: value.taint });
    // `def load(self, q): self.cmd = q`: a caller's `r.load(request.args["q"])` fills the field (w135)
    const field = it.fields.keyOf(it.frame.fn, objectNode, property.slice(1));
    if (
      field &&
      !isConstructor(it.frame.fn) &&
      value.taint.origins.some((origin) => origin.param !== undefined)
    )
      keepWrite(it, field, {
        ...value.taint,
        origins: value.taint.origins.filter((origin) => origin.param !== undefined),
      });
  }
  // `h["Content-Type"] = "text/html"`, `h[name] = "text/html"` with no data: the dict of headers says what was
  // written, not what its literal said (review r17's F2).
  if (root && !value.taint && computed) {
    const holder = it.lookup(root);
    if (holder?.properties || holder?.elements)
      it.frame.scope.set(root, {
        ...holder,
        ...writtenEntries({ holder, direct: objectNode?.text === root, key, value }),
      });
  }
  if (root && value.taint) {
    if (writesModule(it, root)) {
      const entry = computed && objectNode?.text === root && key?.known ? key.constant : undefined;
      if (typeof entry === 'string') keepEntryWrite(it, { name: root, entry, taint: value.taint });
      else keepModuleWrite(it, root, value.taint);
    }
    const holder = it.lookup(root) ?? {};
    // `resp.headers["Location"] = url`, `resp.location = url`, `resp.mimetype = t`: a header is not the
    // response's page (no XSS when `resp` is returned).
    // (`ns.location = x` on any other object is that object's data)
    const header = computed
      ? /\.headers$/.test(objectNode?.text ?? '')
      : it.language === 'python' &&
        /^\.(?:location|mimetype|content_type)$/.test(property) &&
        [object.path, object.rawPath, objectNode?.text].some((name) => RESPONSE_OBJECT.test(name ?? ''));
    const taint = header ? clearTaint(value.taint, ['xss']) : value.taint;
    // The header keeps all its data under the response's headers (`resp.set_data(resp.headers["X-Name"])`
    // copies it into the page): only the page is cleared of XSS.
    if (header && computed && objectNode?.text) {
      // (first written here: what reading them gave, the headers the response was built with among it)
      const headers = it.lookup(objectNode.text) ?? { taint: object.taint };
      it.frame.scope.set(objectNode.text, { ...headers, taint: mergeTaint(headers?.taint, value.taint) });
    }
    // `resp.mimetype = t` read back as `resp.content_type`, `resp.headers["Content-Type"]`, or through `r2 = resp`:
    // every header of the response gives it back, not only the text written (review r17's F4)
    if (header && !computed && objectNode?.text) {
      const headers = it.lookup(`${objectNode.text}.headers`);
      if (headers)
        it.frame.scope.set(`${objectNode.text}.headers`, {
          ...headers,
          taint: mergeTaint(headers.taint, value.taint),
        });
    }
    it.frame.scope.set(root, {
      ...holder,
      ...writtenEntries({
        holder,
        direct: objectNode?.text === root,
        key: computed ? key : undefined,
        value,
      }),
      taint: mergeTaint(holder.taint, taint),
      ...(header ? { responseHeaders: mergeTaint(holder.responseHeaders, value.taint) } : {}),
    });
  }
  // `m["keyA"] = v` on a dict followed by key (keyed-entries.ts): the entry is `v` now; any other write forgets them
  const written = root ? it.lookup(root) : undefined;
  if (root && written?.keyed)
    it.frame.scope.set(root, {
      ...written,
      ...entryWritten({ holder: written, direct: computed && objectNode?.text === root, key, value }),
    });
}

/**
 * A dict written after it was made (`h = {"Location": "/"}; h["X-Name"] = x`): its description follows the
 * write, so a sink that judges entries by key (`argProperty`) does not trust the dict as first written. A
 * constant key written on the dict itself replaces that entry; after any other write the dict holds data its
 * entries do not carry, and a sink counts all of it (`entries` in sinks.ts).
 */
function writtenEntries({
  holder,
  direct,
  key,
  value,
}: {
  holder: Value;
  direct: boolean;
  key: Value | undefined;
  value: Value;
}): Pick<Value, 'properties' | 'keyedOnly' | 'entriesUnseen'> {
  if (!holder.properties) return holder.elements ? { entriesUnseen: true } : {};
  if (direct && key?.known && typeof key.constant === 'string') {
    const properties = new Map(holder.properties);
    properties.set(key.constant.toLowerCase(), value);
    return { properties, keyedOnly: holder.keyedOnly };
  }
  // `h[name] = x`: the entries stay as they were; the data they do not carry makes a sink judge the whole dict,
  // and what it holds under any key is not seen (`h[k] = "text/html"` may be its Content-Type)
  return { entriesUnseen: true };
}

/** Reading `.name` of an object value: a source object's fields are tainted; a module's members are names. */
export function propertyValue(value: Value, name: string): Value {
  return {
    taint: value.taint,
    path: value.path ? `${value.path}.${name}` : undefined,
    rawPath: value.rawPath ? `${value.rawPath}.${name}` : undefined,
    // `const { exec } = require("child_" + "process")`: a member of a module reached by a folded name
    ...(value.hidden && value.path ? { hidden: value.hidden } : {}),
  };
}

/** A response, as the open-redirect rule's `location` assignments name it (`resp`, `make_response()`, …). */
const RESPONSE_OBJECT = /(?:^|\.)(?:resp|response|\w*Response\(\)|make_response\(\)|redirect\(\))$/;
