// The guardc extension: starts `guardc lsp` (the language server, over stdio) for .guard files,
// and shows a diagnostic code's explanation when its link (`guardc-explain:E203`) is opened.
// Plain JavaScript: no build step.
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

const EXPLAIN_SCHEME = "guardc-explain";
let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("guardc").get("command", "guardc");
  const server = { command, args: ["lsp"], transport: TransportKind.stdio };
  client = new LanguageClient(
    "guardc",
    "guardc",
    { run: server, debug: server },
    { documentSelector: [{ language: "guard" }] }
  );

  // The server answers `guardc/explain` with the text of `guardc explain CODE`.
  const explanations = {
    provideTextDocumentContent: async (uri) => {
      const text = await client.sendRequest("guardc/explain", { code: uri.path });
      return text || `unknown diagnostic code ${uri.path}\n`;
    },
  };
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(EXPLAIN_SCHEME, explanations)
  );
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
