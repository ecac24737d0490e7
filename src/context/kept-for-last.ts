/**
 * `compute`, with its answer kept for the last arguments it was given (compared with `===`): the server
 * and the language server ask for context at cursor after cursor of one file, and what is read from that
 * file's text alone is the same each time. One entry, so a long-lived process holds one file's worth; an
 * edit is a new text. Every caller with the same arguments gets the same value: callers treat it as read-only,
 * or add to it only what is itself a function of those arguments (and says what else it depends on).
 */
export function keptForLast<Args extends unknown[], Value>(
  compute: (...args: Args) => Value,
): (...args: Args) => Value {
  let last: { args: Args; value: Value } | undefined;
  return (...args) => {
    if (last && last.args.length === args.length && last.args.every((arg, index) => arg === args[index]))
      return last.value;
    const value = compute(...args);
    last = { args, value };
    return value;
  };
}
