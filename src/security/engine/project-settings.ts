/**
 * What another file of the project may change of a framework's defaults (review r22): Flask's Jinja settings
 * (`app.jinja_env.autoescape = False` in `app/__init__.py`, filters and globals the application registers),
 * the type its JSON responses are sent as, a hook that retypes every response, a class of the project with an
 * `execute` method. The engine reads one file; the scan gives it these lines of the scan's other Python files,
 * so an exemption that rests on a default (`flask.render_template_string` escapes, a returned dict is JSON, a
 * DB-API query's rows are the database's) holds only when no file of the scan touches it. A file the scan does
 * not include is read from the workspace (security/workspace-settings.ts: the gate on one buffer, `vouch scan`
 * of one file; review r25).
 */
/** Jinja's settings, filters and globals (the XSS rule's `projectTextNot` for `render_template_string`) */
export const JINJA_SETTINGS =
  /autoescape|jinja_|template_filter|template_global|add_template|context_processor|\.filters\b|\.globals\b|__html__/;

/** A returned dict is not sent as JSON when the application changes what its JSON or its responses are. */
export const JSON_RETYPED =
  /\bjson\s*\.\s*(?:mimetype|response)\b|json_provider_class|JSONIFY_MIMETYPE|after_(?:app_)?request|process_response|response_class|default_mimetype/;

/** A class of the project with an `execute` method (the rows cleaner's `projectTextNot`, `_sources.json`) */
export const OWN_EXECUTE = /def\s+execute\b/;

/** Every line a `projectTextNot` or JSON_RETYPED may need: those of the three above. */
export const PROJECT_SETTINGS = new RegExp(
  [JINJA_SETTINGS, JSON_RETYPED, OWN_EXECUTE].map((pattern) => pattern.source).join('|'),
);

/**
 * The lines of the given Python files that match PROJECT_SETTINGS, one per line. Every file's, its own too:
 * its comments then count as well (an exemption given up more often, never taken more often).
 */
export function projectSettings(files: readonly { source: string; language?: string }[]): string {
  const lines: string[] = [];
  for (const file of files) {
    if (file.language !== 'python' || !PROJECT_SETTINGS.test(file.source)) continue;
    for (const line of file.source.split(/\r\n|[\n\r\f\v\u001c-\u001e\u0085\u2028\u2029]/))
      if (PROJECT_SETTINGS.test(line)) lines.push(line.trim());
  }
  return lines.join('\n');
}
