// Validates a Teams app manifest and every localization file it lists against the official
// JSON schemas bundled in @microsoft/app-manifest, strictly offline.
//
//   node validate-manifest.mjs <folder holding manifest.json>
//
// Prints one line per file ("OK <file> v<version>" or "INVALID <file>: <reason>") and exits
// 0 when every file is valid, 1 when one is not, 2 when the tooling itself is missing.
// The schema is always loaded from the package and handed to the validator, so the package
// never falls back to downloading it.

import { createRequire } from "node:module";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

const require = createRequire(import.meta.url);

let packageEntry;
let AppManifestUtils;
let AjvDraft04;
let addFormats;
try {
  packageEntry = require.resolve("@microsoft/app-manifest");
  ({ AppManifestUtils } = require("@microsoft/app-manifest"));
  // The package's own validator dependencies, resolved from beside the package.
  const requireFromPackage = createRequire(packageEntry);
  AjvDraft04 = requireFromPackage("ajv-draft-04");
  addFormats = requireFromPackage("ajv-formats");
} catch (error) {
  console.log(`TOOLING-MISSING @microsoft/app-manifest could not be loaded (${error.message}). Run 'npm ci' at the repository root.`);
  process.exit(2);
}

const folder = process.argv[2];
if (!folder || !existsSync(path.join(folder, "manifest.json"))) {
  console.log(`USAGE node validate-manifest.mjs <folder holding manifest.json> (got '${folder ?? ""}')`);
  process.exit(2);
}

const schemaUrlPattern = /^https:\/\/developer\.microsoft\.com\/(?:[a-z]{2}(?:-[a-z]{2})?\/)?(json-schemas\/teams\/v([0-9.]+)\/MicrosoftTeams(?:\.Localization)?\.schema\.json)$/i;

function readJson(file) {
  const text = readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  return JSON.parse(text);
}

// Every bundled Localization schema (v1.5 to v1.30) has a pattern with an unescaped "]"
// (activities.activityTypes[...]), which is legal in a plain JavaScript regex but not in
// unicode mode, where AppManifestUtils compiles it and throws. So localization files are
// checked with the same validator the package uses (ajv, draft-04, same formats), with
// unicode-mode regexes turned off.
function validateLocalization(document, schema) {
  const ajv = new AjvDraft04({ allErrors: true, strictTypes: false, unicodeRegExp: false });
  addFormats(ajv, ["uri", "email", "regex"]);
  const check = ajv.compile(schema);
  if (check(document)) {
    return [];
  }
  return check.errors.map((error) => `${error.instancePath} ${error.message ?? ""}. Details: ${JSON.stringify(error.params ?? {})}`);
}

// Maps a $schema URL to the schema file the package ships, or explains why it cannot.
function bundledSchemaFor(schemaUrl) {
  const match = schemaUrlPattern.exec(schemaUrl ?? "");
  if (!match) {
    return { error: `$schema '${schemaUrl}' is not an official Teams schema URL` };
  }
  const schemaFile = path.join(path.dirname(packageEntry), match[1]);
  if (!existsSync(schemaFile)) {
    return { error: `schema v${match[2]} is not bundled in @microsoft/app-manifest (${schemaFile})` };
  }
  return { version: match[2], schema: readJson(schemaFile), isLocalization: /Localization/i.test(match[1]) };
}

async function validate(file, expectedVersion) {
  const name = path.basename(file);
  if (!existsSync(file)) {
    return { ok: false, line: `INVALID ${name}: file does not exist` };
  }
  let document;
  try {
    document = readJson(file);
  } catch (error) {
    return { ok: false, line: `INVALID ${name}: not JSON (${error.message})` };
  }
  const bundled = bundledSchemaFor(document.$schema);
  if (bundled.error) {
    return { ok: false, line: `INVALID ${name}: ${bundled.error}` };
  }
  if (expectedVersion && bundled.version !== expectedVersion) {
    return { ok: false, line: `INVALID ${name}: declares schema v${bundled.version} but the manifest is v${expectedVersion}` };
  }
  if (document.manifestVersion !== undefined && document.manifestVersion !== bundled.version) {
    return { ok: false, line: `INVALID ${name}: manifestVersion ${document.manifestVersion} differs from its $schema v${bundled.version}` };
  }
  if (expectedVersion && !bundled.isLocalization) {
    return { ok: false, line: `INVALID ${name}: a language file must declare the Localization schema, not ${document.$schema}` };
  }
  let errors;
  try {
    errors = bundled.isLocalization
      ? validateLocalization(document, bundled.schema)
      : await AppManifestUtils.validateAgainstSchema(document, bundled.schema);
  } catch (error) {
    return { ok: false, line: `INVALID ${name}: the schema could not be applied (${error.message})` };
  }
  if (errors.length > 0) {
    return { ok: false, line: `INVALID ${name}: ${errors.join(" | ")}` };
  }
  return { ok: true, line: `OK ${name} v${bundled.version}`, version: bundled.version, document };
}

const results = [];
const manifestResult = await validate(path.join(folder, "manifest.json"));
results.push(manifestResult);

if (manifestResult.ok) {
  const info = manifestResult.document.localizationInfo ?? {};
  const languageFiles = [
    info.defaultLanguageFile,
    ...(info.additionalLanguages ?? []).map((language) => language.file),
  ].filter(Boolean);
  for (const languageFile of languageFiles) {
    results.push(await validate(path.join(folder, languageFile), manifestResult.version));
  }
}

for (const result of results) {
  console.log(result.line);
}
process.exit(results.every((result) => result.ok) ? 0 : 1);
