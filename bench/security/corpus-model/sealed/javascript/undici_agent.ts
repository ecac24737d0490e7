import { Agent, fetch } from 'undici';

const dispatcher = new Agent({
  connect: {
    rejectUnauthorized: false,
  },
});

export async function getMetrics(baseUrl: string) {
  const response = await fetch(`${baseUrl}/metrics`, { dispatcher });
  return response.text();
}
