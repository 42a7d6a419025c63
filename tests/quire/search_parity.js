// Runs static/search.js outside a browser and prints the index terms it computes for each text.
// Input (stdin): a JSON array of strings. Output (stdout): a JSON array of arrays of terms.
// The page is reduced to what search.js touches while it starts: the search box and result list
// (attributes, listeners, `closest`) and document-level listeners.
"use strict";
const fs = require("fs");
const vm = require("vm");

const element = () => ({
  getAttribute: () => null,
  addEventListener: () => {},
  closest: () => null,
  parentNode: null,
});
const boxes = { "search-input": element(), "search-results": element() };
globalThis.window = globalThis;
globalThis.document = {
  getElementById: (id) => boxes[id] || null,
  addEventListener: () => {},
};

const [, , script] = process.argv;
vm.runInThisContext(fs.readFileSync(script, "utf8"), { filename: script });
const texts = JSON.parse(fs.readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(texts.map((text) => window.quireSearch.terms(text))));
