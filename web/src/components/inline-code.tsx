/**
 * A message of vouch's own (an error, a hint) with its `backticked` commands shown as code rather than
 * with the backticks: the server writes them for the terminal, where the backticks read fine.
 */
export function InlineCode({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/`([^`\n]+)`/)
        .map((piece, index) => (index % 2 === 1 ? <code key={index}>{piece}</code> : piece))}
    </>
  );
}
