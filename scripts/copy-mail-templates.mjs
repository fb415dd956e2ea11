// After tsc: the shipped mail templates next to the compiled MailTemplates (dist/src/mail/templates/default).
import { cpSync, rmSync } from 'node:fs';

const from = 'src/mail/templates/default';
const to = 'dist/src/mail/templates/default';
rmSync(to, { recursive: true, force: true });
cpSync(from, to, { recursive: true });
