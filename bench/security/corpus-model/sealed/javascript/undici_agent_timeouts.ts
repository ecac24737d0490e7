import { Agent, fetch } from 'undici';

const dispatcher = new Agent({
  connect: {
    timeout: 5_000,
  },
  keepAliveTimeout: 10_000,
});

export async function getMetrics(baseUrl: string) {
  const response = await fetch(`${baseUrl}/metrics`, { dispatcher });
  return response.text();
}
