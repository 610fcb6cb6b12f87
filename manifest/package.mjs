// Builds the Teams app package (manifest/build/TreatmentPlanBot.zip) from manifest.json and the icons,
// filling the app and bot ids from settings, and validates it against the Teams manifest schema that
// @microsoft/app-manifest ships (no network). Usage:
//   node manifest/package.mjs [--settings FILE]... [--check] [--out FILE] [--manifest FILE]
// Settings come from src/TreatmentPlanBot/appsettings.json, then each --settings file, then the environment
// (MicrosoftAppId, Teams__AppId, Teams__AppVersion, Teams__DeveloperName, Teams__WebsiteUrl, Teams__PrivacyUrl,
// Teams__TermsOfUseUrl). --check validates with placeholder ids when none are configured and writes no zip.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const require = createRequire(path.join(root, 'package.json'));

const args = process.argv.slice(2);
const check = args.includes('--check');
const settingsFiles = [path.join(root, 'src/TreatmentPlanBot/appsettings.json')];
let out = path.join(here, 'build', 'TreatmentPlanBot.zip');
let manifestFile = path.join(here, 'manifest.json');
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--settings') settingsFiles.push(path.resolve(args[++i]));
  else if (args[i] === '--out') out = path.resolve(args[++i]);
  else if (args[i] === '--manifest') manifestFile = path.resolve(args[++i]);
  else if (args[i] !== '--check') fail([`Unknown argument '${args[i]}'.`]);
}

function fail(errors) {
  console.error('The Teams app package is not valid:');
  for (const e of errors) console.error(`  - ${e}`);
  process.exit(1);
}

// .NET settings files may hold // and /* */ comments (appsettings.sample.json does); JSON.parse does not take them.
function withoutComments(text) {
  let out = '', inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i], next = text[i + 1];
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') { inString = true; out += c; }
    else if (c === '/' && next === '/') { while (i < text.length && text[i] !== '\n') i++; out += '\n'; }
    else if (c === '/' && next === '*') { i = text.indexOf('*/', i + 2); if (i < 0) break; i++; }
    else out += c;
  }
  return out;
}

function readSettings() {
  const s = {};
  for (const file of settingsFiles) {
    if (!fs.existsSync(file)) continue;
    const json = JSON.parse(withoutComments(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '')));
    if (json.MicrosoftAppId) s.MicrosoftAppId = json.MicrosoftAppId;
    Object.assign(s, Object.fromEntries(Object.entries(json.Teams ?? {}).map(([k, v]) => [`Teams:${k}`, v])));
  }
  const env = process.env;
  if (env.MicrosoftAppId) s.MicrosoftAppId = env.MicrosoftAppId;
  for (const [k, v] of Object.entries(env)) if (k.startsWith('Teams__')) s[`Teams:${k.slice(7)}`] = v;
  return s;
}

const guid = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const settings = readSettings();
const errors = [];
let botId = settings.MicrosoftAppId;
if (!botId && check) botId = '00000000-0000-0000-0000-000000000001';
if (!botId) errors.push('MicrosoftAppId is not set: the bot id comes from the Azure Bot registration (settings or environment).');
else if (!guid.test(botId)) errors.push(`MicrosoftAppId '${botId}' is not a GUID.`);
const teamsAppId = settings['Teams:AppId'] || botId;
if (teamsAppId && !guid.test(teamsAppId)) errors.push(`Teams:AppId '${teamsAppId}' is not a GUID.`);

const values = {
  APP_VERSION: settings['Teams:AppVersion'] || '1.0.0',
  TEAMS_APP_ID: teamsAppId,
  BOT_ID: botId,
  DEVELOPER_NAME: settings['Teams:DeveloperName'] || 'Your clinic',
  WEBSITE_URL: settings['Teams:WebsiteUrl'] || 'https://example.org',
  PRIVACY_URL: settings['Teams:PrivacyUrl'] || 'https://example.org/privacy',
  TERMS_OF_USE_URL: settings['Teams:TermsOfUseUrl'] || 'https://example.org/terms',
};
const template = fs.readFileSync(manifestFile, 'utf8');
const filled = template.replace(/\$\{\{([A-Z_]+)\}\}/g, (m, name) => {
  if (!(name in values)) errors.push(`manifest.json uses an unknown placeholder ${m}.`);
  return JSON.stringify(values[name] ?? '').slice(1, -1);
});
if (errors.length) fail(errors);
const manifest = JSON.parse(filled);

// Schema: the local copy shipped by @microsoft/app-manifest for the manifest's version.
const schemaPath = path.join(path.dirname(require.resolve('@microsoft/app-manifest/package.json')),
  'build', 'json-schemas', 'teams', `v${manifest.manifestVersion}`, 'MicrosoftTeams.schema.json');
if (!fs.existsSync(schemaPath)) fail([`No schema for manifest version ${manifest.manifestVersion} in @microsoft/app-manifest.`]);
// The published schema has a regex escape (\a) that JavaScript rejects; the library applies the same fix.
const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8').replace(/\\a/g, '\\x07'));
const { ManifestUtil } = require('@microsoft/app-manifest');
errors.push(...(await ManifestUtil.validateManifestAgainstSchema(manifest, schema)).map(e => `schema: ${e}`));

// Icons: Teams requires a 192x192 colour icon and a 32x32 outline icon, white on transparent.
function readPng(file) {
  const buf = fs.readFileSync(path.join(here, file));
  if (buf.readUInt32BE(0) !== 0x89504e47 || buf.toString('ascii', 12, 16) !== 'IHDR') return null;
  return { buf, width: buf.readUInt32BE(16), height: buf.readUInt32BE(20), colorType: buf[25] };
}
const icons = {};
for (const [key, size] of [['color', 192], ['outline', 32]]) {
  const file = manifest.icons[key];
  if (!fs.existsSync(path.join(here, file))) { errors.push(`icon '${file}' is missing.`); continue; }
  const png = readPng(file);
  if (!png) errors.push(`icon '${file}' is not a PNG.`);
  else if (png.width !== size || png.height !== size) errors.push(`icon '${file}' is ${png.width}x${png.height}; Teams needs ${size}x${size}.`);
  else if (key === 'outline' && png.colorType !== 6) errors.push(`icon '${file}' needs an alpha channel (white on transparent).`);
  icons[file] = png?.buf;
}
if (errors.length) fail(errors);

if (check) {
  console.log(`Manifest ${manifest.manifestVersion} is valid (bot ${botId}).`);
  process.exit(0);
}

// A minimal zip writer (deflate), so packaging needs nothing beyond Node.
// Fixed timestamp (1 January 1980) so the same input gives the same package.
const dosDate = (0 << 9) | (1 << 5) | 1;
function zip(entries) {
  const locals = [], centrals = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const nameBuf = Buffer.from(name);
    const deflated = zlib.deflateRawSync(data);
    const crc = zlib.crc32(data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0, 6); local.writeUInt16LE(8, 8);
    local.writeUInt16LE(0, 10); local.writeUInt16LE(dosDate, 12); local.writeUInt32LE(crc, 14); local.writeUInt32LE(deflated.length, 18);
    local.writeUInt32LE(data.length, 22); local.writeUInt16LE(nameBuf.length, 26); local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(0, 8);
    central.writeUInt16LE(8, 10); central.writeUInt16LE(0, 12); central.writeUInt16LE(dosDate, 14); central.writeUInt32LE(crc, 16); central.writeUInt32LE(deflated.length, 20);
    central.writeUInt32LE(data.length, 24); central.writeUInt16LE(nameBuf.length, 28); central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, deflated);
    centrals.push(central, nameBuf);
    offset += local.length + nameBuf.length + deflated.length;
  }
  const centralBuf = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralBuf.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralBuf, end]);
}

fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, zip([['manifest.json', Buffer.from(JSON.stringify(manifest, null, 2))], ...Object.entries(icons)]));
console.log(`Wrote ${path.relative(process.cwd(), out)} (Teams app ${teamsAppId}, bot ${botId}). Upload it in Teams: Apps > Manage your apps > Upload an app.`);
