// The clauselint extension: starts `clauselint server` (a language server
// over stdio) for Markdown, HTML and plain-text files on disk. Everything
// else (diagnostics, quick fixes, hover, code lens) comes from the server.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

/** @type {LanguageClient | undefined} */
let client;

/** The server command from the `clauselint.path` and `clauselint.args` settings. */
function serverOptions() {
  const config = vscode.workspace.getConfiguration('clauselint');
  const command = config.get('path', 'clauselint');
  const args = ['server', ...config.get('args', [])];
  return { command, args, transport: TransportKind.stdio };
}

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  client = new LanguageClient('clauselint', 'clauselint', serverOptions(), {
    // `file` only: the server finds clauselint.toml from each file's folder,
    // which an untitled buffer does not have.
    documentSelector: ['markdown', 'html', 'plaintext'].map((language) => ({
      scheme: 'file',
      language,
    })),
  });
  // Changed settings take effect on restart: say so rather than run a
  // server started with stale ones.
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('clauselint')) {
        vscode.window.showInformationMessage(
          'clauselint: reload the window to use the changed settings.'
        );
      }
    })
  );
  try {
    await client.start();
  } catch (error) {
    // Most often the executable is not on PATH: name the setting to change.
    vscode.window.showErrorMessage(
      `clauselint: cannot start \`${serverOptions().command} server\` (${error.message}). ` +
        'Install clauselint or set `clauselint.path`.'
    );
  }
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
