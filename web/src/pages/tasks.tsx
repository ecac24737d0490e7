import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, getJson, sendEvent, streamTask } from '../api.js';
import { Answer } from '../components/answer.js';
import { type CodeLocation, CodeViewer } from '../components/code-viewer.js';
import { InlineCode } from '../components/inline-code.js';
import type { OpenApiDocument, TaskResult } from '../types.js';

type JsonSchema = {
  type?: string | string[];
  title?: string;
  enum?: unknown[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  $ref?: string;
  default?: unknown;
  anyOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
};

/** What each task is for, in the page's words; a task the page does not know still gets a form. */
const PURPOSE: Record<string, string> = {
  debug: 'Paste an error and its stack trace: the fix comes with the rerun that shows it.',
  review: 'Paste a diff to review.',
  test: 'Paste a function to get tests for it, with their mutation score.',
  refactor: 'Paste a function to refactor; behaviour is compared before and after.',
  generate: 'Describe code to write; it is verified before you see it.',
  explain: 'Paste code to have it explained.',
  complete: 'Paste code to complete.',
  ask: 'Ask a question about the codebase.',
  change:
    "Describe a change across files: the project's tests run before and after it, and its new tests must fail on the old code.",
};

interface TaskForm {
  name: string;
  summary: string;
  schema: JsonSchema;
}

function resolve(
  schema: JsonSchema | undefined,
  document: OpenApiDocument & { components?: { schemas?: Record<string, JsonSchema> } },
): JsonSchema {
  if (!schema) return {};
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop()!;
    return resolve(document.components?.schemas?.[name], document);
  }
  return schema;
}

function tasksOf(document: OpenApiDocument): TaskForm[] {
  const forms: TaskForm[] = [];
  for (const [path, operations] of Object.entries(document.paths)) {
    const match = /^\/v1\/tasks\/([\w-]+)$/.exec(path);
    const post = operations.post as
      | { summary?: string; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }
      | undefined;
    if (!match || !post || match[1] === 'chat') continue;
    forms.push({
      name: match[1]!,
      summary: post.summary ?? '',
      schema: resolve(post.requestBody?.content?.['application/json']?.schema, document),
    });
  }
  return forms;
}

type FieldKind = 'text' | 'long-text' | 'lines' | 'number' | 'boolean' | 'choice';

function kindOf(name: string, schema: JsonSchema): FieldKind | undefined {
  const type = Array.isArray(schema.type) ? schema.type.find((entry) => entry !== 'null') : schema.type;
  if (schema.enum) return 'choice';
  if (type === 'boolean') return 'boolean';
  if (type === 'number' || type === 'integer') return 'number';
  if (type === 'array' && schema.items?.type === 'string') return 'lines';
  if (type === 'string')
    return /code|source|error|diff|patch|spec|goal|message|input|trace|log|question|text|prompt|function|request/i.test(
      name,
    )
      ? 'long-text'
      : 'text';
  return undefined;
}

function Field({
  task,
  name,
  schema,
  required,
}: {
  task: string;
  name: string;
  schema: JsonSchema;
  required: boolean;
}) {
  const kind = kindOf(name, schema);
  const id = `${task}-${name}`;
  if (!kind) return null;
  // the schema's own title and description (tasks' input schemas, through /openapi.json): the form
  // cannot drift from what the API accepts; a field without them still gets its name
  const helpId = schema.description ? `${id}-help` : undefined;
  const label = (
    <label for={id}>
      {schema.title ?? name}
      {required ? ' (required)' : ''}
    </label>
  );
  const help = helpId ? (
    <span class="help" id={helpId}>
      {schema.description}
    </span>
  ) : null;
  const described = helpId ? { 'aria-describedby': helpId } : {};
  if (kind === 'boolean')
    // three states: leaving it unset keeps the task's own default, which a checkbox could not say
    return (
      <div class="field">
        {label}
        {help}
        <select id={id} name={name} data-kind={kind} {...described}>
          <option value="">
            (default{schema.default === undefined ? '' : `: ${schema.default ? 'yes' : 'no'}`})
          </option>
          <option value="true">yes</option>
          <option value="false">no</option>
        </select>
      </div>
    );
  return (
    <div class="field">
      {label}
      {help}
      {kind === 'choice' ? (
        <select id={id} name={name} data-kind={kind} required={required} {...described}>
          {!required && <option value="">(default)</option>}
          {schema.enum!.map((value) => (
            <option key={String(value)} value={String(value)}>
              {String(value)}
            </option>
          ))}
        </select>
      ) : kind === 'number' ? (
        <input
          type="number"
          id={id}
          name={name}
          data-kind={kind}
          required={required}
          min={schema.minimum}
          max={schema.maximum}
          {...described}
        />
      ) : kind === 'text' ? (
        <input type="text" id={id} name={name} data-kind={kind} required={required} {...described} />
      ) : (
        <textarea
          id={id}
          name={name}
          data-kind={kind}
          required={required}
          rows={kind === 'lines' ? 3 : 10}
          class="mono"
          {...described}
        />
      )}
      {kind === 'lines' && <span class="muted small">one per line</span>}
    </div>
  );
}

/** The form's fields as the task's JSON input: empty optional fields are left out, so the task's defaults apply. */
function readForm(form: HTMLFormElement): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const element of Array.from(form.elements) as HTMLInputElement[]) {
    const kind = element.dataset.kind as FieldKind | undefined;
    if (!kind || !element.name) continue;
    if (kind === 'boolean') {
      if (element.value !== '') input[element.name] = element.value === 'true';
    } else if (element.value.trim() !== '') {
      if (kind === 'number') input[element.name] = Number(element.value);
      else if (kind === 'lines')
        input[element.name] = element.value
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean);
      else input[element.name] = element.value;
    }
  }
  return input;
}

/** Every registered task but chat, from the server's own OpenAPI document: a form per task, the answer with its report. */
export function TasksPage() {
  const [forms, setForms] = useState<TaskForm[]>();
  const [selected, setSelected] = useState('');
  const [error, setError] = useState('');
  const [running, setRunning] = useState(false);
  const [stage, setStage] = useState('');
  const [reply, setReply] = useState('');
  const [result, setResult] = useState<TaskResult>();
  const [viewing, setViewing] = useState<CodeLocation>();
  const controller = useRef<AbortController | undefined>(undefined);
  useEffect(() => {
    getJson<OpenApiDocument>('/openapi.json').then(
      (document) => {
        const found = tasksOf(document);
        setForms(found);
        setSelected(found[0]?.name ?? '');
      },
      (failure: Error) => setError(failure.message),
    );
    return () => controller.current?.abort();
  }, []);
  const task = forms?.find((form) => form.name === selected);

  const run = async (event: Event) => {
    event.preventDefault();
    if (!task) return;
    setRunning(true);
    setError('');
    setReply('');
    setResult(undefined);
    controller.current = new AbortController();
    let text = '';
    try {
      const done = await streamTask(
        task.name,
        readForm(event.currentTarget as HTMLFormElement),
        (streamed) => {
          if (streamed.type === 'text-delta') {
            text += streamed.delta;
            setReply(text);
          } else if (streamed.type === 'stage')
            setStage(`${streamed.stage} ${streamed.status === 'start' ? '…' : 'done'}`);
          else if (streamed.type === 'check')
            setStage(`check ${streamed.result.name}: ${streamed.result.status}`);
        },
        controller.current.signal,
      );
      setReply(done.explanation);
      setResult(done);
      if (done.suggestion_id) sendEvent(done.suggestion_id, 'shown').catch(() => {});
    } catch (failure) {
      if ((failure as Error).name !== 'AbortError')
        setError(
          failure instanceof ApiError && failure.hint
            ? `${failure.message} — ${failure.hint}`
            : (failure as Error).message,
        );
    } finally {
      setRunning(false);
      setStage('');
    }
  };

  if (!forms) return <p>{error || 'Loading the tasks this server offers…'}</p>;
  if (forms.length === 0) return <p>This server offers no task besides chat.</p>;
  const properties = Object.entries(task?.schema.properties ?? {});
  const required = new Set(task?.schema.required ?? []);
  const skipped = properties
    .filter(([name, schema]) => !kindOf(name, schema))
    .map(([name, schema]) => schema.title ?? name);
  return (
    <div class="tasks">
      <h2>Tasks</h2>
      <p class="muted">
        The tasks this server offers (from its <code>/openapi.json</code>), chat aside.
      </p>
      <div class="field">
        <label for="task-select">Task</label>
        <select
          id="task-select"
          value={selected}
          onChange={(event) => setSelected((event.target as HTMLSelectElement).value)}
          disabled={running}
        >
          {forms.map((form) => (
            <option key={form.name} value={form.name}>
              {form.name}
            </option>
          ))}
        </select>
      </div>
      {task && (
        <form key={task.name} onSubmit={run}>
          <p>{PURPOSE[task.name] ?? task.summary}</p>
          {properties.map(([name, schema]) => (
            <Field key={name} task={task.name} name={name} schema={schema} required={required.has(name)} />
          ))}
          {skipped.length > 0 && (
            <p class="muted small">Not settable here: {skipped.join(', ')} (use the API).</p>
          )}
          <button type="submit" disabled={running}>
            Run {task.name}
          </button>
          {running && (
            <button type="button" onClick={() => controller.current?.abort()}>
              Stop
            </button>
          )}
        </form>
      )}
      {running && (
        <p role="status" class="muted">
          {stage}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          <InlineCode text={error} />
        </p>
      )}
      {(reply || result) && (
        <section class="reply" aria-label="Result" aria-busy={running}>
          <Answer reply={reply} {...(result ? { result } : {})} onCite={setViewing} />
        </section>
      )}
      {viewing && <CodeViewer location={viewing} onClose={() => setViewing(undefined)} />}
    </div>
  );
}
