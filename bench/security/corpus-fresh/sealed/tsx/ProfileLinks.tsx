type Social = { label: string; url: string };

function toHttpUrl(raw: string): string | null {
  try {
    const u = new URL(raw);
    return ['http:', 'https:'].includes(u.protocol) ? u.href : null;
  } catch {
    return null;
  }
}

export function ProfileLinks({ links, github }: { links: Social[]; github?: string }) {
  return (
    <ul className="socials">
      {links.map((l) => {
        const href = toHttpUrl(l.url);
        return href ? (
          <li key={l.label}>
            <a href={href} rel="me noopener" target="_blank">
              {l.label}
            </a>
          </li>
        ) : null;
      })}
      {github && (
        <li>
          <a href={`https://github.com/${encodeURIComponent(github)}`}>GitHub</a>
        </li>
      )}
    </ul>
  );
}

export function RawProfileLink({ social }: { social: Social }) {
  return <a href={social.url}>{social.label}</a>;
}
