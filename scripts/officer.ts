// `npm run officer -- <command>`: manage officers from a terminal. Against the `npm start` stack it
// needs no settings; elsewhere it reads the same environment as the other processes.
//   invite --role reviewer|supervisor|head|admin --unit <unit> --name "<display name>" [--hours 72]
//   list
//   deactivate <officer id>
import { parseArgs } from 'node:util';
import { createDb } from '../db/client.js';
import { createInvite, deactivateOfficer, listOfficers } from '../db/repositories/officers.js';
import { OFFICER_ROLES, type OfficerRole } from '../db/schema.js';
import { UNITS, isUnit } from '../lib/catalog.js';
import { ConfigError, loadConfig, loadLocalStackConfig } from '../lib/config.js';
import { createVault } from '../lib/crypto.js';
import { inviteLink } from '../lib/invites.js';
import { connectClient } from '../lib/temporal.js';
import { officerDeactivatedSignal, workflowIdFor } from '../workflows/messages.js';
import { dataDirOf, devProcessEnv, devSecrets } from './dev-env.js';

const USAGE = `usage:
  npm run officer -- invite --role <${OFFICER_ROLES.join('|')}> --unit <${UNITS.join('|')}> --name "<display name>" [--hours 72]
  npm run officer -- list
  npm run officer -- deactivate <officer id>`;

function stop(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

const { positionals, values } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: { role: { type: 'string' }, unit: { type: 'string' }, name: { type: 'string' }, hours: { type: 'string', default: '72' } },
    });
  } catch (error) {
    return stop(`${(error as Error).message}\n${USAGE}`);
  }
})();

const stack = loadLocalStackConfig();
const { secrets } = await devSecrets(dataDirOf(stack));
let config;
try {
  config = loadConfig(devProcessEnv(stack, secrets));
} catch (error) {
  if (error instanceof ConfigError) stop(error.message, 78);
  throw error;
}
const db = createDb(config.databaseUrl, { max: 1, applicationName: 'anticor-officer-cli' });
const vault = createVault(config.keys, config.keys.hmacKey);

try {
  switch (positionals[0]) {
    case 'invite': {
      const role = OFFICER_ROLES.find((r) => r === values.role);
      if (!role) stop(`--role must be one of ${OFFICER_ROLES.join(', ')}\n${USAGE}`);
      if (!isUnit(values.unit)) stop(`--unit must be one of ${UNITS.join(', ')}\n${USAGE}`);
      const name = values.name?.trim();
      if (!name || name.length < 2) stop(`--name is required (the officer's display name)\n${USAGE}`);
      const hours = Number(values.hours);
      if (!Number.isInteger(hours) || hours < 1 || hours > 24 * 14) stop('--hours must be a whole number from 1 to 336');
      const invite = await createInvite(db, vault, { role: role as OfficerRole, unit: values.unit, displayName: name, ttlMs: hours * 3600_000, createdBy: 'cli' });
      const link = inviteLink(config.telegram.botUsername, invite.code);
      process.stdout.write(
        [
          `Invite for ${name} (${role}, ${values.unit}), valid until ${invite.expiresAt.toISOString()}, usable once:`,
          link ? `  link:    ${link}` : '  link:    (set TELEGRAM_BOT_USERNAME to print the t.me link)',
          `  or send the bot: /start inv_${invite.code}`,
          '',
        ].join('\n'),
      );
      break;
    }
    case 'list': {
      const rows = await listOfficers(db);
      if (rows.length === 0) process.stdout.write('No officers yet. Create an invite: npm run officer -- invite …\n');
      for (const o of rows) {
        process.stdout.write(
          `${o.id}  ${o.active ? 'active  ' : 'inactive'}  ${o.role.padEnd(10)} ${o.unit.padEnd(16)} open ${String(o.openCases).padStart(3)}  ${o.displayName}${o.linked ? '' : '  (not linked)'}\n`,
        );
      }
      break;
    }
    case 'deactivate': {
      const id = positionals[1];
      if (!id || !/^[0-9a-f-]{36}$/.test(id)) stop(`deactivate needs an officer id (see: npm run officer -- list)\n${USAGE}`);
      const open = await deactivateOfficer(db, id, 'cli');
      if (open === null) stop(`No officer with id ${id}.`, 1);
      const temporal = await connectClient(config.temporal, config.keys);
      for (const reportId of open) {
        await temporal.workflow.getHandle(workflowIdFor(reportId)).signal(officerDeactivatedSignal, { officerId: id });
      }
      await temporal.connection.close();
      process.stdout.write(`Deactivated. ${open.length} open case(s) move to other reviewers.\n`);
      break;
    }
    default:
      stop(USAGE);
  }
} finally {
  await db.close();
}
