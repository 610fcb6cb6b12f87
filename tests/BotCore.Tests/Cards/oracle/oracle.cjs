// Oracle for the C# card binder: the official adaptivecards-templating expansion and the official
// adaptivecards parser's validation events, for a batch of cases read as one JSON array on stdin.
// A case with "card" instead of "template" is only validated.
// Usage: node oracle.cjs <repo root>   (modules are resolved from <repo root>/node_modules)
"use strict";
process.env.TZ = "UTC";
const path = require("path");
const fs = require("fs");

const root = process.argv[2] || process.cwd();
const modules = path.join(root, "node_modules");
const ACData = require(path.join(modules, "adaptivecards-templating"));
const AC = require(path.join(modules, "adaptivecards", "dist", "adaptivecards.js"));

function validate(card) {
  const events = [];
  const context = new AC.SerializationContext();
  context.targetVersion = AC.Versions.v1_5;
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, context);
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    events.push(AC.ValidationEvent[e.event] + ": " + e.message);
  }
  const results = parsed.validateProperties();
  for (const e of results.validationEvents) {
    events.push(AC.ValidationEvent[e.event] + ": " + e.message);
  }
  return events;
}

function run(testCase) {
  // A card built in code is not a template: it is parsed as it is sent, never expanded.
  if (testCase.card !== undefined) {
    return { expanded: testCase.card, validation: validate(testCase.card) };
  }
  try {
    const template = new ACData.Template(testCase.template);
    const context = { $root: testCase.data };
    if (testCase.host !== undefined) context.$host = testCase.host;
    const expanded = template.expand(context);
    const outcome = { expanded: expanded === undefined ? null : expanded, warnings: template.templateExpansionWarnings || [] };
    if (expanded && typeof expanded === "object" && expanded.type === "AdaptiveCard") {
      outcome.validation = validate(expanded);
    }
    return outcome;
  } catch (ex) {
    return { error: String(ex && ex.message ? ex.message : ex) };
  }
}

const input = fs.readFileSync(0, "utf8");
const cases = JSON.parse(input);
process.stdout.write(JSON.stringify(cases.map(run)));
