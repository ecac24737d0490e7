/**
 * Curated breaking changes that models trained on older code get wrong. A note applies when the version
 * found is at least `from` (and below `below` when given). Keep entries short, factual and actionable.
 */
export interface BreakingChangeEntry {
  ecosystem: 'npm' | 'pypi' | 'go' | 'cargo' | 'maven' | 'runtime';
  /** package name as in EnvironmentPackage (PyPI normalised), or the language name for `runtime` */
  name: string;
  from: string;
  below?: string;
  note: string;
}

export const BREAKING_CHANGES: readonly BreakingChangeEntry[] = [
  {
    ecosystem: 'pypi',
    name: 'pandas',
    from: '2.0',
    note: '`DataFrame.append` and `Series.append` were removed in 2.0 — use `pd.concat`; `swapaxes`, `iteritems` are gone (use `items`).',
  },
  {
    ecosystem: 'pypi',
    name: 'pandas',
    from: '2.0',
    note: 'pandas 2: `numeric_only` defaults to False in reductions such as `DataFrame.mean`; pass `numeric_only=True` on mixed frames.',
  },
  {
    ecosystem: 'pypi',
    name: 'pandas',
    from: '3.0',
    note: 'pandas 3: Copy-on-Write is always on (chained assignment no longer updates the original) and strings default to the `str` dtype.',
  },
  {
    ecosystem: 'pypi',
    name: 'numpy',
    from: '2.0',
    note: 'NumPy 2: aliases `np.float_`, `np.complex_`, `np.NaN`, `np.Inf`, `np.string_` were removed (use `np.float64`, `np.complex128`, `np.nan`, `np.inf`, `np.bytes_`); `np.in1d`/`row_stack` deprecated.',
  },
  {
    ecosystem: 'pypi',
    name: 'numpy',
    from: '1.24',
    below: '2.0',
    note: 'NumPy ≥1.24: `np.int`, `np.float`, `np.bool`, `np.object` aliases are removed — use the builtins.',
  },
  {
    ecosystem: 'pypi',
    name: 'pydantic',
    from: '2.0',
    note: 'Pydantic 2: use `model_dump()`/`model_validate()`/`model_config = ConfigDict(...)`, `@field_validator`/`@model_validator` instead of `.dict()`, `parse_obj`, `class Config`, `@validator`.',
  },
  {
    ecosystem: 'pypi',
    name: 'sqlalchemy',
    from: '2.0',
    note: 'SQLAlchemy 2: `select(User).where(...)` with `session.execute(...).scalars()`; `session.query` is legacy, `engine.execute` and string SQL without `text()` are removed; `declarative_base` moved to `sqlalchemy.orm` (prefer `DeclarativeBase`).',
  },
  {
    ecosystem: 'pypi',
    name: 'django',
    from: '4.0',
    note: 'Django 4: `django.utils.translation.ugettext*` and `django.conf.urls.url()` were removed — use `gettext*` and `re_path()`/`path()`.',
  },
  {
    ecosystem: 'pypi',
    name: 'django',
    from: '5.0',
    note: 'Django 5: `DEFAULT_FILE_STORAGE`/`STATICFILES_STORAGE` replaced by `STORAGES`; `pytz` support removed (use `zoneinfo`).',
  },
  {
    ecosystem: 'pypi',
    name: 'flask',
    from: '2.3',
    note: 'Flask ≥2.3: `flask.json.JSONEncoder`, `before_first_request` and `app.json_encoder` are removed.',
  },
  {
    ecosystem: 'pypi',
    name: 'scikit-learn',
    from: '1.2',
    note: 'scikit-learn ≥1.2: `OneHotEncoder(sparse=...)` is `sparse_output=...`; `load_boston` was removed.',
  },
  {
    ecosystem: 'pypi',
    name: 'openai',
    from: '1.0',
    note: 'openai ≥1.0: `openai.ChatCompletion.create` is gone — use `OpenAI().chat.completions.create(...)`.',
  },
  {
    ecosystem: 'pypi',
    name: 'langchain',
    from: '0.1',
    note: 'LangChain ≥0.1: integrations moved to `langchain_community`/`langchain_openai`; `LLMChain` is deprecated in favour of runnables (`prompt | llm`).',
  },
  {
    ecosystem: 'pypi',
    name: 'matplotlib',
    from: '3.9',
    note: 'Matplotlib 3.9: `matplotlib.cm.get_cmap` was removed — use `matplotlib.colormaps[name]`.',
  },
  {
    ecosystem: 'pypi',
    name: 'pytest',
    from: '8.0',
    note: 'pytest 8: `pytest.warns(None)` and nose-style `setup()`/`teardown()` are no longer supported.',
  },
  {
    ecosystem: 'runtime',
    name: 'python',
    from: '3.12',
    note: 'Python 3.12: `distutils` was removed (use `setuptools`), and `imp` is gone (use `importlib`).',
  },
  {
    ecosystem: 'runtime',
    name: 'python',
    from: '3.13',
    note: 'Python 3.13: dead batteries removed (`cgi`, `crypt`, `telnetlib`, `pipes`, `imghdr`, …).',
  },
  {
    ecosystem: 'npm',
    name: 'react',
    from: '18.0',
    note: 'React 18: `ReactDOM.render` is replaced by `createRoot(el).render(...)`; updates are batched automatically.',
  },
  {
    ecosystem: 'npm',
    name: 'react',
    from: '19.0',
    note: 'React 19: `propTypes`/`defaultProps` on function components, string refs and `ReactDOM.render` are removed; `ref` is a plain prop (no `forwardRef` needed).',
  },
  {
    ecosystem: 'npm',
    name: 'react-dom',
    from: '18.0',
    note: 'react-dom 18: import `createRoot` from `react-dom/client`.',
  },
  {
    ecosystem: 'npm',
    name: 'next',
    from: '13.4',
    note: 'Next.js ≥13.4: the `app/` router is stable — server components by default, `"use client"` for client ones, data via `fetch` in components rather than `getServerSideProps`.',
  },
  {
    ecosystem: 'npm',
    name: 'next',
    from: '15.0',
    note: 'Next.js 15: `cookies()`, `headers()`, `params` and `searchParams` are async — `await` them.',
  },
  {
    ecosystem: 'npm',
    name: 'express',
    from: '5.0',
    note: 'Express 5: `app.del`, `res.send(status)` and `req.param()` are removed; rejected promises from async handlers reach the error handler; path syntax changed (`/*splat`).',
  },
  {
    ecosystem: 'npm',
    name: 'react-router-dom',
    from: '6.0',
    note: 'React Router 6: `Switch` → `Routes`, `component=`/`render=` → `element={<X/>}`, `useHistory` → `useNavigate`.',
  },
  {
    ecosystem: 'npm',
    name: 'eslint',
    from: '9.0',
    note: 'ESLint 9: flat config (`eslint.config.js`) is the default; `.eslintrc` is not read without ESLINT_USE_FLAT_CONFIG=false.',
  },
  {
    ecosystem: 'npm',
    name: 'vitest',
    from: '3.0',
    note: 'Vitest 3: `workspace` files became `projects` in config; check `vi.fn` typing changes.',
  },
  {
    ecosystem: 'npm',
    name: 'zod',
    from: '4.0',
    note: 'Zod 4: error customisation uses `{ error }` instead of `message`/`errorMap`; `z.string().email()` is `z.email()`; `.strict()`/`.passthrough()` are `z.strictObject`/`z.looseObject`.',
  },
  {
    ecosystem: 'npm',
    name: 'typescript',
    from: '5.0',
    note: 'TypeScript 5: standard ECMAScript decorators are the default (legacy ones need `experimentalDecorators`).',
  },
  {
    ecosystem: 'npm',
    name: 'openai',
    from: '4.0',
    note: 'openai (npm) ≥4: `new OpenAI()` with `client.chat.completions.create`; `Configuration`/`OpenAIApi` are gone.',
  },
  {
    ecosystem: 'npm',
    name: 'mongoose',
    from: '7.0',
    note: 'Mongoose ≥7: callbacks are no longer accepted by model methods — use promises/`await`.',
  },
  {
    ecosystem: 'runtime',
    name: 'node',
    from: '18.0',
    note: 'Node ≥18: global `fetch`, `AbortController`, `structuredClone` and `node:test` are built in.',
  },
  {
    ecosystem: 'runtime',
    name: 'node',
    from: '22.0',
    note: 'Node 22: `require()` of synchronous ESM is possible; `import ... assert { type: "json" }` became `with { type: "json" }`.',
  },
  {
    ecosystem: 'go',
    name: 'github.com/golang/protobuf',
    from: '1.4',
    note: 'github.com/golang/protobuf is superseded by google.golang.org/protobuf; new code should import the latter.',
  },
  {
    ecosystem: 'runtime',
    name: 'go',
    from: '1.22',
    note: 'Go 1.22: each loop iteration has its own variable (no copying `v := v`); `for i := range 10` works over integers.',
  },
  {
    ecosystem: 'runtime',
    name: 'go',
    from: '1.21',
    note: 'Go ≥1.21: `min`, `max`, `clear` builtins and the `slices`, `maps`, `log/slog` packages are available.',
  },
  {
    ecosystem: 'maven',
    name: 'org.springframework.boot:spring-boot-starter-web',
    from: '3.0',
    note: 'Spring Boot 3: `javax.*` imports are `jakarta.*`; Java 17+ required.',
  },
  {
    ecosystem: 'maven',
    name: 'junit:junit',
    from: '4.0',
    below: '5.0',
    note: 'JUnit 4 in use: `@Test` from `org.junit.Test`, `@Before` not `@BeforeEach`.',
  },
  {
    ecosystem: 'cargo',
    name: 'tokio',
    from: '1.0',
    note: 'Tokio 1: `tokio::time::delay_for` is `sleep`; runtime builder is `Builder::new_multi_thread()`.',
  },
  {
    ecosystem: 'cargo',
    name: 'clap',
    from: '4.0',
    note: 'clap 4: `#[derive(Parser)]` with `#[arg(...)]`/`#[command(...)]` (not `#[clap(...)]`); `App` is `Command`.',
  },
];
