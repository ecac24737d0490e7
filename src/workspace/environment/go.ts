import { type EnvironmentCollector, tryRead } from './collector.js';

/** go.mod: the `go`/`toolchain` lines and `require` entries (`// indirect` ones are not declared). */
export function readGo(env: EnvironmentCollector): void {
  tryRead(env, 'go.mod', (collector, text, source) => {
    collector.addLanguage({ name: 'go', source });
    const go = /^go\s+(\S+)/m.exec(text)?.[1];
    const toolchain = /^toolchain\s+go(\S+)/m.exec(text)?.[1];
    if (toolchain || go) collector.addLanguage({ name: 'go', version: toolchain ?? go, source });
    const requires: string[] = [];
    for (const block of text.matchAll(/^require\s*\(\n([\s\S]*?)^\)/gm))
      requires.push(...block[1]!.split('\n'));
    for (const line of text.matchAll(/^require\s+([^(\s].*)$/gm)) requires.push(line[1]!);
    for (const line of requires) {
      const match = /^\s*(\S+)\s+(v\S+)(\s*\/\/\s*indirect)?/.exec(line);
      if (!match) continue;
      collector.addPackage({
        ecosystem: 'go',
        name: match[1]!,
        version: match[2]!,
        declared: !match[3],
        source,
      });
    }
    collector.addTestFramework('go test', source);
  });
}
