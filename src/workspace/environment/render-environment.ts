import type { Environment } from './types.js';

/**
 * The environment as a short prompt section: languages, the declared packages with versions, test
 * framework, style, and the breaking-change notes. Transitive packages are left out: they cost tokens and
 * models should not import them directly.
 */
export function renderEnvironment(env: Environment, maxPackages = 60): string {
  const lines: string[] = [];
  const languages = env.languages.map((language) =>
    language.version ? `${language.name} ${language.version}` : language.name,
  );
  if (languages.length > 0) lines.push(`Languages: ${languages.join(', ')}`);
  const declared = env.packages.filter((pkg) => pkg.declared);
  const describe = (list: typeof declared) =>
    list
      .slice(0, maxPackages)
      .map((pkg) => `${pkg.name}${pkg.version ? ` ${pkg.version}` : pkg.range ? ` ${pkg.range}` : ''}`)
      .join(', ');
  const runtime = declared.filter((pkg) => !pkg.dev);
  const dev = declared.filter((pkg) => pkg.dev);
  if (runtime.length > 0)
    lines.push(`Dependencies: ${describe(runtime)}${runtime.length > maxPackages ? ', …' : ''}`);
  if (dev.length > 0)
    lines.push(`Dev dependencies: ${describe(dev)}${dev.length > maxPackages ? ', …' : ''}`);
  if (env.testFrameworks.length > 0)
    lines.push(`Tests: ${env.testFrameworks.map((entry) => entry.name).join(', ')}`);
  const style: string[] = env.style.tools.map((tool) => tool.name);
  if (env.style.indent)
    style.push(`indent ${env.style.indent.size ?? ''} ${env.style.indent.style}s`.replace('  ', ' '));
  if (env.style.lineLength) style.push(`line length ${env.style.lineLength.value}`);
  if (env.style.quotes) style.push(`${env.style.quotes.value} quotes`);
  if (env.style.typescriptStrict) style.push(`TypeScript strict: ${env.style.typescriptStrict.value}`);
  if (style.length > 0) lines.push(`Style: ${style.join(', ')}`);
  if (env.notes.length > 0) {
    lines.push('Breaking changes for these versions:');
    for (const note of env.notes) lines.push(`- ${note}`);
  }
  return lines.join('\n');
}
