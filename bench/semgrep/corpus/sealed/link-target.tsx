export function Links({ url }: { url: string }) {
  return (
    <nav>
      {/* ruleid: link-target-blank-no-noopener */}
      <a target="_blank" href={url}>out</a>
      {/* ok: link-target-blank-no-noopener */}
      <a target="_blank" href={url} rel="noopener noreferrer">safe</a>
      {/* ok: link-target-blank-no-noopener */}
      <a href={url}>same tab</a>
    </nav>
  );
}
