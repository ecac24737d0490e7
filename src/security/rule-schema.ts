import { z } from 'zod';

/**
 * The shape of a rule file under rules/security/. Rules are data: the engine knows how to match calls,
 * assignments, JSX attributes, returns and regular expressions; a rule says which ones matter, what
 * tainted data reaching them means, and what makes them safe.
 */

/**
 * The schemas, built on first use: a scan with the build's artefact (rule-artefact.ts) never validates a
 * rule file, and building them cost ≈ 5 ms of a one-file scan's CPU at its start (issue 59).
 */
function buildSchemas() {
  /** `python` or `javascript`; `javascript` covers TypeScript and TSX too. */
  const ruleLanguageSchema = z.enum(['python', 'javascript']);

  const constantSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
  const oneOrMany = <T extends z.ZodType>(schema: T) => z.union([schema, z.array(schema)]);

  const matcherSchema = z
    .object({
      languages: z.array(ruleLanguageSchema).optional(),
      /** glob over the resolved callee, `*` = any segment run: `subprocess.*`, `*.execute`, `eval` */
      call: oneOrMany(z.string()).optional(),
      /** callees excluded even though `call` matches them (`child_process.exec` is no SQL) */
      callNot: oneOrMany(z.string()).optional(),
      /** glob over an assignment target: `*.innerHTML`, `session[]`, `DEBUG` */
      assign: oneOrMany(z.string()).optional(),
      /** assignment targets excluded even though `assign` matches them (a server's TLS context: tls-contexts.ts) */
      assignNot: oneOrMany(z.string()).optional(),
      /** a JSX attribute name, e.g. `dangerouslySetInnerHTML` */
      jsxAttribute: z.string().optional(),
      /** not when the JSX element's opening tag matches this regular expression (`sandbox` without `allow-scripts`) */
      jsxElementNot: z.string().optional(),
      /** the value returned from a web route handler that renders text (Flask `@route`) */
      routeReturn: z.boolean().optional(),
      /** a regular expression literal (JS `/…/`) */
      regexLiteral: z.boolean().optional(),
      /** an `assert` statement whose condition matches this regular expression */
      assert: z.string().optional(),
      /** which parts a taint sink checks: positional arguments, keyword (or option-object) names, receiver, assigned value */
      args: z.array(z.number().int().min(0)).optional(),
      keywords: z.array(z.string()).optional(),
      receiver: z.boolean().optional(),
      value: z.boolean().optional(),
      /** only data combined with other text counts (`root.find(".//u[@n='" + name + "']")`), not a value passed whole */
      built: z.boolean().optional(),
      /** the assignment's computed key (prototype pollution) */
      computedKey: z.boolean().optional(),
      /** conditions (all must hold) */
      keyword: z.record(z.string(), oneOrMany(constantSchema)).optional(),
      keywordNot: z.record(z.string(), oneOrMany(constantSchema)).optional(),
      keywordMissing: z.array(z.string()).optional(),
      keywordPath: z.record(z.string(), z.string()).optional(),
      keywordPathNot: z.record(z.string(), z.string()).optional(),
      keywordIsConstant: z.array(z.string()).optional(),
      /** a string constant argument (by `keyword@index`) matches this case-insensitive regular expression; `True`, numbers and `None` never do */
      argConst: z.record(z.string(), z.string()).optional(),
      argPath: z.record(z.string(), z.string()).optional(),
      argIsConstant: z.array(z.number().int().min(0)).optional(),
      /** these arguments (`@0`, by index) or keywords (by name) are present and not compile-time constants */
      notConstant: z.array(z.string()).optional(),
      /**
       * not when one of these arguments (`0` by index, or a keyword) is the program's own file or was read from
       * one: opened at a constant path outside the shared temporary folders where the file writes nothing but
       * pickle's own stream (`pickle.load(open("model.pkl", "rb"))`; see `Value.ownFile`)
       */
      notOwnFile: z.array(z.string()).optional(),
      /**
       * these arguments (`0` by index, or a keyword) may be bytes: not text (`x.decode()`, `x.hex()`) and not a
       * value that always raises (`bytes.fromhex(x.encode())`): a loader that takes bytes, given either, raises
       * before it loads anything
       */
      bytesArguments: z.array(z.string()).optional(),
      /**
       * the argument list given as `keyword@index` lets the data choose what runs: a string or a list nothing recorded
       * the elements of, a list whose first element is the data, or a shell given the data as its `-c` script
       * (`["bash", "-c", cmd]`); not `["ls", path]` (argv-program.ts)
       */
      argvProgram: z.array(z.string()).optional(),
      /**
       * the same judgement of a program and its arguments given apart (r46): `program` names the argument that is the
       * program (`@0` of JavaScript's `spawn(program, args)`), `list` the argument list after it (from its
       * `listFrom`th element: `os.execv(path, argv)` skips `argv[0]`, the name the program sees) or `argsFrom` the
       * position where the call's own arguments become the program's (`os.execl(path, arg0, arg1…)`);
       * `programReported`: a program from the data is another sink's finding (command-injection's `os.exec*`)
       */
      argvOf: z
        .object({
          program: z.string(),
          list: z.string().optional(),
          listFrom: z.number().int().min(0).optional(),
          argsFrom: z.number().int().min(0).optional(),
          programReported: z.boolean().optional(),
        })
        .optional(),
      /**
       * `argvProgram` and `argvOf` hold only when the data chooses this part of what runs (w222): the `program`
       * (the list's first word, or the whole list) or the `script` a shell or interpreter runs (`["sh", "-c", c]`)
       */
      argvRuns: z.enum(['program', 'script']).optional(),
      /**
       * data from sources marked `local` (argv, the environment, console input, local files) is the operator's own
       * choice at this sink, as a rule's `localSourcesTrusted` says for all its sinks (w222: the program an
       * argument list names, not the script a shell runs)
       */
      localSourcesTrusted: z.boolean().optional(),
      /**
       * the program started reads its script from standard input (a shell or interpreter given no script, r48):
       * `list` names the argument list (Python's `args@0`), or `program` the program with `list` the words after
       * it (JavaScript's `execFileSync('sh', { input })`: an options object where the list may stand is none), or
       * `commandLine` a constant command line a shell runs (`execSync('bash -s', { input })`: its words, w212)
       */
      stdinProgram: z
        .object({
          program: z.string().optional(),
          list: z.string().optional(),
          commandLine: z.string().optional(),
        })
        .optional(),
      /** the receiver is a process, or its `.stdin`, started by such a list (`Popen(["sh"]).communicate(c)`) */
      receiverStdinProgram: z.boolean().optional(),
      /** the call's source text matches this regular expression (nested options: `algorithms: ['none']`) */
      callText: z.string().optional(),
      /** not when the call's source text matches (`members=` chosen by a function of the program) */
      callTextNot: z.string().optional(),
      /**
       * a string literal's text matches this regular expression (a raw-output construct in an inline
       * template: `v-html="…"`, `<%- … %>`); reported on the line of the match
       */
      stringPattern: z.string().optional(),
      numberBelow: z.record(z.string(), z.number()).optional(),
      argCount: z.number().int().min(0).optional(),
      argReDoS: z.number().int().min(0).optional(),
      /** the name being assigned, returned from or passed as must match (case-insensitive regular expression) */
      context: z.string().optional(),
      contextNot: z.string().optional(),
      valueConst: z.array(constantSchema).optional(),
      /**
       * the assigned value folds to a string constant matching this regular expression (`"sk_li" + "ve_…"`), with
       * text the file does not write whole anywhere (`"Bearer " + KEY` of a key written out is the literal's use)
       */
      valueConstPattern: z.string().optional(),
      /** the assigned value is a non-empty literal string that is not a placeholder */
      valueSecretString: z.boolean().optional(),
      /**
       * only when the value the sink checks (its first checked argument, or its receiver) was tested by a
       * condition earlier in the same function: validate-then-normalise (`if ".." in name: abort()` before
       * `unicodedata.normalize("NFKC", name)`)
       */
      checkedBefore: z.boolean().optional(),
      /**
       * not when a condition earlier in the same function (an `if`/`elif`/`while`/`assert`/ternary before the
       * call) matches this regular expression: a payload authenticated first (`hmac.compare_digest`)
       */
      guardedByNot: z.string().optional(),
      /** only a call reached through an indirection with constant names (`getattr(os, "sys" + "tem")`, `**{"shell": True}`) */
      hidden: z.boolean().optional(),
      /** only at module level */
      topLevel: z.boolean().optional(),
      /** only in files whose path matches (regular expression) / never in files whose path matches */
      pathMatches: z.string().optional(),
      pathNot: z.string().optional(),
      severity: z.enum(['info', 'low', 'medium', 'high', 'critical']).optional(),
      message: z.string().optional(),
      /**
       * `false`: a caller-supplied parameter reaching this sink is not reported (dynamic imports, timers); on a
       * pattern, its match keeps the rule's severity (a loader's data named by `notConstant` only to skip constants);
       * `'whole'`: reported even when passed whole (a shell runs the string it is given: `os.system(cmd)`)
       */
      callerSupplied: z.union([z.boolean(), z.literal('whole')]).optional(),
      /**
       * file modes: the constant number (or string of octal digits) given by `keyword@index` has every bit of
       * `set` set (`0o002`: writable by others) or, for a mask, none of the bits of `clear` (`os.umask(0)`)
       */
      modeBits: z
        .record(
          z.string(),
          z.object({ set: z.number().int().optional(), clear: z.number().int().optional() }),
        )
        .optional(),
      /** not when a string constant argument (by `keyword@index`) matches this case-insensitive regular expression */
      argConstNot: z.record(z.string(), z.string()).optional(),
      /**
       * a dict (or list of `(name, value)` pairs) given as `keyword@index` holds, under each named key (a header's
       * name, any case), a string constant matching the case-insensitive expression: `headers={"Content-Type":
       * "application/json"}` declares the media type (response-headers.ts `headerEntry`)
       */
      entryConst: z.record(z.string(), z.record(z.string(), z.string())).optional(),
      /**
       * not when such a dict holds such a constant under one of the keys (an XSS sink given headers that declare a
       * media type that is no page); at a web handler's return, the headers of its returned tuple
       */
      entryConstNot: z.record(z.string(), z.record(z.string(), z.string())).optional(),
      /**
       * none of these (by `keyword@index`) is given, or each is `None`: a media type given as `mimetype=` or
       * `content_type=` wins over the `headers` one (Werkzeug), `content_type=` over `mimetype=` (review r17's F3)
       */
      keywordsAbsent: z.array(z.string()).optional(),
      /**
       * `true`: only when the response the call builds is given its media type again after it is built
       * (`resp.headers["Content-Type"] = …`, `resp.mimetype = …`: response-headers.ts `retyped`; review r17's F1);
       * `false`: only when it is not (what the call declares is what is sent)
       */
      retyped: z.boolean().optional(),
      /**
       * JSON text of the data still counts here, in a rule with `clearedByJson`: a header whose value has parts of
       * its own (`Set-Cookie`'s `;` attributes, `Refresh`'s URL), which JSON's escapes do not touch (w102)
       */
      jsonKept: z.boolean().optional(),
      /**
       * the literal text built before the call (`"<a href='" + f(x)`: html-context.ts `textBefore`) is seen and does
       * not match this case-insensitive expression: an escaper clean only in some places of a page (w102)
       */
      textBeforeNot: z.string().optional(),
      /** an assignment to a subscript whose constant key matches this case-insensitive expression is not one (`Location`) */
      keyConstNot: z.string().optional(),
      /** only an assignment to a subscript whose constant key matches this case-insensitive expression (`Location`) */
      keyConst: z.string().optional(),
      /**
       * of an argument given as a dict/object literal, only the entries whose constant key matches this
       * case-insensitive expression count (`make_response(body, 302, {"Location": …})`); another argument counts not
       */
      argProperty: z.string().optional(),
      /**
       * of an argument given as a dict/object literal, the entries whose constant key matches this case-insensitive
       * expression do not count (`{"Location": …}` is open redirect's, not header injection's)
       */
      argPropertyNot: z.string().optional(),
      /**
       * the arguments count only when given as a dict, list or tuple (Flask reads `make_response(body, x)`'s second
       * argument as headers only then, as a status otherwise)
       */
      argContainer: z.boolean().optional(),
      /**
       * the call's keywords, but those `keywords` names, are the entries of one dict argument, judged by `argProperty`
       * or `argPropertyNot` (`resp.headers.update(X_Foo=x)`: a header named by its keyword)
       */
      keywordEntries: z.boolean().optional(),
      /**
       * the headers a web handler returns in a tuple (Flask's `return body, status, headers` and `return body,
       * headers`: a dict or a list of pairs), judged by `argProperty` or `argPropertyNot`
       */
      returnedHeaders: z.boolean().optional(),
      /** the assigned, returned or property value's source text matches this regular expression */
      valueText: z.string().optional(),
      /** glob over the assigned value's resolved name (`*CERT_NONE`) */
      valuePath: z.string().optional(),
      /** only in files whose text does not match this regular expression (`MAX_CONTENT_LENGTH` set somewhere) */
      fileTextNot: z.string().optional(),
      /**
       * only when neither the file's code nor the lines of the scan's files that change a framework's defaults
       * (`engine/project-settings.ts`, which must match every word of it) match this regular expression
       */
      projectTextNot: z.string().optional(),
      /** only in files whose text matches this regular expression (a decision made somewhere: `abort(403)`, `is_private`) */
      fileText: z.string().optional(),
      /** the callee is a class being constructed (`User(...)`, `new Account(...)`): its last name is capitalised */
      constructs: z.boolean().optional(),
      /** the class constructed is a data model: defined here on an ORM base (`db.Model`, `Base`), or imported from a models module */
      model: z.boolean().optional(),
      /** only data known to be a password (read from a field, key or variable named like one) counts */
      password: z.boolean().optional(),
      /** a pattern on an object literal's property (`rejectUnauthorized: false`), `assign` naming the property */
      property: z.boolean().optional(),
      /** a pattern on an equality test against a literal (`password == "…"`): `context` tests the other side's name, `argConst` the literal */
      compare: z.boolean().optional(),
      /** a pattern on an equality test between two computed values (`digest == signature`): `context` tests either side's name */
      secretCompare: z.boolean().optional(),
      /** a taint sink on the count of a sequence repeated with `*` (`"x" * n`, `[0] * n`) */
      repeat: z.boolean().optional(),
      /** a taint sink on a loop condition's bound (`for (i = 0; i < n; i++)`, `while i < n`) */
      loopBound: z.boolean().optional(),
      /** the value returned from any web handler (a route, a view, an error handler), not only an HTML route */
      responseReturn: z.boolean().optional(),
      /** positional arguments after the first count only when the first is not a constant whose `%` fields are all non-text (`%d`, `%r`) */
      percentFormat: z.boolean().optional(),
      /** only a number parsed from the data counts (`range(n)`: Python takes no text there) */
      onlyNumbers: z.boolean().optional(),
      /** every argument counts, positional and keyword (`jsonify(error=str(e))`, `User.create({ … })`) */
      allArguments: z.boolean().optional(),
      /** object-literal arguments do not count (structured loggers write them as JSON, line breaks escaped) */
      objectArgumentsSafe: z.boolean().optional(),
      /**
       * the route model (routes.ts): `authentication` — a route that changes state or returns private data with
       * no authentication, in an app that authenticates other routes; `authorization` — an admin route that only
       * authenticates, in an app that checks roles on others
       */
      route: z.enum(['authentication', 'authorization']).optional(),
    })
    .strict();

  const exampleSchema = z
    .object({
      language: z.enum(['python', 'javascript', 'typescript', 'tsx']),
      vulnerable: z.boolean(),
      code: z.string(),
      note: z.string().optional(),
    })
    .strict();

  const ruleSchema = z
    .object({
      id: z.string().regex(/^[a-z0-9-]+$/),
      name: z.string(),
      cwe: z.number().int().positive(),
      severity: z.enum(['low', 'medium', 'high', 'critical']),
      message: z.string(),
      hint: z.string(),
      /**
       * regular expressions (case-sensitive, `^` and `$` at line ends) whose absence from a file proves the
       * rule cannot match, so the file need not be parsed: each must be a necessary condition for some matcher
       * (a call's name, an import that resolves to it, a keyword it tests), never a guess
       */
      triggers: z.union([
        z.array(z.string()).min(1),
        z.record(ruleLanguageSchema, z.array(z.string()).min(1)),
      ]),
      /** the same for the rule's `patterns` when they need other words than its sinks (default: `triggers`) */
      patternTriggers: z.array(z.string()).optional(),
      /**
       * a second necessary condition beside `triggers` (and `patternTriggers`): one of these words must be in
       * the file too, or no matcher of the rule can match (the module its calls resolve through: `re` for
       * `re.compile`, where the trigger is the literal the pattern tests). A file holding a rule's triggers
       * without one of these is not parsed for that rule
       */
      requires: z
        .union([z.array(z.string()).min(1), z.partialRecord(ruleLanguageSchema, z.array(z.string()).min(1))])
        .optional(),
      sinks: z.array(matcherSchema).default([]),
      sanitizers: z.array(matcherSchema).default([]),
      patterns: z.array(matcherSchema).default([]),
      examples: z.array(exampleSchema).min(2),
      /**
       * a call that is one of this rule's sinks consumes the data: its result (a query's rows, a command's
       * output, a fetched page) is not the input passed through
       */
      consumesData: z.boolean().optional(),
      /**
       * a call that is one of this rule's sinks returns its data with the checks made before it undone: a
       * compatibility normalisation turns what a check refused (`．．／`) into what it looked for (`../`)
       */
      resetsChecks: z.boolean().optional(),
      /**
       * data from the environment, argv or local files (sources marked `local`) is the operator's own choice
       * here, not an attack (a storage root read from `FILES_ROOT`): only other sources are reported
       */
      localSourcesTrusted: z.boolean().optional(),
      /** only data from these sources (labels in `_sources.json`) counts for this rule's sinks */
      sources: z.array(z.string()).optional(),
      /** numbers parsed from untrusted data (`int(…)`, `Number(…)`) still count: their size is the attack */
      numbers: z.boolean().optional(),
      /**
       * JSON text of the data (`json.dumps(…)`, `JSON.stringify(…)`) is clean for this rule. JSON escapes `"`, `\\`
       * and control characters (line breaks) and nothing else: `<`, `'`, `$(…)`, backticks, `/` and `..` pass through.
       * So only rules whose attack needs a line break say so (a forged log line, a split header); a query, a shell
       * command, a path, a page or code built around the text is still the data's (w91). `"ascii"`: only by an
       * encoder that escapes non-ASCII too (`json.dumps`' default `ensure_ascii=True`), for log lines: U+2028 and
       * U+0085 break lines in some viewers (w95)
       */
      clearedByJson: z.union([z.boolean(), z.literal('ascii')]).optional(),
      /**
       * the data counts only as text built from it (`str(e)`, f-strings, concatenation, `format`, methods of
       * the data itself), not through a function it is handed to (`response_for_exception(request, exc)`,
       * `http_date(mtime)`): what such a function returns is its own
       */
      textOnly: z.boolean().optional(),
      /** rules whose findings on the same line this rule's finding replaces (it says the same, more precisely) */
      supersedes: z.array(z.string()).optional(),
      /**
       * injection families only: the parameters of a function no caller in the file is seen calling (the
       * usual shape of generated code) count as caller-supplied data, reported one level lower (at most
       * medium) with this message; `{function}` becomes the function's name and `{parameter}` e.g.
       * "its parameter `name`"
       */
      callerSupplied: z
        .object({
          message: z.string(),
          /** report a parameter passed to the sink whole (`eval(expr)`); otherwise only once it was combined with other text (`"SELECT …" + name`) */
          whole: z.boolean().default(false),
          /** the message when the parameter reached the sink whole, if it should differ */
          wholeMessage: z.string().optional(),
          /** narrower trigger words for files with no source, where only this parameter route could match */
          triggers: z.partialRecord(ruleLanguageSchema, z.array(z.string()).min(1)).optional(),
        })
        .strict()
        .optional(),
    })
    .strict();

  /** rules/security/_sources.json: where untrusted data comes from, and what cleans it for every rule. */
  const sourceSchema = z
    .object({
      languages: z.array(ruleLanguageSchema),
      label: z.string(),
      /**
       * data the person running the program controls (argv, environment, local files, console): findings
       * from such sources alone are reported one severity lower, as in CodeQL's local-source queries
       */
      local: z.boolean().default(false),
      /** dotted paths whose value (and everything read from it) is untrusted: `request.args`, `req.query` */
      paths: z.array(z.string()).default([]),
      /** calls whose result is untrusted: `input`, `os.getenv`, `*.recv` */
      calls: z.array(z.string()).default([]),
      /** untrusted only for the rules listing it in their `sources` (an exception's text is no SQL injection) */
      scoped: z.boolean().default(false),
      /**
       * rules a scoped source counts for without their listing it in `sources` (which would make it their only
       * one): a code object unmarshalled from anywhere is code for code-injection, whatever else reaches it
       */
      takenBy: z.array(z.string()).default([]),
      /** rules this source is no attack on (`redirect(request.url)` goes back to the page that was asked for) */
      notFor: z.array(z.string()).default([]),
      /**
       * a scoped source's own trigger words: a file holding one of them and a sink word of a rule that takes
       * the source is parsed (they do not count for other rules' sinks)
       */
      triggers: z.partialRecord(ruleLanguageSchema, z.array(z.string()).min(1)).optional(),
      /**
       * a caught exception is this source (`except E as e`, `catch (err)`, an error handler's parameter),
       * except exceptions of these types, whose messages are written for the client (`ValidationError`)
       */
      exceptions: z.object({ not: z.array(z.string()).default([]) }).optional(),
    })
    .strict();

  /** What authenticates a route, and what checks a role, in one language's web frameworks (the route model). */
  const authLanguageSchema = z
    .object({
      /** decorators (globs on the decorator's callee) that require a logged-in user: `login_required`, `jwt_required` */
      decorators: z.array(z.string()).default([]),
      /** decorators that require a role or permission: `admin_required`, `permission_required`, `user_passes_test` */
      roleDecorators: z.array(z.string()).default([]),
      /** base classes of class-based views that require a login (`LoginRequiredMixin`), or a role */
      mixins: z.array(z.string()).default([]),
      roleMixins: z.array(z.string()).default([]),
      /** decorators that neither authenticate nor check a role (`csrf_exempt`, `cache_page`); others not defined in the file may */
      neutral: z.array(z.string()).default([]),
      /** view base classes that protect nothing (`View`, `TemplateView`); other bases not defined in the file may */
      views: z.array(z.string()).default([]),
      /** views a project setting may protect, out of sight (DRF's `DEFAULT_PERMISSION_CLASSES`), unless they say otherwise */
      settingsProtected: z.array(z.string()).default([]),
      /** a middleware, dependency or wrapper whose name says it authenticates (regular expression) */
      names: z.string(),
      /** … or that it checks a role */
      roleNames: z.string(),
      /** a condition that tests who is logged in (regular expression over its text), ended by a refusal */
      checks: z.string(),
      /** a condition that tests a role or permission */
      roleChecks: z.string(),
      /** a statement that refuses: returns, raises, aborts, redirects, answers 401/403 */
      refusals: z.string(),
      /** code that changes stored state (regular expression over a handler's text) */
      writes: z.string(),
    })
    .strict();

  const authSchema = z
    .object({
      python: authLanguageSchema,
      javascript: authLanguageSchema,
      /**
       * routes anyone may use (login, sign-up, password reset, webhooks, health), tested on the path and the
       * handler's name, both in lower case with camelCase split by `_` (`deleteNote` → `delete_note`)
       */
      publicRoutes: z.string(),
      /** routes that return or change one user's data: path or handler name */
      privateRoutes: z.string(),
      /** routes for administrators: path or handler name */
      adminRoutes: z.string(),
    })
    .strict();

  const sourcesFileSchema = z
    .object({
      sources: z.array(sourceSchema),
      /** exact names a source's glob covers that are not untrusted (`window.location.origin`, the page's own origin) */
      notSources: z.array(z.string()).default([]),
      /** calls whose result carries no taint at all (numeric casts, lengths, type checks) */
      cleaners: z.array(matcherSchema),
      /** calls that normalise a path (a later containment check then sanitises it) */
      normalizers: z.array(matcherSchema),
      /** decorators (globs on the decorator's callee) marking a web route: its parameters are untrusted */
      routeDecorators: z.array(z.string()),
      /** the subset of those whose return value is rendered as HTML */
      htmlRouteDecorators: z.array(z.string()),
      /**
       * response classes (globs on the `response_class=` a route decorator is given) that make its return value a
       * page: FastAPI's `@app.get("/", response_class=HTMLResponse)` sends what the handler returns as HTML (w91)
       */
      htmlResponseClasses: z.array(z.string()).default([]),
      /** decorators marking an error handler: its exception parameter is the `exceptions` source, its return a response */
      errorHandlerDecorators: z.array(z.string()),
      /** the route model: what authenticates, what checks roles, which routes are public, private, for admins */
      auth: authSchema,
      /** parameter names that hold the request object in handlers (Django `request`, Express `req`) */
      requestParameters: z.record(ruleLanguageSchema, z.array(z.string())),
      /**
       * top-level modules of the web frameworks (and their companions) whose functions take the request object and
       * say what they return: a call of any other module of the project, unread, given the request object whole
       * returns the request's data (engine/unread-modules.ts, w230)
       */
      requestLibraries: z.record(ruleLanguageSchema, z.array(z.string())),
      /** regular expressions at least one of which a file must contain to hold any source */
      triggers: z.record(ruleLanguageSchema, z.array(z.string()).min(1)),
      /** what the engine knows of common calls besides sources and sinks (globs on the callee, or method names) */
      calls: z
        .object({
          /** calls after which nothing runs in every language (none: each is listed for its languages) */
          terminating: z.array(z.string()),
          /**
           * calls after which nothing runs in the named languages only: Express's `next()` hands the request on
           * and Next.js's `notFound()` throws, but Python's `next(rows)` returns an iterator's next item and a
           * Python helper named `notFound` is any function; Flask's `abort()` and `sys.exit()` raise in Python
           */
          terminatingIn: z.record(ruleLanguageSchema, z.array(z.string())),
          /** calls whose result combines their arguments with other text (`"…".format(x)`, `"/".join(parts)`) */
          building: z.array(z.string()),
          /** calls that give a constant for constant arguments (`str(…)`, `Buffer.from(…)`, `s.encode()`) */
          constant: z.array(z.string()),
          /** method names that put their arguments into the receiver (`items.append(x)`, `list.push(x)`) */
          mutatingMethods: z.array(z.string()),
          /** method names whose result is what their callback returns (`.map(x => …)`, `.then(…)`) */
          callbackResultMethods: z.array(z.string()),
          /** calls whose result is the function they are given, wrapped (`util.promisify(exec)` is still `exec`) */
          passThrough: z.array(z.string()),
          /** calls that parse a URL: a check of the result's host (`parsed.hostname in ALLOWED`) checks the URL */
          urlParsers: z.array(z.string()),
          /** cleaners whose result is a number parsed from the data: it still counts for rules about sizes (`numbers`) */
          numbers: z.array(z.string()),
          /** cleaners whose result is the data as JSON text: clean only for rules with `clearedByJson` */
          json: z.array(z.string()).default([]),
          /**
           * those of them that write non-ASCII raw (`orjson.dumps`, `JSON.stringify`: U+2028 and U+0085 pass as
           * they are): clean only for rules with `clearedByJson: true`, not `"ascii"`
           */
          jsonRawUnicode: z.array(z.string()).default([]),
          /** calls that compile a regular expression from their first argument (`re.compile`, `new RegExp`) */
          regexCompilers: z.array(z.string()),
          /**
           * calls that turn entities or escapes back into characters (`html.unescape`, `he.decode`,
           * `decodeURIComponent`): text escaped for HTML or XML and given to one is no longer escaped
           */
          unescaping: z.array(z.string()).default([]),
        })
        .strict(),
    })
    .strict();
  return {
    ruleLanguageSchema,
    matcherSchema,
    exampleSchema,
    ruleSchema,
    sourceSchema,
    authLanguageSchema,
    authSchema,
    sourcesFileSchema,
  };
}

type Schemas = ReturnType<typeof buildSchemas>;

let schemas: Schemas | undefined;

/** The rule files' schemas (zod), built the first time they are asked for. */
export function ruleSchemas(): Schemas {
  schemas ??= buildSchemas();
  return schemas;
}

export type RuleLanguage = z.infer<Schemas['ruleLanguageSchema']>;
export type Matcher = z.infer<Schemas['matcherSchema']>;
export type RuleExample = z.infer<Schemas['exampleSchema']>;
export type Rule = z.infer<Schemas['ruleSchema']>;
export type Source = z.infer<Schemas['sourceSchema']>;
export type AuthLanguage = z.infer<Schemas['authLanguageSchema']>;
export type AuthModel = z.infer<Schemas['authSchema']>;
export type SourcesFile = z.infer<Schemas['sourcesFileSchema']>;
