import { exec, execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(exec);
const runFile = promisify(execFile);

async function pingHost(formData: FormData) {
  'use server';
  const host = String(formData.get('host'));
  const { stdout } = await run(`ping -c 1 ${host}`);
  return stdout;
}

async function pingHostArgs(formData: FormData) {
  'use server';
  const host = String(formData.get('host'));
  const { stdout } = await runFile('ping', ['-c', '1', '--', host]);
  return stdout;
}

export default function AdminConsole() {
  return (
    <section>
      <form action={pingHost}><input name="host" /><button>Ping</button></form>
      <form action={pingHostArgs}><input name="host" /><button>Ping v2</button></form>
    </section>
  );
}
