// Loaded by ajv-cli with `-c ./plugins.js`: the standard formats (ajv-formats) and iamconf's
// annotation keywords, so that ajv's strict mode can stay on.
"use strict";
const addFormats = require("ajv-formats");

module.exports = function plugins(ajv) {
  addFormats(ajv);
  ajv.addVocabulary([
    "x-env",
    "x-env-aliases",
    "x-env-deprecated",
    "x-env-unread",
    "x-secret",
    "x-helm",
  ]);
  return ajv;
};
