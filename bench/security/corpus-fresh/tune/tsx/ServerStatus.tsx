type Props = { searchParams: { node?: string; region?: string } };

const STATUS_API = 'https://status-api.example.com';

async function nodeHealth(node: string) {
  const res = await fetch(`http://${node}:9000/health`, { cache: 'no-store' });
  return (await res.json()) as { ok: boolean; version: string };
}

async function regionSummary(region: string) {
  const res = await fetch(`${STATUS_API}/regions/${encodeURIComponent(region)}`, { next: { revalidate: 30 } });
  return (await res.json()) as { incidents: number };
}

export default async function ServerStatus({ searchParams }: Props) {
  const node = searchParams.node ? await nodeHealth(searchParams.node) : null;
  const region = await regionSummary(searchParams.region ?? 'eu-west');
  return (
    <section>
      <h2>Status</h2>
      {node && <p>Node: {node.ok ? 'healthy' : 'unhealthy'} ({node.version})</p>}
      <p>Open incidents: {region.incidents}</p>
    </section>
  );
}
