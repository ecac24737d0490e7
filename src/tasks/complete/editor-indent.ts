/**
 * A completion's first line as editors insert it. With the cursor after the indentation of a blank line,
 * models often answer with the whole line, indentation and all: inserted as is, it is indented twice
 * ("unexpected indent" in Python). Editors take the indentation already before the cursor off the
 * answer's first line (VS Code and the LSP inline completion do the same); only an exact repeat of it is
 * taken off, and the later lines, which carry their own indentation, are left as they are.
 */
export function asEditorsIndent(prefix: string, completion: string): string {
  const lineStart = prefix.slice(prefix.lastIndexOf('\n') + 1);
  if (lineStart === '' || !/^[ \t]+$/.test(lineStart)) return completion;
  return completion.startsWith(lineStart) ? completion.slice(lineStart.length) : completion;
}
