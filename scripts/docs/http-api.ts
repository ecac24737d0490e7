import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServerApp } from '../../src/server/app.js';
import { DEFAULT_SETTINGS } from '../../src/server/settings.js';
import { openServerStore } from '../../src/store/record/open-server-store.js';
import { generatedHeader, table } from './markdown.js';

/**
 * docs/reference/http-api.md: every route of the team server, written from the OpenAPI document the
 * server itself serves at `GET /openapi.json` (src/server/openapi.ts, from the routes' zod schemas).
 */

type JsonSchema = {
  type?: string | string[];
  $ref?: string;
  enum?: unknown[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  description?: string;
};
interface Operation {
  summary?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required: boolean; schema: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description: string; content?: Record<string, unknown> }>;
  'x-vouch-scope'?: string;
}
interface OpenApi {
  info: { description: string };
  paths: Record<string, Record<string, Operation>>;
}

/** The document as the server serves it, from an app on a throwaway store (no port). */
export async function openApiJson(): Promise<OpenApi> {
  const folder = mkdtempSync(join(tmpdir(), 'vouch-docs-'));
  const store = await openServerStore(join(folder, 'server.db'));
  try {
    const app = createServerApp({
      store,
      workspaceRoot: folder,
      config: {},
      settings: DEFAULT_SETTINGS,
      env: {},
    });
    return (await (await app.fetch(new Request('http://vouch.docs/openapi.json'))).json()) as OpenApi;
  } finally {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

function typeOf(schema: JsonSchema | undefined): string {
  if (!schema) return 'any';
  if (schema.$ref) return schema.$ref.replace('#/components/schemas/', '');
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return union.map(typeOf).join(' or ');
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  if (schema.type === 'array') return `${typeOf(schema.items)}[]`;
  return Array.isArray(schema.type) ? schema.type.join(' or ') : (schema.type ?? 'any');
}

function fields(schema: JsonSchema): string {
  const properties = Object.entries(schema.properties ?? {});
  if (properties.length === 0) return `A JSON ${typeOf(schema)}.\n`;
  const required = new Set(schema.required ?? []);
  return table(
    ['field', 'type', '', 'what it is'],
    properties.map(([name, property]) => [
      `\`${name}\``,
      typeOf(property),
      required.has(name) ? 'required' : '',
      property.description ?? '',
    ]),
  );
}

function operation(method: string, path: string, spec: Operation): string {
  let text = `### \`${method.toUpperCase()} ${path}\`\n\n${spec.summary ?? ''}\n\n`;
  text += spec['x-vouch-scope'] ? `Token scope: \`${spec['x-vouch-scope']}\`.\n\n` : 'No token needed.\n\n';
  if (spec.parameters?.length)
    text += `Parameters:\n\n${table(
      ['name', 'in', '', 'type'],
      spec.parameters.map((parameter) => [
        `\`${parameter.name}\``,
        parameter.in,
        parameter.required ? 'required' : '',
        typeOf(parameter.schema),
      ]),
    )}\n\n`;
  const body = spec.requestBody?.content['application/json']?.schema;
  if (body) text += `Body (JSON):\n\n${fields(body)}\n\n`;
  const statuses = Object.entries(spec.responses).map(
    ([status, response]) =>
      `\`${status}\` ${response.description}${response.content?.['text/event-stream'] ? ' (JSON, or server-sent events with `Accept: text/event-stream`)' : ''}`,
  );
  return `${text}Responses: ${statuses.join('; ')}.\n\n`;
}

export async function httpApiPage(): Promise<Map<string, string>> {
  const document = await openApiJson();
  const byTag = new Map<string, string[]>();
  for (const [path, methods] of Object.entries(document.paths))
    for (const [method, spec] of Object.entries(methods)) {
      const tag = spec.tags?.[0] ?? 'other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), operation(method, path, spec)]);
    }
  const sections = [...byTag].map(([tag, operations]) => `## ${tag}\n\n${operations.join('')}`);
  const text = `${generatedHeader('the OpenAPI document the server serves (src/server/openapi.ts)')}
# HTTP API reference

${document.info.description}

The server serves this document itself at \`GET /openapi.json\` (OpenAPI 3.1, with every schema in full);
this page lists its routes. Running the server, accounts and tokens: [the team server](../team-server.md).

${sections.join('\n').trimEnd()}
`;
  return new Map([['docs/reference/http-api.md', text]]);
}
