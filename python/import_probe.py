"""vouch's import probe. Runs INSIDE the sandbox with the project's interpreter.

Reads {"source", "project", "path"} as JSON on stdin, parses the source with `ast` (never runs it), imports
each module it uses (the installed packages' code runs, sandboxed) and walks every attribute chain used on an
imported name (`pd.DataFrame.append`). Answers {"imports", "problems", "python"} as JSON on stdout.

A warm worker (python/sandbox_worker.py, `inWorker` jobs) first asks `answer_in_worker`, in ITSELF rather than
in a forked child: the same probe with `fast` set, where no code of the project's or its packages' may run —
every module must be in sys.modules already (a plain module; not a namespace package, whose path finders
recompute) and every imported name in its module's own dict (or an imported submodule), no attribute chain is
walked, and a distribution's version is read only by the standard library's finder. What it cannot answer
that way it declines (None), and the job runs in a child as before; what it answers is what the child would
have printed.
"""
import ast, difflib, importlib, importlib.machinery, importlib.util, json, os, pkgutil, sys, types
try:
    import importlib.metadata as metadata
except ImportError:
    metadata = None



class Decline(Exception):
    """`fast` only: the answer needs code the worker has not run (an import, a lookup beyond a dict)."""


def standard_finders():
    """`fast` only: whether looking a distribution's version up runs the standard library's finders only
    (a finder a package put on sys.meta_path with its own find_distributions would run its code)."""
    for finder in sys.meta_path:
        if inspect.getattr_static(finder, 'find_distributions', None) is None:
            continue
        if not (finder is importlib.machinery.PathFinder or type(finder) is getattr(metadata, 'MetadataPathFinder', None)):
            return False
    return True


def could_be_submodule(path, name):
    """`fast` only: whether a package could still import `name` as a submodule not imported yet — a file or
    folder of that name in its folders, or a finder vouch does not know that could add one. File stats only."""
    if type(path) is not list or any(type(folder) is not str for folder in path):
        return True
    for finder in sys.meta_path:
        if finder in (importlib.machinery.BuiltinImporter, importlib.machinery.FrozenImporter,
                      importlib.machinery.PathFinder):
            continue
        # setuptools' shim answers for top-level `distutils` and `pip` only, never a package's submodule
        if type(finder).__module__ == '_distutils_hack' and type(finder).__name__ == 'DistutilsMetaFinder':
            continue
        return True
    suffixes = importlib.machinery.all_suffixes()
    for folder in path:
        if os.path.isdir(os.path.join(folder, name)):
            return True
        if any(os.path.exists(os.path.join(folder, name + suffix)) for suffix in suffixes):
            return True
    return False


def held(name):
    """`fast` only: the module `name` as imported already (a plain module), or Decline."""
    module = sys.modules.get(name)
    if type(module) is not types.ModuleType:
        raise Decline()
    return module




def salvage(source):
    """A buffer being typed rarely parses. Parse what does: each line a SyntaxError points at is closed if
    closing brackets make it a statement (`x = np.arrange(len(v)` -> `...)`), else replaced by `pass` at its
    indentation, until the rest parses (line numbers stay the same). Returns the tree and the lines left out."""
    lines = source.split('\n')
    skipped = []
    for _ in range(40):
        try:
            return ast.parse('\n'.join(lines)), skipped
        except SyntaxError as error:
            number = error.lineno or len(lines)
            if number < 1 or number > len(lines) or number in skipped:
                # the error is past the end (an unclosed block) or did not move: drop the last line that has text
                number = next((i + 1 for i in range(len(lines) - 1, -1, -1)
                               if lines[i].strip() and (i + 1) not in skipped), None)
                if number is None:
                    return None, skipped
            line = lines[number - 1]
            indent = line[:len(line) - len(line.lstrip())]
            body = line.strip()
            # a block opener keeps its block (the indented lines after it stay valid)
            following = next((text for text in lines[number:] if text.strip()), '')
            opens_block = body.endswith(':') or len(following) - len(following.lstrip()) > len(indent)
            replacement = indent + ('if True:' if opens_block else 'pass')
            for closers in (')', ']', '}', '))', ')]', '])', ')))', '"', "'", '")', "')"):
                candidate = body + closers
                try:
                    ast.parse(candidate.rstrip(':') if candidate.endswith(':') else candidate)
                except SyntaxError:
                    continue
                replacement = indent + candidate
                break
            lines[number - 1] = replacement
            skipped.append(number)
    return None, skipped



stdlib = set(getattr(sys, 'stdlib_module_names', ())) | set(sys.builtin_module_names)


def package(info):
    return {key: value for key, value in info.items() if key in ('distribution', 'version')}


def close(name, options):
    options = [o for o in set(options) if not o.startswith('__')]
    # a public name is what the code meant; private ones (`_joinrealpath`) only when nothing public is close,
    # or when the missing name is private itself
    public = [o for o in options if not o.startswith('_')]
    groups = [options] if name.startswith('_') else [public, [o for o in options if o.startswith('_')]]
    found = []
    lowered = name.lower()
    for group in groups:
        for match in difflib.get_close_matches(name, group, n=3, cutoff=0.6):
            if len(found) < 3 and match not in found:
                found.append(match)
        for option in sorted(group):
            if len(found) >= 3:
                break
            if option not in found and len(lowered) >= 4 and (lowered in option.lower() or option.lower() in lowered):
                found.append(option)
    return found


# What looking an attribute up can end in besides a value. Only AttributeError says an attribute is
# missing (as hasattr decides); anything else an object raises (Django's settings before they are
# configured raise ImproperlyConfigured for every attribute, even __path__ and __class__) means the probe
# cannot tell, and says nothing.
MISSING = object()
UNKNOWN = object()


def lookup(obj, attribute):
    try:
        return getattr(obj, attribute)
    except AttributeError:
        return MISSING
    except Exception:
        return UNKNOWN


def known(value):
    return value is not MISSING and value is not UNKNOWN


def package_path(obj):
    path = lookup(obj, '__path__')
    return path if known(path) else None


def members(obj):
    names = set()
    try:
        names.update(dir(obj))
    except Exception:
        pass
    path = package_path(obj)
    if path:
        try:
            names.update(m.name for m in pkgutil.iter_modules(path))
        except Exception:
            pass
    return names


import builtins, inspect, re, textwrap


def instance_has(cls, attribute):
    # What an instance may have beyond the class's own attributes: dynamic lookup, slots, annotations,
    # and 'self.x = ...' assignments in the source of the class and its bases. When the class cannot
    # tell (no source, a custom __getattr__), the answer is yes: better silent than wrong.
    if lookup(cls, attribute) is not MISSING:
        return True
    for klass in getattr(cls, '__mro__', ()):
        if klass is object:
            continue
        if '__getattr__' in vars(klass) or '__getattribute__' in vars(klass):
            return True
        if attribute in getattr(klass, '__slots__', ()) or attribute in getattr(klass, '__annotations__', {}):
            return True
        try:
            source = inspect.getsource(klass)
        except (OSError, TypeError):
            return True
        if re.search(r'\bself\.' + re.escape(attribute) + r'\s*(=|:)', source):
            return True
    return False



def accepts(function, name, given, positional, depth=0):
    """Whether a call of `function` takes the keyword `name`: True, False, or None when it cannot tell. A
    `**kw` that only passes its names on (`return cls(**kw)`) is followed to what it passes them to, two
    calls deep (json.load -> json.loads -> JSONDecoder), with the parameters the caller left out at their
    default (`cls=None`, then `if cls is None: cls = JSONDecoder`). `given`: the keywords the caller passes;
    `positional`: how many positional arguments. Never run: read from signatures and source."""
    try:
        signature = inspect.signature(function)
    except Exception:
        return None
    parameters = list(signature.parameters.values())
    if any(p.name == name and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) for p in parameters):
        return True
    varkw = next((p.name for p in parameters if p.kind is p.VAR_KEYWORD), None)
    if varkw is None:
        return False
    if depth >= 3:
        return None
    target = function.__init__ if isinstance(function, type) else function
    target = inspect.unwrap(target)
    if type(target) is not types.FunctionType:
        return None
    try:
        definition = ast.parse(textwrap.dedent(inspect.getsource(target))).body[0]
    except Exception:
        return None
    if not isinstance(definition, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    arguments = definition.args
    defaults = {}
    ordered = arguments.posonlyargs + arguments.args
    for argument, default in zip(ordered[len(ordered) - len(arguments.defaults):], arguments.defaults):
        defaults[argument.arg] = default
    for argument, default in zip(arguments.kwonlyargs, arguments.kw_defaults):
        if default is not None:
            defaults[argument.arg] = default
    bound_methods = 1 if isinstance(function, type) or inspect.ismethod(function) else 0
    positional_names = [a.arg for a in ordered][bound_methods:bound_methods + positional]
    passed = set(given) | set(positional_names)
    forwarding = []
    other_use = False
    for node in ast.walk(definition):
        if isinstance(node, ast.Call):
            if any(k.arg is None and isinstance(k.value, ast.Name) and k.value.id == varkw for k in node.keywords):
                forwarding.append(node)
    spread = {id(k.value) for call in forwarding for k in call.keywords if k.arg is None}
    up = {}
    for node in ast.walk(definition):
        for child in ast.iter_child_nodes(node):
            up[child] = node
    for node in ast.walk(definition):
        if not (isinstance(node, ast.Name) and node.id == varkw) or id(node) in spread:
            continue
        parent = up.get(node)
        # uses that take no name out of it: `kw['x'] = v` (adds one), `not kw`, `if kw`, `kw.get('y')`
        # for another name than this one
        if isinstance(parent, ast.Subscript) and isinstance(parent.ctx, ast.Store):
            continue
        if isinstance(parent, (ast.UnaryOp, ast.BoolOp, ast.If, ast.IfExp, ast.While)):
            continue
        if (isinstance(parent, ast.Attribute) and parent.attr in ('get', 'pop', 'setdefault')
                and isinstance(up.get(parent), ast.Call) and up[parent].args
                and isinstance(up[parent].args[0], ast.Constant) and up[parent].args[0].value != name):
            continue
        other_use = True
    if other_use or not forwarding:
        return None

    def resolve(expression):
        if not isinstance(expression, ast.Name):
            return None
        identifier = expression.id
        assigned = [n.value for n in ast.walk(definition) if isinstance(n, ast.Assign)
                    for t in n.targets if isinstance(t, ast.Name) and t.id == identifier]
        is_parameter = identifier in {a.arg for a in ordered + arguments.kwonlyargs}
        if is_parameter:
            # the caller left it out and its default is None: what the body puts there when it is None
            if identifier in passed or not (isinstance(defaults.get(identifier), ast.Constant) and defaults[identifier].value is None):
                return None
            if len(assigned) != 1 or not isinstance(assigned[0], ast.Name):
                return None
            identifier = assigned[0].id
        elif assigned:
            return None
        scope = getattr(target, '__globals__', {})
        if identifier in scope:
            return scope[identifier]
        return getattr(builtins, identifier, None)

    for call in forwarding:
        callee = resolve(call.func)
        if callee is None:
            return None
        inner_given = set()
        for keyword in call.keywords:
            if keyword.arg is None:
                continue
            value = keyword.value
            # `cls=cls` where the caller left cls out (None): as good as not given
            if (isinstance(value, ast.Name) and value.id not in passed and isinstance(defaults.get(value.id), ast.Constant)
                    and defaults[value.id].value is None):
                continue
            inner_given.add(keyword.arg)
        answer = accepts(callee, name, inner_given, len(call.args), depth + 1)
        if answer is not False:
            return answer
    return False


def probe(request, fast=False):
    project = os.path.realpath(request['project']) if request.get('project') else None
    try:
        tree = ast.parse(request['source'])
        skipped_lines = []
    except SyntaxError:
        tree, skipped_lines = salvage(request['source'])
        if tree is None:
            return {'imports': [], 'problems': [], 'syntaxError': True, 'skippedLines': skipped_lines}

    parents = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node

    # The package the candidate belongs to, from its path in the project (None when it has no place yet).
    path = request.get('path') or ''
    file_package = None
    if path.endswith('.py') and not path.startswith('<'):
        folder = os.path.dirname(path)
        file_package = folder.replace(os.sep, '.') if folder else ''

    imports = []
    bindings = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                imports.append({'module': alias.name, 'line': node.lineno, 'col': node.col_offset + 1})
                if alias.asname:
                    bindings[alias.asname] = (alias.name, [])
                else:
                    top = alias.name.split('.')[0]
                    bindings[top] = (top, [])
        elif isinstance(node, ast.ImportFrom) and (node.level == 0 and node.module or node.level > 0 and file_package is not None):
            module = node.module
            if node.level > 0:
                # relative to the package the file would live in (app/new.py: "from .util" is app.util)
                parts = file_package.split('.') if file_package else []
                if node.level - 1 > len(parts):
                    continue
                base = parts[:len(parts) - (node.level - 1)]
                module = '.'.join(base + ([node.module] if node.module else []))
                if not module:
                    continue
            imports.append({'module': module, 'line': node.lineno, 'col': node.col_offset + 1,
                            'names': [[a.name, node.lineno, node.col_offset + 1] for a in node.names if a.name != '*']})
            for alias in node.names:
                if alias.name != '*':
                    bindings[alias.asname or alias.name] = (module, [alias.name])

    # Names the candidate rebinds itself (assignments, parameters, defs) no longer refer to the import.
    shadowed = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            shadowed.add(node.id)
        elif isinstance(node, ast.arg):
            shadowed.add(node.arg)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            shadowed.add(node.name)

    def binding_chain(expression):
        # name.a.b → (binding name, ['a', 'b']) when name is an imported binding
        chain = []
        while isinstance(expression, ast.Attribute):
            chain.insert(0, expression.attr)
            expression = expression.value
        if isinstance(expression, ast.Name) and expression.id in bindings and expression.id not in shadowed:
            return expression.id, chain
        return None


    # Variables assigned exactly once from a call on an imported name (x = lib.Thing(...)): their attribute
    # uses are checked against the class, as far as a class can tell (see instance_has below).
    assignments = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            assignments.setdefault(node.targets[0].id, []).append(node.value)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and isinstance(node.target, ast.Name):
            assignments.setdefault(node.target.id, []).append(None)
        elif isinstance(node, ast.arg):
            assignments.setdefault(node.arg, []).append(None)
    instances = {}
    for name, values in assignments.items():
        if len(values) == 1 and isinstance(values[0], ast.Call) and name not in bindings:
            resolved = binding_chain(values[0].func)
            if resolved:
                instances[name] = resolved

    def keywords_of(node):
        # the keyword arguments of a call whose callee is `node` (None when it is no call's callee, or when
        # a `**mapping` passes names that cannot be read)
        call = parents.get(node)
        if not isinstance(call, ast.Call) or call.func is not node:
            return None
        names = [keyword.arg for keyword in call.keywords]
        if None in names or not names or any(isinstance(argument, ast.Starred) for argument in call.args):
            return None
        return [[keyword.arg, keyword.lineno, keyword.col_offset + 1] for keyword in call.keywords]

    def positional_of(node):
        call = parents.get(node)
        return len(call.args) if isinstance(call, ast.Call) else 0

    uses = []
    for node in ast.walk(tree):
        # a call of an imported name itself (`from json import load` ... `load(f, strict=1)`): its keywords
        if (isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in bindings
                and node.id not in shadowed):
            keywords = keywords_of(node)
            if keywords:
                uses.append({'name': node.id, 'chain': [], 'keywords': keywords, 'positional': positional_of(node),
                             'line': node.lineno, 'col': node.col_offset + 1})
            continue
        if not isinstance(node, ast.Attribute) or isinstance(parents.get(node), ast.Attribute):
            continue
        chain = []
        current = node
        while isinstance(current, ast.Attribute):
            chain.insert(0, current.attr)
            current = current.value
        where = {'line': node.lineno, 'col': node.col_offset + 1}
        if isinstance(current, ast.Name) and current.id in bindings and current.id not in shadowed:
            keywords = keywords_of(node)
            uses.append({'name': current.id, 'chain': chain, **where,
                         **({'keywords': keywords, 'positional': positional_of(node)} if keywords else {})})
        elif isinstance(current, ast.Name) and current.id in instances:
            name, prefix = instances[current.id]
            uses.append({'name': name, 'chain': prefix, 'instance': chain[0], **where})
        elif isinstance(current, ast.Call):
            resolved = binding_chain(current.func)
            if resolved:
                uses.append({'name': resolved[0], 'chain': resolved[1], 'instance': chain[0], **where})


    # A warm worker (vouch's long-lived probe) computed this once for the same sys.path; it is restarted when
    # a folder on that path changes.
    distributions = getattr(sys.modules.get('_vouch_worker'), 'distributions', None)
    if distributions is None and fast:
        raise Decline()
    if distributions is None:
        try:
            distributions = metadata.packages_distributions() if metadata else {}
        except Exception:
            distributions = {}


    def describe(module):
        top = module.split('.')[0]
        info = {'top': top}
        if top in stdlib:
            info['kind'] = 'stdlib'
            return info
        if fast:
            # what find_spec answers for a module already imported, read without running anything
            spec = vars(held(top)).get('__spec__')
            # a namespace package's path is recomputed (finders and path hooks run) when read after the
            # import caches were invalidated, which a child does first; an origin of another type than str
            # could run its own methods
            if (type(spec) is not importlib.machinery.ModuleSpec or type(spec.origin) not in (str, type(None))
                    or type(spec.submodule_search_locations) not in (list, type(None))):
                raise Decline()
        else:
            try:
                spec = importlib.util.find_spec(top)
            except Exception:
                spec = None
        if spec is None:
            info['kind'] = 'missing'
            return info
        origin = spec.origin if spec.origin not in (None, 'namespace', 'built-in', 'frozen') else None
        if origin is None and spec.submodule_search_locations:
            origin = list(spec.submodule_search_locations)[0]
        real = os.path.realpath(origin) if origin else ''
        in_project = bool(project and real.startswith(project + os.sep))
        if in_project and 'site-packages' not in real and 'dist-packages' not in real:
            info['kind'] = 'first-party'
            return info
        info['kind'] = 'third-party'
        names = distributions.get(top) or []
        if names:
            info['distribution'] = names[0]
            if fast and not standard_finders():
                raise Decline()
            try:
                info['version'] = metadata.version(names[0])
            except Exception:
                pass
        return info


    def has(obj, module_name, attribute):
        """(True, value) when found, (False, None) when missing, (None, None) when the lookup raised."""
        if fast:
            # obj is a plain module (held): its own dict, or a submodule imported already; a dunder may be
            # the module type's own descriptor, and anything else may need the module's __getattr__ or an import
            own = vars(obj)
            if not attribute.startswith('__') and attribute in own:
                return True, own[attribute]
            path = own.get('__path__')
            if type(path) is not list:
                raise Decline()
            sub = sys.modules.get(module_name + '.' + attribute) if module_name and path else None
            if type(sub) is types.ModuleType:
                return True, sub
            raise Decline()
        value = lookup(obj, attribute)
        if known(value):
            return True, value
        if module_name and package_path(obj):
            try:
                sub = importlib.import_module(module_name + '.' + attribute)
                return True, sub
            except Exception:
                pass
        return (None if value is UNKNOWN else False), None


    modules = {}
    problems = []
    described = {}
    for entry in imports:
        module = entry['module']
        info = described.setdefault(module, describe(module))
        entry.update(info)
        if info['kind'] == 'missing':
            continue
        try:
            modules[module] = held(module) if fast else importlib.import_module(module)
            # `import a.b` binds `a`: its uses (`a.b.f`) are walked from the top package, imported with it
            top = module.split('.')[0]
            if top != module and top in sys.modules:
                modules.setdefault(top, sys.modules[top])
                described.setdefault(top, info)
        except Decline:
            raise
        except ModuleNotFoundError as error:
            parent = module.rsplit('.', 1)[0] if '.' in module else None
            suggestions = []
            if parent:
                try:
                    suggestions = close(module.rsplit('.', 1)[1], members(importlib.import_module(parent)))
                except Exception:
                    pass
            problems.append({'kind': 'module-missing', 'module': module, 'line': entry['line'], 'col': entry['col'],
                             'detail': str(error), 'suggestions': [parent + '.' + s for s in suggestions] if parent else [], **package(info)})
            continue
        except BaseException as error:
            problems.append({'kind': 'import-failed', 'module': module, 'line': entry['line'], 'col': entry['col'],
                             'detail': '%s: %s' % (type(error).__name__, error), 'suggestions': [], **package(info)})
            continue
        for name, line, col in entry.get('names', []):
            found, _ = has(modules[module], module, name)
            if found is False:
                problems.append({'kind': 'name-missing', 'module': module, 'missing': name, 'owner': module,
                                 'line': line, 'col': col,
                                 'suggestions': close(name, members(modules[module])), **package(info)})

    def check_use(use):
        module, prefix = bindings[use['name']]
        if module not in modules:
            return
        obj = modules[module]
        path = list(prefix)
        dotted = module
        for part in prefix:
            found, obj = has(obj, dotted, part)
            dotted = dotted + '.' + part
            if not found:
                return
        walked = []
        for part in use['chain']:
            in_package = package_path(obj) or known(lookup(obj, '__file__'))
            found, nxt = has(obj, dotted if in_package else None, part)
            if found is None:
                return
            if not found:
                problems.append({'kind': 'attribute-missing', 'module': module, 'missing': part,
                                 'owner': '.'.join(path + walked) or module, 'local': use['name'],
                                 'line': use['line'], 'col': use['col'],
                                 'suggestions': close(part, members(obj)), **package(described.get(module, {}))})
                return
            walked.append(part)
            if isinstance(obj, type(sys)):
                dotted = dotted + '.' + part
            obj = nxt
            # Walk modules, classes and functions; stop at values whose attributes depend on runtime state.
            if not isinstance(obj, (type, type(sys))) and not callable(obj):
                return
        if use.get('keywords') and not use.get('instance'):
            unknown_keywords(obj, use, '.'.join(path + walked) or module, module)
        attribute = use.get('instance')
        if attribute and isinstance(obj, type) and not instance_has(obj, attribute):
            owner = '.'.join(path + walked) or module
            problems.append({'kind': 'attribute-missing', 'module': module, 'missing': attribute, 'owner': owner,
                             'local': use['name'], 'line': use['line'], 'col': use['col'],
                             'suggestions': close(attribute, members(obj)), **package(described.get(module, {}))})


    def unknown_keywords(function, use, owner, module):
        if not fast:
            return unknown_keywords_forwarded(function, use, owner, module)
        # keywords the callee does not take (a `**kwargs` takes any); silent when its signature cannot tell
        keywords = use.get('keywords')
        if not keywords:
            return
        if fast:
            # a plain Python function's own code object, read without running anything; a plain class (no
            # metaclass) by its __init__'s, found in the dicts of its MRO (no __new__ or __signature__ of its
            # own that could take other names); else decline
            bound = 0
            if type(function) is type:
                init = None
                for klass in function.__mro__:
                    own = vars(klass)
                    if '__signature__' in own or ('__new__' in own and klass is not object):
                        raise Decline()
                    if '__init__' in own:
                        init = own['__init__']
                        break
                function, bound = init, 1
            if type(function) is not types.FunctionType or '__wrapped__' in vars(function) or '__signature__' in vars(function):
                raise Decline()
            code = function.__code__
            if code.co_flags & inspect.CO_VARKEYWORDS:
                # `**kw` may pass them on (json.load to JSONDecoder): read by the child (forwarded_accepts)
                raise Decline()
            accepted = set(code.co_varnames[max(code.co_posonlyargcount, bound):code.co_argcount + code.co_kwonlyargcount])
        else:
            try:
                signature = inspect.signature(function)
            except Exception:
                return
            parameters = list(signature.parameters.values())
            if any(parameter.kind is parameter.VAR_KEYWORD for parameter in parameters):
                return
            accepted = {parameter.name for parameter in parameters
                        if parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY)}
        for name, line, col in keywords:
            if name not in accepted:
                problems.append({'kind': 'keyword-unknown', 'module': module, 'missing': name, 'owner': owner,
                                 'local': use['name'], 'line': line, 'col': col,
                                 'suggestions': close(name, accepted), **package(described.get(module, {}))})

    def unknown_keywords_forwarded(function, use, owner, module):
        keywords = use.get('keywords')
        given = {name for name, _, _ in keywords}
        positional = use.get('positional', 0)
        for name, line, col in keywords:
            if accepts(function, name, given, positional) is False:
                accepted = set()
                try:
                    accepted = {parameter.name for parameter in inspect.signature(function).parameters.values()
                                if parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY)}
                except Exception:
                    pass
                problems.append({'kind': 'keyword-unknown', 'module': module, 'missing': name, 'owner': owner,
                                 'local': use['name'], 'line': line, 'col': col,
                                 'suggestions': close(name, accepted), **package(described.get(module, {}))})

    def fast_use(use):
        # `fast`: the chain walked through plain modules the worker holds, by their own dicts; a class, a
        # function's attributes or a module that computes names (__getattr__, a package's submodules not
        # imported yet) decline, and the use goes to a child as before
        module, prefix = bindings[use['name']]
        if module not in modules:
            return
        obj = modules[module]
        walked = []
        parts = list(prefix) + list(use['chain'])
        for index, part in enumerate(parts):
            if type(obj) is not types.ModuleType:
                # the child walks classes and callables (getattr may run their code): not here; it stops at
                # other values, and so does this walk
                if type(obj) is type or callable(obj):
                    raise Decline()
                return
            own = vars(obj)
            if part.startswith('__'):
                raise Decline()
            if part in own:
                obj = own[part]
                walked.append(part)
                continue
            if '__dir__' in own or '__getattr__' in own:
                raise Decline()
            if '__path__' in own and could_be_submodule(own['__path__'], part):
                raise Decline()
            if index < len(prefix):
                return
            problems.append({'kind': 'attribute-missing', 'module': module, 'missing': part,
                             'owner': '.'.join(walked) or module, 'local': use['name'],
                             'line': use['line'], 'col': use['col'],
                             'suggestions': close(part, list(own)), **package(described.get(module, {}))})
            return
        if use.get('instance'):
            raise Decline()
        if use.get('keywords'):
            unknown_keywords(obj, use, '.'.join(walked) or module, module)

    for use in uses:
        if fast:
            fast_use(use)
            continue
        try:
            check_use(use)
        except Exception:
            # an object that raises wherever the walk asks it anything (isinstance reads __class__, which a
            # lazy proxy computes): the probe cannot tell, so this use is neither a finding nor a crash
            pass

    return {'imports': imports, 'problems': problems, 'python': sys.version.split()[0],
            'skippedLines': skipped_lines}


def answer_in_worker(stdin):
    """The probe's stdout for `stdin` answered without running anything new, or None (see the docstring)."""
    try:
        return json.dumps(probe(json.loads(stdin), fast=True)) + '\n'
    except Exception:
        return None


if __name__ == '__main__':
    print(json.dumps(probe(json.loads(sys.stdin.read()))))
