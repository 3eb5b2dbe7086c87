// Loaded by ajv-cli with `-c ./sarif-plugins.js` for the SARIF 2.1.0 schema: the standard
// formats, and regular expressions compiled without the `u` flag, because the published schema's
// `language` pattern (`^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`) has a stray `]` that only
// Unicode-mode regular expressions reject.
"use strict";
const addFormats = require("ajv-formats");

module.exports = function plugins(ajv) {
  ajv.opts.unicodeRegExp = false;
  addFormats(ajv);
  return ajv;
};
