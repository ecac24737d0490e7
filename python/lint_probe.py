"""vouch's lint probe: undefined names and unused imports, pyflakes-style.

Uses Python's own `ast` and `symtable`, so scoping rules (comprehensions, class bodies, `global`, `nonlocal`)
are the interpreter's. Reads the source on stdin, takes the file name to report as argv[1], prints a JSON
list of {"rule", "line", "col", "message"}. Parses only; runs in the sandbox with the project's interpreter
so the builtins are those of its Python version.
"""
import ast, builtins, json, symtable, sys

source = sys.stdin.read()
filename = sys.argv[1]
try:
    tree = ast.parse(source, filename)
    table = symtable.symtable(source, filename, 'exec')
except SyntaxError:
    print(json.dumps([]))
    raise SystemExit(0)

findings = []
star_import = any(isinstance(n, ast.ImportFrom) and any(a.name == '*' for a in n.names) for n in ast.walk(tree))
module_names = set()
for symbol in table.get_symbols():
    if symbol.is_assigned() or symbol.is_imported() or symbol.is_namespace() or symbol.is_parameter():
        module_names.add(symbol.get_name())
known = module_names | set(dir(builtins)) | {'__file__', '__name__', '__doc__', '__builtins__', '__spec__',
                                             '__loader__', '__package__', '__path__', '__annotations__',
                                             '__dict__', '__module__', '__qualname__', '__class__'}

undefined = set()
def walk(scope):
    for symbol in scope.get_symbols():
        name = symbol.get_name()
        if not symbol.is_referenced():
            continue
        if symbol.is_global() or (scope.get_type() == 'module' and not (symbol.is_assigned() or symbol.is_imported())):
            if name not in known:
                undefined.add(name)
    for child in scope.get_children():
        walk(child)
walk(table)

if not star_import:
    reported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in undefined and node.id not in reported:
            reported.add(node.id)
            findings.append({'rule': 'undefined-name', 'line': node.lineno, 'col': node.col_offset + 1,
                             'message': 'undefined name %r' % node.id})

used = set()
for node in ast.walk(tree):
    if isinstance(node, ast.Name):
        used.add(node.id)
    elif isinstance(node, ast.Attribute):
        root = node
        while isinstance(root, ast.Attribute):
            root = root.value
        if isinstance(root, ast.Name):
            used.add(root.id)
exported = set()
for node in tree.body:
    if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == '__all__' for t in node.targets):
        if isinstance(node.value, (ast.List, ast.Tuple)):
            exported.update(e.value for e in node.value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str))
# names used only inside string annotations still count as used
for node in ast.walk(tree):
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.isidentifier():
        used.add(node.value)

for node in ast.walk(tree):
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        if isinstance(node, ast.ImportFrom) and node.module == '__future__':
            continue
        for alias in node.names:
            if alias.name == '*':
                continue
            bound = alias.asname or alias.name.split('.')[0]
            if bound not in used and bound not in exported:
                findings.append({'rule': 'unused-import', 'line': node.lineno, 'col': node.col_offset + 1,
                                 'message': '%r imported but unused' % (alias.asname or alias.name)})

print(json.dumps(findings))
