// @ts-nocheck — a labelled scanner sample, not code of this project
export async function GET(request: Request) {
  const { searchParams } = new URL(request.url);
  const target = searchParams.get('target');
  const upstream = await fetch(`https://${target}/api`);
  return new Response(await upstream.text());
}
