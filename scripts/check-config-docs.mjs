#!/usr/bin/env node
// Checks that three lists of environment variables name the same variables:
//   - .env.example (set lines and commented-out `# NAME=value` lines),
//   - the configuration reference table in docs/operations.md,
//   - the properties of the EnvironmentVariables class in src/config/env.validation.ts.
// Configuration is documented once (docs/operations.md); this keeps that one place honest.
// No dependencies, so it runs before `npm install` and in any CI step.
// Exit 0 when all three agree, 1 with the differences listed, 2 when a file cannot be parsed.

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Paths relative to the repository, so the script works from any working directory.
const root = fileURLToPath(new URL('..', import.meta.url));
const ENV_EXAMPLE = '.env.example';
const OPERATIONS = 'docs/operations.md';
const VALIDATION = 'src/config/env.validation.ts';
const TABLE_HEADING = '## Configuration reference';

const NAME = '[A-Z][A-Z0-9_]*';

function read(path) {
  return readFileSync(root + path, 'utf8');
}

function fail(message) {
  console.error(`check-config-docs: ${message}`);
  process.exit(2);
}

/**
 * `NAME=value` and `# NAME=value`. A commented line counts only when the value is one word or one
 * quoted string: prose such as `# APP_ENV=production refuses to start ...` is a comment, not a variable.
 */
function envExampleNames(text) {
  const names = new Set();
  const assignment = new RegExp(`^(#\\s*)?(${NAME})=("[^"]*"|'[^']*'|\\S*)\\s*$`);
  for (const line of text.split('\n')) {
    const m = assignment.exec(line.trim());
    if (m) names.add(m[2]);
  }
  return names;
}

/**
 * The first table after the "Configuration reference" heading. Every backticked NAME in a row's first
 * cell counts (one row may document a pair, such as an id and its secret). Rows without one are group
 * labels. Returns the names and any name listed twice, since the reference documents each once.
 */
function referenceNames(markdown) {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.trim() === TABLE_HEADING);
  if (start < 0) fail(`${OPERATIONS}: no "${TABLE_HEADING}" heading`);
  let i = start + 1;
  // Stop at the next heading so a missing table is an error, not a match further down.
  while (i < lines.length && !lines[i].startsWith('|') && !lines[i].startsWith('#')) i++;
  if (i >= lines.length || !lines[i].startsWith('|'))
    fail(`${OPERATIONS}: no table under "${TABLE_HEADING}"`);
  const names = new Set();
  const twice = new Set();
  // Skip the header row and the |---| separator.
  for (i += 2; i < lines.length && lines[i].startsWith('|'); i++) {
    const firstCell = lines[i].split('|')[1] ?? '';
    for (const m of firstCell.matchAll(new RegExp(`\`(${NAME})\``, 'g'))) {
      if (names.has(m[1])) twice.add(m[1]);
      names.add(m[1]);
    }
  }
  return { names, twice };
}

/**
 * Property names of `export class EnvironmentVariables { ... }`, read as text. A property is an
 * upper-case name followed by `?:`, `!:` or `:` and a type. String literals are blanked first, so a
 * validation message that mentions a variable is not taken for a property.
 */
function validatedNames(source) {
  const start = source.indexOf('export class EnvironmentVariables');
  if (start < 0) fail(`${VALIDATION}: no "export class EnvironmentVariables"`);
  // The class body ends at the first closing brace at the start of a line.
  const end = source.indexOf('\n}', start);
  if (end < 0) fail(`${VALIDATION}: the EnvironmentVariables class has no end`);
  const body = source.slice(start, end).replace(/'[^'\n]*'|"[^"\n]*"|`[^`]*`/g, "''");
  const names = new Set();
  for (const m of body.matchAll(new RegExp(`\\b(${NAME})[?!]?:\\s*[A-Za-z]`, 'g'))) names.add(m[1]);
  return names;
}

/** Example products validate their own variables (src/examples/<name>/<name>.config.ts: `env.NAME`). */
function exampleNames() {
  const names = new Set();
  for (const example of readdirSync(root + 'src/examples', { withFileTypes: true })) {
    if (!example.isDirectory()) continue;
    const dir = `src/examples/${example.name}`;
    for (const file of readdirSync(root + dir).filter((f) => f.endsWith('.config.ts')))
      for (const m of read(`${dir}/${file}`).matchAll(new RegExp(`\\benv\\.(${NAME})\\b`, 'g'))) names.add(m[1]);
  }
  return names;
}

function main() {
  const reference = referenceNames(read(OPERATIONS));
  const validated = new Set([...validatedNames(read(VALIDATION)), ...exampleNames()]);
  const sources = [
    [ENV_EXAMPLE, envExampleNames(read(ENV_EXAMPLE))],
    [`${OPERATIONS} (configuration reference)`, reference.names],
    [`${VALIDATION} and src/examples/*/*.config.ts`, validated],
  ];

  // An empty list means the parsing broke, not that every file is empty.
  for (const [label, names] of sources) if (names.size === 0) fail(`${label}: no variables found`);

  const all = new Set(sources.flatMap(([, names]) => [...names]));
  const problems = [];
  for (const name of [...all].sort()) {
    const missing = sources.filter(([, names]) => !names.has(name)).map(([label]) => label);
    if (missing.length) problems.push(`  ${name}: missing from ${missing.join(' and ')}`);
  }
  for (const name of [...reference.twice].sort())
    problems.push(`  ${name}: listed more than once in ${OPERATIONS}`);

  if (problems.length) {
    console.error(`Configuration docs disagree (${problems.length}):\n${problems.join('\n')}`);
    process.exit(1);
  }
  console.log(`Configuration docs agree: ${all.size} variables in ${sources.map(([l]) => l).join(', ')}.`);
}

main();
