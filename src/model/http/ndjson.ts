/**
 * Lines of newline-delimited JSON (Ollama's streaming format) from text chunks, split anywhere. Blank
 * lines are skipped; a last line without a newline is still yielded (Ollama ends with one, proxies may not).
 */
export async function* readLines(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let buffer = '';
  for await (const chunk of chunks) {
    buffer += chunk;
    let newline = buffer.indexOf('\n');
    while (newline !== -1) {
      const line = buffer.slice(0, newline).replace(/\r$/, '');
      buffer = buffer.slice(newline + 1);
      if (line.trim() !== '') yield line;
      newline = buffer.indexOf('\n');
    }
  }
  if (buffer.trim() !== '') yield buffer;
}
