import { createRequire } from 'node:module';
import { type EnvironmentCollector, tryRead } from './collector.js';

// The XML parser loads only for a workspace with a pom.xml (≈ 30 ms of start-up otherwise).
const require = createRequire(import.meta.url);

type Node = Record<string, unknown>;

const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** pom.xml (properties resolved) and build.gradle / build.gradle.kts (string coordinates). */
export function readJvm(env: EnvironmentCollector): void {
  tryRead(env, 'pom.xml', (collector, text, source) => {
    const { XMLParser } = require('fast-xml-parser') as typeof import('fast-xml-parser');
    const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, processEntities: false });
    const project = ((parser.parse(text) as Node).project ?? {}) as Node;
    const properties = (project.properties ?? {}) as Record<string, unknown>;
    const resolve = (value: unknown): string | undefined => {
      if (typeof value !== 'string') return undefined;
      return value.replace(/\$\{([^}]+)\}/g, (whole, key: string) => {
        if (key === 'project.version') return String(project.version ?? whole);
        const found = properties[key];
        return typeof found === 'string' ? found : whole;
      });
    };
    collector.addLanguage({ name: 'java', source });
    const javaVersion =
      resolve(properties['maven.compiler.release']) ??
      resolve(properties['maven.compiler.source']) ??
      resolve(properties['java.version']);
    if (javaVersion) collector.addLanguage({ name: 'java', version: javaVersion, source });
    const managed = new Map<string, string>();
    const management = ((project.dependencyManagement as Node | undefined)?.dependencies ?? {}) as Node;
    for (const dependency of asArray(management.dependency as Node | Node[])) {
      const version = resolve(dependency.version);
      if (version) managed.set(`${dependency.groupId}:${dependency.artifactId}`, version);
    }
    const dependencies = ((project.dependencies ?? {}) as Node).dependency as Node | Node[] | undefined;
    for (const dependency of asArray(dependencies)) {
      const name = `${dependency.groupId}:${dependency.artifactId}`;
      const version = resolve(dependency.version) ?? managed.get(name);
      const dev = dependency.scope === 'test';
      collector.addPackage({
        ecosystem: 'maven',
        name,
        ...(version && !version.includes('${') ? { version } : {}),
        declared: true,
        dev,
        source,
      });
    }
  });
  for (const file of ['build.gradle', 'build.gradle.kts']) {
    tryRead(env, file, (collector, text, source) => {
      collector.addLanguage({ name: file.endsWith('.kts') ? 'kotlin' : 'java', source });
      if (file.endsWith('.kts')) collector.addLanguage({ name: 'java', source });
      const coordinate =
        /^\s*(implementation|api|compileOnly|runtimeOnly|testImplementation|testRuntimeOnly|testCompileOnly|annotationProcessor|kapt)\s*\(?\s*["']([^:"'\s]+):([^:"'\s]+)(?::([^"'\s]+))?["']/gm;
      for (const match of text.matchAll(coordinate)) {
        const version = match[4];
        collector.addPackage({
          ecosystem: 'maven',
          name: `${match[2]}:${match[3]}`,
          ...(version && !version.includes('$') ? { version } : {}),
          declared: true,
          dev: match[1]!.startsWith('test'),
          source,
        });
      }
      const toolchain = /JavaLanguageVersion\.of\(\s*(\d+)\s*\)/.exec(text)?.[1];
      const compatibility = /sourceCompatibility\s*=\s*(?:JavaVersion\.VERSION_)?['"]?([\d._]+)/.exec(
        text,
      )?.[1];
      const version = toolchain ?? compatibility?.replace('_', '.');
      if (version) collector.addLanguage({ name: 'java', version, source });
    });
  }
}
