/**
 * Name-based rules for what never counts as workspace source: vendored folders, binaries, minified and
 * generated files, lockfiles. Content-based rules (NUL bytes, very long lines) are in `looksBinary` and
 * `looksMinified`, for callers that have the bytes at hand anyway.
 */

/** Folders that hold other people's code or build output, skipped wherever they appear. */
export const VENDORED_DIRECTORIES = new Set([
  '.git',
  '.hg',
  '.svn',
  '.vouch',
  'node_modules',
  'bower_components',
  'jspm_packages',
  'vendor',
  'third_party',
  'third-party',
  'thirdparty',
  '.venv',
  'venv',
  'virtualenv',
  '__pycache__',
  '.tox',
  '.nox',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  'site-packages',
  '.next',
  '.nuxt',
  '.svelte-kit',
  '.turbo',
  '.gradle',
  '.idea',
  'coverage',
  '.eggs',
]);

/**
 * Output folders, skipped only when git is not there to say: in a git repository a committed `build/`
 * (a Python package called build, say) is source, and an ignored one is already left out by git.
 */
export const BUILD_DIRECTORIES = new Set(['dist', 'build', 'out', 'target', '_build']);

const BINARY_EXTENSIONS = new Set(
  (
    'png jpg jpeg gif bmp ico webp tiff psd svgz avif heic ' +
    'mp3 mp4 wav ogg flac mov avi mkv webm m4a ' +
    'zip gz tgz bz2 xz zst 7z rar tar jar war ear whl egg apk dmg iso deb rpm ' +
    'exe dll so dylib a o obj lib class pyc pyo pyd wasm node bin dat db sqlite sqlite3 ' +
    'pdf doc docx xls xlsx ppt pptx odt ods ' +
    'ttf otf woff woff2 eot ' +
    'parquet feather arrow npy npz pkl pickle h5 hdf5 onnx pt pth ckpt safetensors gguf mo'
  ).split(' '),
);

/** Lockfiles and other machine-written manifests: read by the environment, never indexed as source. */
const GENERATED_NAMES = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lockb',
  'poetry.lock',
  'uv.lock',
  'pipfile.lock',
  'cargo.lock',
  'go.sum',
  'composer.lock',
  'gemfile.lock',
  'pdm.lock',
]);

const GENERATED_PATTERNS = [
  /\.min\.(?:js|css|mjs)$/,
  /[.-]bundle\.js$/,
  /\.map$/,
  /_pb2(?:_grpc)?\.pyi?$/,
  /\.pb\.go$/,
  /\.pb\.(?:cc|h)$/,
  /\.generated\.[a-z]+$/,
  /\.g\.dart$/,
  /\.designer\.cs$/,
  /_generated\.go$/,
];

/**
 * `link-outside`: a symbolic link whose real path leaves the workspace (what it leads to is not the
 * workspace's to read, and not scanned); `link`: one that leads to a secrets file, a store or git's folder,
 * to a folder, or nowhere.
 */
export type ExclusionReason =
  | 'vendored'
  | 'binary'
  | 'generated'
  | 'secrets'
  | 'large'
  | 'ignored'
  | 'link'
  | 'link-outside';

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

export function isBinaryName(name: string): boolean {
  return BINARY_EXTENSIONS.has(extensionOf(name));
}

export function isGeneratedName(name: string): boolean {
  const lower = name.toLowerCase();
  return GENERATED_NAMES.has(lower) || GENERATED_PATTERNS.some((pattern) => pattern.test(lower));
}

/** A NUL byte in the first few KB is how git decides a file is binary; vouch does the same. */
export function looksBinary(head: Uint8Array): boolean {
  const end = Math.min(head.length, 8000);
  for (let index = 0; index < end; index++) if (head[index] === 0) return true;
  return false;
}

/** Minified or machine-written text: very long lines on average. */
export function looksMinified(text: string): boolean {
  if (text.length < 2000) return false;
  // Lines counted with indexOf, and only until there are enough of them for the answer to be no: a first
  // index asks this of every file it reads, on the thread that writes the index.
  let lines = 1;
  for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) {
    lines++;
    if (text.length / lines <= 300) return false;
  }
  return text.length / lines > 300;
}
