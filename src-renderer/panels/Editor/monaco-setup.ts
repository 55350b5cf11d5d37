import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/language/json/json.worker?worker';

// Monaco runs its language services in web workers, bundled locally (no CDN: the CSP allows only
// this origin, and the studio must work offline next to a robot).
(self as unknown as { MonacoEnvironment: monaco.Environment }).MonacoEnvironment = {
  getWorker: (_id: string, label: string) => (label === 'json' ? new JsonWorker() : new EditorWorker()),
};

/** Give JSON documents at `uri` the studio's schema, so the editor completes and checks fields as you type. */
export function monacoJsonSchema(uri: string, schema: Record<string, unknown>): void {
  const defaults = monaco.json.jsonDefaults;
  const others = (defaults.diagnosticsOptions.schemas ?? []).filter((s) => s.uri !== `praxis://schema/${uri}`);
  defaults.setDiagnosticsOptions({
    validate: true,
    allowComments: false,
    schemas: [...others, { uri: `praxis://schema/${uri}`, fileMatch: [uri], schema }],
  });
}

export { monaco };
