#!/usr/bin/env node
'use strict';

/*
 * Builds the auth0 provider schema (the JSON printed by `terraform providers
 * schema -json`) from the provider's published tfplugindocs markdown, so that
 * `cdktf get --experimental-provider-schema-cache-path provider-schema` can
 * generate bindings without downloading the provider.
 *
 * Usage:
 *   node scripts/schema-from-docs.js --docs DIR [--out FILE]
 *       DIR is the provider's docs/ folder (index.md + resources/*.md).
 *   node scripts/schema-from-docs.js --docs DIR --check-go SRC
 *       Also compares the generated schema with the Go schema in SRC (root of
 *       a terraform-provider-auth0 checkout) and prints OK/MISMATCH.
 *   node scripts/schema-from-docs.js --extract-go SRC [--facts FILE]
 *       Regenerates provider-schema/optional-computed.json from the Go source.
 *
 * The docs cannot show everything in the JSON schema; the missing facts come
 * from provider-schema/optional-computed.json:
 *   - optionalComputed: paths that are `Optional: true, Computed: true` in Go
 *     (tfplugindocs lists them as plain Optional). This includes `<type>.id`,
 *     which SDKv2 adds implicitly as optional+computed even though the docs
 *     always list it under Read-Only.
 *   - schemaVersions: non-zero `SchemaVersion` values.
 *   - deprecatedResources: resources with a `DeprecationMessage`.
 *   - forceNew: paths that are `ForceNew: true` in Go (a change replaces the
 *     resource; Terraform's JSON schema does not record it). Read by tpa diff.
 *   - resources: the resource types the facts were extracted for.
 */

const fs = require('fs');
const path = require('path');

// Resource types to include; each needs docs/resources/<name without auth0_>.md.
// After adding one, rerun --extract-go so the facts file covers it.
const RESOURCES = [
  'auth0_action',
  'auth0_client',
  'auth0_client_cimd',
  'auth0_client_credentials',
  'auth0_client_grant',
  'auth0_hook',
  'auth0_organization',
  'auth0_organization_client_grant',
  'auth0_prompt',
  'auth0_rate_limit_policy',
  'auth0_resource_server',
  'auth0_resource_server_scopes',
  'auth0_rule',
  'auth0_tenant',
  'auth0_trigger_actions',
];

const PROVIDER_SOURCE = 'auth0/auth0';
const PROVIDER_ADDRESS = `registry.terraform.io/${PROVIDER_SOURCE}`;
const PROVIDER_VERSION = '1.55.0';
// Must match terraformProviders in cdktf.json: it is part of the cache key.
const VERSION_CONSTRAINT = '~> 1.55';

// Paths the --check-go table reports on (the full comparison covers everything).
const CHECK_PATHS = [
  'auth0_client.third_party_security_mode',
  'auth0_client.redirection_policy',
  'auth0_client.is_first_party',
  'auth0_client.grant_types',
  'auth0_client.app_type',
  'auth0_client.jwt_configuration',
  'auth0_client.refresh_token',
  'auth0_client_grant.default_for',
  'auth0_client_grant.client_id',
  'auth0_client_grant.subject_type',
  'auth0_client_grant.scopes',
  'auth0_tenant.dynamic_client_registration_security_mode',
  'auth0_tenant.flags',
  'auth0_tenant.flags.enable_dynamic_client_registration',
  'auth0_resource_server.subject_type_authorization',
  'auth0_organization.third_party_client_access',
];

const REPO_ROOT = path.resolve(__dirname, '..');
const SCHEMA_DIR = path.join(REPO_ROOT, 'provider-schema');
const DEFAULT_FACTS = path.join(SCHEMA_DIR, 'optional-computed.json');

// Same key as cacheKey() in @cdktf/provider-schema/src/cache.js:
// encodeURIComponent(fqn)@encodeURIComponent(version). `cdktf get` wraps the
// already-parsed cdktf.json constraint in a second TerraformProviderConstraint,
// whose object constructor sets fqn to the bare name, so fqn is "auth0", not
// "auth0/auth0" (seen in the CLI's debug log as `Cache miss for auth0@...`).
function cacheFileName() {
  const name = PROVIDER_SOURCE.split('/').pop();
  return `${encodeURIComponent(name)}@${encodeURIComponent(VERSION_CONSTRAINT)}.json`;
}

class UserError extends Error {}

function fail(message) {
  throw new UserError(message);
}

// ---------------------------------------------------------------------------
// Command line

function parseArgs(argv) {
  const opts = {};
  const known = { '--docs': 'docs', '--out': 'out', '--check-go': 'checkGo', '--extract-go': 'extractGo', '--facts': 'facts' };
  for (let i = 0; i < argv.length; i++) {
    const key = known[argv[i]];
    if (!key) fail(`unknown argument: ${argv[i]}\n${usage()}`);
    if (i + 1 >= argv.length) fail(`${argv[i]} needs a value`);
    opts[key] = argv[++i];
  }
  if (!opts.docs && !opts.extractGo) fail(usage());
  return opts;
}

function usage() {
  return [
    'usage: node scripts/schema-from-docs.js --docs DIR [--out FILE] [--check-go SRC] [--facts FILE]',
    '       node scripts/schema-from-docs.js --extract-go SRC [--facts FILE]',
  ].join('\n');
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const factsFile = path.resolve(opts.facts || DEFAULT_FACTS);

  if (opts.extractGo) {
    const facts = extractFactsFromGo(opts.extractGo);
    writeJson(factsFile, facts);
    console.log(`wrote ${path.relative(process.cwd(), factsFile)} (${facts.optionalComputed.length} optional+computed paths)`);
    if (!opts.docs) return;
  }

  const facts = readFacts(factsFile);
  const schema = buildProviderSchema(opts.docs, facts);
  const out = path.resolve(opts.out || path.join(SCHEMA_DIR, cacheFileName()));
  writeJson(out, schema);
  const count = Object.keys(schema.provider_schemas[PROVIDER_ADDRESS].resource_schemas).length;
  console.log(`wrote ${path.relative(process.cwd(), out)} (${count} resources)`);

  if (opts.checkGo) {
    const ok = checkAgainstGo(schema, opts.checkGo);
    if (!ok) process.exitCode = 1;
  }
}

// ---------------------------------------------------------------------------
// Output

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const sorted = {};
    for (const key of Object.keys(value).sort()) sorted[key] = sortKeys(value[key]);
    return sorted;
  }
  return value;
}

function writeJson(file, value) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(sortKeys(value), null, 2) + '\n');
}

function readFacts(file) {
  if (!fs.existsSync(file)) fail(`${file} not found; create it with --extract-go SRC`);
  const facts = JSON.parse(fs.readFileSync(file, 'utf8'));
  return {
    resources: facts.resources || [],
    optionalComputed: facts.optionalComputed || [],
    schemaVersions: facts.schemaVersions || {},
    deprecatedResources: facts.deprecatedResources || [],
    forceNew: facts.forceNew || [],
  };
}

// ---------------------------------------------------------------------------
// Provider schema assembly

function buildProviderSchema(docsDir, facts) {
  const resourceSchemas = {};
  for (const type of RESOURCES) {
    if (!facts.resources.includes(type)) fail(`${type} is not covered by the facts file; rerun with --extract-go SRC`);
    const file = path.join(docsDir, 'resources', `${type.replace(/^auth0_/, '')}.md`);
    if (!fs.existsSync(file)) fail(`${file}: docs page for ${type} not found`);
    const block = parseDocsFile(file);
    if (facts.deprecatedResources.includes(type)) block.deprecated = true;
    resourceSchemas[type] = { version: facts.schemaVersions[type] || 0, block };
  }
  const provider = { version: 0, block: parseDocsFile(path.join(docsDir, 'index.md')) };
  applyOptionalComputed({ ...resourceSchemas, provider }, facts.optionalComputed);

  return {
    format_version: '1.0',
    provider_schemas: {
      [PROVIDER_ADDRESS]: { provider, resource_schemas: resourceSchemas, data_source_schemas: {} },
    },
    provider_versions: { [PROVIDER_ADDRESS]: PROVIDER_VERSION },
  };
}

// `schemas` maps resource types (and "provider") to {version, block}.
function applyOptionalComputed(schemas, paths) {
  for (const p of paths) {
    const [type, ...names] = p.split('.');
    if (!schemas[type]) continue; // fact about a resource we do not generate
    const found = lookupPath(schemas[type].block, names);
    if (!found) fail(`optional-computed path ${p} is not in the docs schema`);
    // Blocks have no optional/computed flags in the JSON schema.
    if (found.kind === 'block') continue;
    const attr = found.node;
    const isImplicitId = names.length === 1 && names[0] === 'id' && attr.computed && !attr.optional;
    if (!attr.optional && !isImplicitId) fail(`optional-computed path ${p} is not Optional in the docs`);
    attr.optional = true;
    attr.computed = true;
  }
}

function lookupPath(block, names) {
  let current = block;
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    const last = i === names.length - 1;
    if (last && current.attributes && current.attributes[name]) return { kind: 'attribute', node: current.attributes[name] };
    const nested = current.block_types && current.block_types[name];
    if (!nested) return null;
    if (last) return { kind: 'block', node: nested };
    current = nested.block;
  }
  return null;
}

// ---------------------------------------------------------------------------
// tfplugindocs markdown parsing

const ROOT_GROUPS = { '### Required': 'required', '### Optional': 'optional', '### Read-Only': 'computed' };
const NESTED_GROUPS = { 'Required:': 'required', 'Optional:': 'optional', 'Read-Only:': 'computed' };
const ANCHOR_RE = /^<a id="((nestedblock|nestedatt|nestedobjatt)--[A-Za-z0-9_-]+)"><\/a>$/;
const NESTED_HEADING_RE = /^### Nested Schema for `([A-Za-z0-9_.]+)`$/;
const ITEM_RE = /^- `([A-Za-z0-9_]+)` \(/;
const SEE_BELOW_RE = /\(see \[below for nested schema\]\(#([A-Za-z0-9_-]+)\)\)$/;
const WRITE_ONLY_FLAG = '[Write-only](https://developer.hashicorp.com/terraform/language/resources/ephemeral#write-only-arguments)';

function docsError(loc, message) {
  return fail(`${loc.file}:${loc.line}: ${message}`);
}

// Returns the root block of the page's "## Schema" section in JSON schema form.
function parseDocsFile(file) {
  const { root, sections } = parseSchemaSection(file);
  const used = new Set();
  const block = buildBlock(root, sections, used);
  for (const [anchor, section] of sections) {
    if (!used.has(anchor)) docsError(section.loc, `nested schema ${anchor} is not referenced by any attribute or block`);
  }
  return block;
}

// Splits the "## Schema" section into the root section and the nested
// sections (keyed by anchor id), each a list of parsed items.
function parseSchemaSection(file) {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  const start = lines.indexOf('## Schema');
  if (start < 0) fail(`${file}: no "## Schema" section`);

  const root = { path: [], anchor: null, items: [], loc: { file, line: start + 1 } };
  const sections = new Map();
  let section = root;
  let group = null;
  let pendingAnchor = null;

  for (let i = start + 1; i < lines.length; i++) {
    const text = lines[i];
    const loc = { file, line: i + 1 };
    if (/^## /.test(text)) break;
    if (text.trim() === '') continue;
    // Blockquotes are notes (e.g. about write-only arguments), never schema entries.
    if (text.startsWith('> ')) continue;

    const anchor = ANCHOR_RE.exec(text);
    if (anchor) {
      if (pendingAnchor) docsError(loc, 'anchor not followed by a "### Nested Schema for" heading');
      pendingAnchor = anchor[1];
      continue;
    }
    const heading = NESTED_HEADING_RE.exec(text);
    if (heading) {
      if (!pendingAnchor) docsError(loc, 'nested schema heading without an anchor line before it');
      const nestedPath = heading[1].split('.');
      const expected = pendingAnchor.replace(/^[a-z]+--/, '');
      if (expected !== nestedPath.join('--')) docsError(loc, `heading path ${heading[1]} does not match anchor ${pendingAnchor}`);
      if (sections.has(pendingAnchor)) docsError(loc, `duplicate nested schema ${pendingAnchor}`);
      section = { path: nestedPath, anchor: pendingAnchor, items: [], loc };
      sections.set(pendingAnchor, section);
      pendingAnchor = null;
      group = null;
      continue;
    }
    if (pendingAnchor) docsError(loc, `expected "### Nested Schema for" heading after anchor ${pendingAnchor}`);

    const groups = section === root ? ROOT_GROUPS : NESTED_GROUPS;
    if (Object.prototype.hasOwnProperty.call(groups, text)) {
      group = groups[text];
      continue;
    }
    if (ITEM_RE.test(text)) {
      if (!group) docsError(loc, 'schema entry outside a Required/Optional/Read-Only list');
      section.items.push({ ...parseItem(text, loc), group, loc });
      continue;
    }
    docsError(loc, `cannot parse schema line: ${text}`);
  }
  if (pendingAnchor) fail(`${file}: anchor ${pendingAnchor} at end of schema section`);
  return { root, sections };
}

// Parses "- `name` (Type, Flag, ...) description (see [below ...](#anchor))".
function parseItem(text, loc) {
  const name = ITEM_RE.exec(text)[1];
  const open = text.indexOf('(');
  const close = matchingParen(text, open);
  if (close < 0) docsError(loc, 'unbalanced parentheses in type');
  const parts = text.slice(open + 1, close).split(', ');
  const see = SEE_BELOW_RE.exec(text.slice(close + 1));
  const ref = see ? see[1] : null;
  return parts[0].startsWith('Block')
    ? parseBlockItem(name, parts, ref, loc)
    : parseAttributeItem(name, parts, ref, loc);
}

function matchingParen(text, open) {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

function parseAttributeItem(name, parts, ref, loc) {
  const item = { kind: 'attribute', name, type: parseTypeExpr(parts[0], loc), ref };
  for (const flag of parts.slice(1)) {
    if (flag === 'Sensitive') item.sensitive = true;
    else if (flag === 'Deprecated') item.deprecated = true;
    else if (flag === WRITE_ONLY_FLAG) item.writeOnly = true;
    else docsError(loc, `unknown attribute flag "${flag}"`);
  }
  if (containsObject(item.type) !== Boolean(ref)) {
    docsError(loc, ref ? 'nested schema link on a non-object attribute' : 'object attribute without a nested schema link');
  }
  return item;
}

function parseBlockItem(name, parts, ref, loc) {
  const nesting = { Block: 'single', 'Block List': 'list', 'Block Set': 'set', 'Block Map': 'map' }[parts[0]];
  if (!nesting) docsError(loc, `unknown block kind "${parts[0]}"`);
  const item = { kind: 'block', name, nesting, ref };
  for (const flag of parts.slice(1)) {
    const m = /^(Min|Max): (\d+)$/.exec(flag);
    if (m) item[m[1] === 'Min' ? 'minItems' : 'maxItems'] = Number(m[2]);
    else if (flag === 'Deprecated') item.deprecated = true;
    else if (nesting === 'single' && flag === 'Required') item.minItems = 1;
    else if (nesting === 'single' && (flag === 'Optional' || flag === 'Read-only')) continue;
    else docsError(loc, `unknown block flag "${flag}"`);
  }
  if (!ref) docsError(loc, 'block without a nested schema link');
  return item;
}

// "List of Map of String" -> ['list', ['map', 'string']]; "Object" -> {object: true}
// (object attribute types are filled in from the nested schema section).
function parseTypeExpr(text, loc) {
  const primitives = { String: 'string', Number: 'number', Boolean: 'bool', Dynamic: 'dynamic' };
  if (primitives[text]) return primitives[text];
  if (text === 'Object') return { object: true };
  const m = /^(List|Set|Map) of (.+)$/.exec(text);
  if (m) return [m[1].toLowerCase(), parseTypeExpr(m[2], loc)];
  return docsError(loc, `unknown type "${text}"`);
}

function containsObject(type) {
  if (Array.isArray(type)) return containsObject(type[1]);
  return typeof type === 'object';
}

function buildBlock(section, sections, used) {
  const block = { description_kind: 'plain' };
  for (const item of section.items) {
    const itemPath = [...section.path, item.name];
    if (item.kind === 'block') {
      block.block_types = block.block_types || {};
      if (block.block_types[item.name]) docsError(item.loc, `duplicate entry ${item.name}`);
      block.block_types[item.name] = buildBlockType(item, itemPath, sections, used);
    } else {
      block.attributes = block.attributes || {};
      if (block.attributes[item.name]) docsError(item.loc, `duplicate entry ${item.name}`);
      block.attributes[item.name] = buildAttribute(item, itemPath, sections, used);
    }
  }
  return block;
}

function buildBlockType(item, itemPath, sections, used) {
  if ((item.minItems > 0) !== (item.group === 'required')) {
    docsError(item.loc, 'block Min: items does not match its Required/Optional list');
  }
  const nested = takeSection(item, `nestedblock--${itemPath.join('--')}`, sections, used);
  const blockType = { nesting_mode: item.nesting, block: buildBlock(nested, sections, used) };
  if (item.deprecated) blockType.block.deprecated = true;
  if (item.minItems) blockType.min_items = item.minItems;
  if (item.maxItems) blockType.max_items = item.maxItems;
  return blockType;
}

function buildAttribute(item, itemPath, sections, used) {
  const type = item.ref
    ? resolveObjectType(item, `nestedatt--${itemPath.join('--')}`, sections, used)
    : item.type;
  const attr = { type, description_kind: 'plain', [item.group]: true };
  if (item.sensitive) attr.sensitive = true;
  if (item.deprecated) attr.deprecated = true;
  if (item.writeOnly) attr.write_only = true;
  return attr;
}

// Replaces the {object: true} placeholder inside item.type with
// ['object', {attr: type}] built from the referenced nested section.
function resolveObjectType(item, expectedAnchor, sections, used) {
  const nested = takeSection(item, expectedAnchor, sections, used);
  const attrTypes = {};
  for (const child of nested.items) {
    if (child.kind !== 'attribute' || child.sensitive || child.deprecated || child.writeOnly) {
      docsError(child.loc, 'object attributes can only have a plain type');
    }
    if (child.group !== item.group) docsError(child.loc, `expected a ${item.group} list inside an object type`);
    const childPath = [...nested.path, child.name];
    attrTypes[child.name] = child.ref
      ? resolveObjectType(child, `nestedobjatt--${childPath.join('--')}`, sections, used)
      : child.type;
  }
  const fill = (type) => (Array.isArray(type) ? [type[0], fill(type[1])] : typeof type === 'object' ? ['object', attrTypes] : type);
  return fill(item.type);
}

function takeSection(item, expectedAnchor, sections, used) {
  if (item.ref !== expectedAnchor) docsError(item.loc, `links to #${item.ref}, expected #${expectedAnchor}`);
  const nested = sections.get(item.ref);
  if (!nested) docsError(item.loc, `nested schema #${item.ref} not found`);
  if (used.has(item.ref)) docsError(item.loc, `nested schema #${item.ref} referenced twice`);
  used.add(item.ref);
  return nested;
}

// ---------------------------------------------------------------------------
// Go source reading (SDKv2 schema literals), used by --extract-go and --check-go.
// This is a small evaluator for the composite literals the provider uses, not
// a Go parser: anything it does not understand is reported, not guessed.
// Every parsed node remembers its package so identifiers resolve correctly.

function tokenizeGo(src, file) {
  const tokens = [];
  const re = /\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:[^"\\\n]|\\.)*"|`[^`]*`|'(?:[^'\\\n]|\\.)+'|[A-Za-z_][A-Za-z0-9_]*|\d[\w.]*|:=|\.\.\.|&&|\|\||[=!<>]=|<-|\+\+|--|[^\sA-Za-z0-9_]/y;
  let m;
  while (re.lastIndex < src.length && (m = re.exec(src))) {
    const v = m[0];
    if (/^\s/.test(v) || v.startsWith('//') || v.startsWith('/*')) {
      // Go's automatic semicolon insertion, so values end at the end of a statement.
      const last = tokens[tokens.length - 1];
      if (v.includes('\n') && last && (last.k !== 'punct' || /^(\)|\]|\}|\+\+|--)$/.test(last.v))) {
        tokens.push({ k: 'punct', v: ';' });
      }
      continue;
    }
    let k = 'punct';
    if (v[0] === '"' || v[0] === '`') k = 'str';
    else if (v[0] === "'") k = 'char';
    else if (/^[A-Za-z_]/.test(v)) k = 'ident';
    else if (/^\d/.test(v)) k = 'num';
    tokens.push({ k, v });
  }
  if (re.lastIndex < src.length) fail(`${file}: cannot tokenize Go source at offset ${re.lastIndex}`);
  return tokens;
}

function goString(tok) {
  if (tok.v[0] === '`') return tok.v.slice(1, -1);
  return JSON.parse(tok.v);
}

// The provider module: maps import paths to package dirs and caches packages.
function openGoModule(srcRoot) {
  const goMod = path.join(srcRoot, 'go.mod');
  if (!fs.existsSync(goMod)) fail(`${goMod} not found (is ${srcRoot} the provider source root?)`);
  const modulePath = /^module\s+(\S+)/m.exec(fs.readFileSync(goMod, 'utf8'))[1];
  return { root: srcRoot, path: modulePath, packages: new Map() };
}

function goPackage(mod, dir) {
  if (!mod.packages.has(dir)) mod.packages.set(dir, loadGoPackage(mod, dir));
  return mod.packages.get(dir);
}

// Indexes top-level funcs (not methods), vars, consts and module-internal
// imports of one Go package.
function loadGoPackage(mod, dir) {
  const pkg = { mod, dir, funcs: new Map(), vars: new Map(), consts: new Map(), imports: {} };
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.go') && !f.endsWith('_test.go')).sort();
  for (const f of files) {
    const file = path.join(dir, f);
    const src = fs.readFileSync(file, 'utf8');
    for (const m of src.matchAll(/^\s*(?:import\s+)?(\w+\s+)?"([^"]+)"\s*$/gm)) {
      if (!m[2].startsWith(mod.path + '/')) continue;
      const alias = m[1] ? m[1].trim() : m[2].split('/').pop();
      pkg.imports[alias] = path.join(mod.root, m[2].slice(mod.path.length + 1));
    }
    indexTopLevel({ pkg, file }, tokenizeGo(src, file));
  }
  return pkg;
}

function indexTopLevel(src, toks) {
  let i = 0;
  while (i < toks.length) {
    const t = toks[i];
    if (t.v === 'func' && toks[i + 1] && toks[i + 1].k === 'ident') {
      const bodyStart = findFuncBody(toks, i + 2);
      const bodyEnd = skipBalanced(toks, bodyStart);
      src.pkg.funcs.set(toks[i + 1].v, { src, toks, bodyStart, bodyEnd });
      i = bodyEnd;
    } else if (t.v === 'func') {
      // method: skip its body
      i = skipBalanced(toks, findFuncBody(toks, i + 1));
    } else if ((t.v === 'var' || t.v === 'const') && toks[i + 1]) {
      i = indexDeclaration(src, toks, i);
    } else if (t.v === '{' || t.v === '(') {
      i = skipBalanced(toks, i);
    } else {
      i++;
    }
  }
}

function indexDeclaration(src, toks, i) {
  const target = toks[i].v === 'var' ? src.pkg.vars : src.pkg.consts;
  if (toks[i + 1].v !== '(') {
    // Only the untyped `var Name = <value>` form is recorded.
    if (toks[i + 2] && toks[i + 2].v === '=') {
      const { node, next } = parseGoValue(src, toks, i + 3);
      target.set(toks[i + 1].v, node);
      return next;
    }
    return i + 2;
  }
  // Grouped declaration: only `Name = <single literal>` entries are recorded.
  const end = skipBalanced(toks, i + 1);
  for (let j = i + 2; j < end - 2; j++) {
    if (toks[j].k === 'ident' && toks[j + 1].v === '=' && (toks[j + 2].k === 'str' || toks[j + 2].k === 'num')) {
      target.set(toks[j].v, exprNode(src, [toks[j + 2]]));
    }
  }
  return end;
}

// Index of the `{` opening a func body, starting after the func name.
function findFuncBody(toks, i) {
  let depth = 0;
  for (; i < toks.length; i++) {
    const v = toks[i].v;
    if (v === '(' || v === '[') depth++;
    else if (v === ')' || v === ']') depth--;
    else if (v === '{' && depth === 0) {
      if (toks[i - 1].v === 'interface' || toks[i - 1].v === 'struct') {
        i = skipBalanced(toks, i) - 1;
        continue;
      }
      return i;
    }
  }
  return fail('unterminated func signature');
}

// Given the index of an opening bracket, returns the index after its match.
function skipBalanced(toks, i) {
  const open = toks[i].v;
  const close = { '{': '}', '(': ')', '[': ']' }[open];
  let depth = 0;
  for (; i < toks.length; i++) {
    if (toks[i].v === open) depth++;
    else if (toks[i].v === close && --depth === 0) return i + 1;
  }
  return fail(`unbalanced "${open}" in Go source`);
}

function exprNode(src, toks) {
  return { kind: 'expr', toks, text: toks.map((t) => t.v).join(''), pkg: src.pkg, file: src.file };
}

// Parses one value up to `,` `:` `}` `)` or `;` at depth 0. Composite literals
// become {kind:'composite', type, elems:[{key, value}]}; anything else is an
// opaque {kind:'expr', toks, text}.
function parseGoValue(src, toks, i) {
  const prefix = [];
  while (i < toks.length) {
    const v = toks[i].v;
    if (v === ',' || v === ':' || v === '}' || v === ')' || v === ';' || v === ']') break;
    if (v === 'func') {
      const bodyStart = findFuncBody(toks, i + 1);
      prefix.push(...toks.slice(i, bodyStart), { k: 'punct', v: '{…}' });
      i = skipBalanced(toks, bodyStart);
    } else if (v === '(' || v === '[' || (v === '{' && ['interface', 'struct'].includes(i > 0 && toks[i - 1].v))) {
      const end = skipBalanced(toks, i);
      prefix.push(...toks.slice(i, end));
      i = end;
    } else if (v === '{') {
      const parsed = parseCompositeBody(src, toks, i);
      i = parsed.next;
      const node = { kind: 'composite', type: prefix.map((t) => t.v).join(''), elems: parsed.elems, pkg: src.pkg, file: src.file };
      if (!['.', '['].includes(toks[i] && toks[i].v)) return { node, next: i };
      prefix.push({ k: 'punct', v: '{…}' });
    } else {
      prefix.push(toks[i]);
      i++;
    }
  }
  return { node: exprNode(src, prefix), next: i };
}

function parseCompositeBody(src, toks, i) {
  const elems = [];
  i++; // `{`
  while (toks[i].v !== '}') {
    let { node, next } = parseGoValue(src, toks, i);
    let key = null;
    if (toks[next].v === ':') {
      key = node;
      ({ node, next } = parseGoValue(src, toks, next + 1));
    }
    elems.push({ key, value: node });
    i = next;
    if (toks[i].v === ',') i++;
    else if (toks[i].v !== '}') fail(`${src.file}: unexpected "${toks[i].v}" in composite literal`);
  }
  return { elems, next: i + 1 };
}

// Resolves identifiers and zero-argument calls (in the node's package or an
// imported package of the module) to the value they stand for: a var/const
// initializer or a func's top-level return value.
function resolveGo(node) {
  for (let guard = 0; node.kind === 'expr' && guard < 10; guard++) {
    const t = node.toks.map((x) => x.v);
    let pkg = node.pkg;
    if (t.length >= 3 && t[1] === '.' && pkg.imports[t[0]]) {
      pkg = goPackage(pkg.mod, pkg.imports[t[0]]);
      t.splice(0, 2);
    }
    let target = null;
    if (t.length === 1 && pkg.vars.has(t[0])) target = pkg.vars.get(t[0]);
    else if (t.length === 1 && pkg.consts.has(t[0])) target = pkg.consts.get(t[0]);
    else if (t.length === 3 && t[1] === '(' && t[2] === ')' && pkg.funcs.has(t[0])) target = funcReturnValue(pkg.funcs.get(t[0]));
    if (!target) return node;
    node = target;
  }
  return node;
}

function funcReturnValue(fn) {
  let depth = 0;
  for (let i = fn.bodyStart; i < fn.bodyEnd; i++) {
    const v = fn.toks[i].v;
    if (v === '{') depth++;
    else if (v === '}') depth--;
    else if (v === 'return' && depth === 1) return parseGoValue(fn.src, fn.toks, i + 1).node;
  }
  return fail(`${fn.src.file}: function has no top-level return`);
}

function fieldsOf(composite, where) {
  const fields = {};
  for (const { key, value } of composite.elems) {
    if (!key || key.kind !== 'expr' || key.toks.length !== 1) fail(`${where}: expected a struct field name`);
    fields[key.toks[0].v] = value;
  }
  return fields;
}

function exprText(node) {
  return node.kind === 'expr' ? node.text : '{…}';
}

function goBool(node, where) {
  const text = exprText(node);
  if (text === 'true') return true;
  if (text === 'false') return false;
  return fail(`${where}: cannot evaluate boolean "${text}"`);
}

function goInt(node, where) {
  const text = exprText(resolveGo(node));
  if (/^\d+$/.test(text)) return Number(text);
  return fail(`${where}: cannot evaluate integer "${exprText(node)}"`);
}

function goNonEmptyString(node) {
  return exprText(node) !== '""';
}

// Reads a `map[string]*schema.Schema{...}` literal into {name: fields}.
function goSchemaMap(node, where) {
  const map = resolveGo(node);
  if (map.kind !== 'composite' || !/^map\[string\]\*?\w+\.Schema$/.test(map.type)) {
    fail(`${where}: cannot evaluate schema map "${exprText(map)}"`);
  }
  const out = {};
  for (const { key, value } of map.elems) {
    const k = key && resolveGo(key);
    if (!k || k.kind !== 'expr' || k.toks.length !== 1 || k.toks[0].k !== 'str') fail(`${where}: cannot evaluate schema key`);
    const name = goString(k.toks[0]);
    const elem = resolveGo(value);
    if (elem.kind !== 'composite') fail(`${where}.${name}: cannot evaluate schema "${exprText(elem)}"`);
    out[name] = fieldsOf(elem, `${where}.${name}`);
  }
  return out;
}

const GO_TYPES = { TypeString: 'string', TypeBool: 'bool', TypeInt: 'number', TypeFloat: 'number', TypeList: 'list', TypeSet: 'set', TypeMap: 'map' };

function goValueType(node, where) {
  const m = /^\w+\.(Type\w+)$/.exec(exprText(node));
  if (!m || !GO_TYPES[m[1]]) fail(`${where}: unknown schema type "${exprText(node)}"`);
  return GO_TYPES[m[1]];
}

function isResourceLiteral(node) {
  return node && node.kind === 'composite' && /\.Resource$/.test(node.type);
}

// Mirrors helper/schema's CoreConfigSchema (SDKv2) for one schema map.
// `ctx.optionalComputed` collects paths that are Optional+Computed in Go,
// `ctx.forceNew` (when present) the paths that are ForceNew.
function goBlock(schemaNode, where, ctx) {
  const block = { description_kind: 'plain' };
  const schemas = goSchemaMap(schemaNode, where);
  for (const name of Object.keys(schemas)) {
    const s = schemas[name];
    const at = `${where}.${name}`;
    const flags = {};
    for (const f of ['Optional', 'Computed', 'Required', 'Sensitive', 'WriteOnly']) flags[f] = s[f] ? goBool(s[f], `${at}.${f}`) : false;
    if (flags.Optional && flags.Computed) ctx.optionalComputed.push(at);
    if (s.ForceNew && goBool(s.ForceNew, `${at}.ForceNew`) && ctx.forceNew) ctx.forceNew.push(at);
    if (flags.Required && s.DefaultFunc) fail(`${at}: Required with DefaultFunc cannot be evaluated statically`);

    const type = goValueType(s.Type, at);
    const elem = s.Elem ? resolveGo(s.Elem) : null;
    const configMode = s.ConfigMode ? exprText(s.ConfigMode).replace(/^\w+\./, '') : 'auto';
    const computedOnly = flags.Computed && !flags.Optional;
    const asBlock = isResourceLiteral(elem) && type !== 'map' &&
      (configMode === 'SchemaConfigModeBlock' || (configMode !== 'SchemaConfigModeAttr' && !computedOnly));

    if (asBlock) {
      block.block_types = block.block_types || {};
      block.block_types[name] = goBlockType(s, elem, flags, at, ctx);
    } else {
      block.attributes = block.attributes || {};
      block.attributes[name] = goAttribute(s, type, elem, flags, at);
    }
  }
  return block;
}

function goBlockType(s, elem, flags, at, ctx) {
  const fields = fieldsOf(elem, at);
  const nested = fields.Schema ? goBlock(fields.Schema, at, ctx) : { description_kind: 'plain' };
  if (s.Deprecated && goNonEmptyString(s.Deprecated)) nested.deprecated = true;
  let min = s.MinItems ? goInt(s.MinItems, `${at}.MinItems`) : 0;
  let max = s.MaxItems ? goInt(s.MaxItems, `${at}.MaxItems`) : 0;
  if (flags.Required && min === 0) min = 1;
  if (flags.Optional && min > 0) min = 0;
  if (flags.Computed && !flags.Optional) min = max = 0;
  const out = { nesting_mode: goValueType(s.Type, at), block: nested };
  if (min) out.min_items = min;
  if (max) out.max_items = max;
  return out;
}

function goAttribute(s, type, elem, flags, at) {
  const attr = { type: goCtyType(type, elem, at), description_kind: 'plain' };
  if (flags.Required) attr.required = true;
  if (flags.Optional) attr.optional = true;
  if (flags.Computed) attr.computed = true;
  if (flags.Sensitive) attr.sensitive = true;
  if (s.Deprecated && goNonEmptyString(s.Deprecated)) attr.deprecated = true;
  if (flags.WriteOnly) attr.write_only = true;
  return attr;
}

function goCtyType(type, elem, at) {
  if (!['list', 'set', 'map'].includes(type)) return type;
  if (!elem) return [type, 'string'];
  if (elem.kind === 'expr') return [type, goValueType(elem, at)]; // Elem: schema.TypeString
  if (isResourceLiteral(elem)) {
    if (type === 'map') return [type, 'string'];
    const fields = fieldsOf(elem, at);
    // Paths inside an object type are never optional+computed attributes.
    const inner = fields.Schema ? goBlock(fields.Schema, at, { optionalComputed: [] }) : {};
    return [type, impliedType(inner)];
  }
  const fields = fieldsOf(elem, at);
  return [type, goCtyType(goValueType(fields.Type, at), fields.Elem ? resolveGo(fields.Elem) : null, at)];
}

// Object type of a block, as cty's ImpliedType computes it.
function impliedType(block) {
  const attrs = {};
  for (const [name, a] of Object.entries(block.attributes || {})) attrs[name] = a.type;
  for (const [name, b] of Object.entries(block.block_types || {})) {
    const obj = impliedType(b.block);
    attrs[name] = b.nesting_mode === 'single' ? obj : [b.nesting_mode, obj];
  }
  return ['object', attrs];
}

// Adds what SDKv2's Resource.CoreConfigSchema adds on top of the schema map.
function goResourceSchema(resourceNode, type, ctx) {
  const fields = fieldsOf(resourceNode, type);
  if (!fields.Schema) fail(`${type}: resource has no Schema field`);
  const block = goBlock(fields.Schema, type, ctx);
  block.attributes = block.attributes || {};
  if (!block.attributes.id) {
    block.attributes.id = { type: 'string', optional: true, computed: true, description_kind: 'plain' };
    ctx.optionalComputed.push(`${type}.id`);
  }
  if (fields.Timeouts && !block.attributes.timeouts) {
    const timeouts = resolveGo(fields.Timeouts);
    const attributes = {};
    for (const name of Object.keys(fieldsOf(timeouts, `${type}.Timeouts`))) {
      attributes[name.toLowerCase()] = { type: 'string', optional: true, description_kind: 'plain' };
    }
    block.block_types = block.block_types || {};
    block.block_types.timeouts = { nesting_mode: 'single', block: { attributes, description_kind: 'plain' } };
  }
  if (fields.DeprecationMessage && goNonEmptyString(fields.DeprecationMessage)) block.deprecated = true;
  const version = fields.SchemaVersion ? goInt(fields.SchemaVersion, `${type}.SchemaVersion`) : 0;
  return { version, block };
}

// Reads internal/provider/provider.go: the provider's own schema and the
// constructor call of each resource type.
function loadGoProvider(srcRoot) {
  const mod = openGoModule(srcRoot);
  const dir = path.join(srcRoot, 'internal', 'provider');
  const pkg = goPackage(mod, dir);
  const newFn = pkg.funcs.get('New');
  if (!newFn) fail(`${dir}: func New not found`);
  const toks = newFn.toks;
  // `&schema.Provider{` inside New (not the `*schema.Provider {` of its signature).
  let start = -1;
  for (let i = newFn.bodyStart; i < newFn.bodyEnd && start < 0; i++) {
    if (toks[i].v === '&' && toks[i + 2].v === '.' && toks[i + 3].v === 'Provider' && toks[i + 4].v === '{') start = i;
  }
  if (start < 0) fail(`${newFn.src.file}: schema.Provider literal not found`);
  const fields = fieldsOf(parseGoValue(newFn.src, toks, start).node, 'provider');

  const constructors = {};
  for (const { key, value } of resolveGo(fields.ResourcesMap).elems) {
    constructors[goString(key.toks[0])] = value;
  }
  return { fields, constructors };
}

function goProviderSchema(srcRoot, types) {
  const { fields, constructors } = loadGoProvider(srcRoot);
  const ctx = { optionalComputed: [], forceNew: [] };
  const provider = { version: 0, block: goBlock(fields.Schema, 'provider', ctx) };
  const resources = {};
  for (const type of types) {
    if (!constructors[type]) fail(`${type}: not found in the provider's ResourcesMap`);
    const node = resolveGo(constructors[type]);
    if (!isResourceLiteral(node)) fail(`${type}: cannot evaluate constructor "${exprText(constructors[type])}"`);
    resources[type] = goResourceSchema(node, type, ctx);
  }
  return { provider, resources, optionalComputed: ctx.optionalComputed, forceNew: ctx.forceNew };
}

function extractFactsFromGo(srcRoot) {
  const go = goProviderSchema(srcRoot, RESOURCES);
  const schemaVersions = {};
  const deprecatedResources = [];
  for (const [type, r] of Object.entries(go.resources)) {
    if (r.version) schemaVersions[type] = r.version;
    if (r.block.deprecated) deprecatedResources.push(type);
  }
  return {
    resources: [...RESOURCES].sort(),
    optionalComputed: go.optionalComputed.sort(),
    forceNew: go.forceNew.filter((p) => !p.startsWith('provider.')).sort(),
    schemaVersions,
    deprecatedResources: deprecatedResources.sort(),
  };
}

// ---------------------------------------------------------------------------
// --check-go

// One comparable line per attribute/block path.
function flattenSchema(block, prefix, out) {
  for (const [name, a] of Object.entries(block.attributes || {})) {
    const mode = ['required', 'optional', 'computed'].filter((f) => a[f]).join('+');
    const extra = ['sensitive', 'deprecated', 'write_only'].filter((f) => a[f]);
    out[`${prefix}.${name}`] = ['attribute', JSON.stringify(a.type), mode, ...extra].join(' ');
  }
  for (const [name, b] of Object.entries(block.block_types || {})) {
    const extra = b.block.deprecated ? ['deprecated'] : [];
    out[`${prefix}.${name}`] = ['block', b.nesting_mode, `min=${b.min_items || 0}`, `max=${b.max_items || 0}`, ...extra].join(' ');
    flattenSchema(b.block, `${prefix}.${name}`, out);
  }
  return out;
}

function checkAgainstGo(schema, srcRoot) {
  const generated = schema.provider_schemas[PROVIDER_ADDRESS];
  const go = goProviderSchema(srcRoot, RESOURCES);

  const docsFlat = flattenSchema(generated.provider.block, 'provider', {});
  const goFlat = flattenSchema(go.provider.block, 'provider', {});
  const headers = {};
  for (const type of RESOURCES) {
    const d = generated.resource_schemas[type];
    const g = go.resources[type];
    flattenSchema(d.block, type, docsFlat);
    flattenSchema(g.block, type, goFlat);
    headers[type] = [`version=${d.version}${d.block.deprecated ? ' deprecated' : ''}`, `version=${g.version}${g.block.deprecated ? ' deprecated' : ''}`];
  }

  const rows = CHECK_PATHS.map((p) => [p, docsFlat[p] || '(missing)', goFlat[p] || '(missing)']);
  printTable(['path', 'generated (docs)', 'go source', 'result'], rows.map((r) => [...r, r[1] === r[2] ? 'OK' : 'MISMATCH']));

  const mismatches = [];
  for (const [type, [d, g]] of Object.entries(headers)) if (d !== g) mismatches.push([type, d, g]);
  for (const p of [...new Set([...Object.keys(docsFlat), ...Object.keys(goFlat)])].sort()) {
    if (docsFlat[p] !== goFlat[p]) mismatches.push([p, docsFlat[p] || '(missing)', goFlat[p] || '(missing)']);
  }
  const total = Object.keys(goFlat).length;
  console.log(`\nfull comparison: ${total} Go paths (provider + ${RESOURCES.length} resources), ${mismatches.length} mismatches`);
  if (mismatches.length) printTable(['path', 'generated (docs)', 'go source'], mismatches);
  return mismatches.length === 0 && rows.every((r) => r[1] === r[2]);
}

function printTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  console.log(line(header));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const r of rows) console.log(line(r));
}

// ---------------------------------------------------------------------------

try {
  main();
} catch (err) {
  if (!(err instanceof UserError)) throw err;
  console.error(`schema-from-docs: ${err.message}`);
  process.exit(1);
}
