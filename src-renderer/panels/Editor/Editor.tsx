import { useEffect, useRef, useState } from 'react';
import type { ConfigDocument } from '../../../src-main/api';
import { useStudio } from '../../state/context';
import { attempt } from '../../state/failures';
import { monaco, monacoJsonSchema } from './monaco-setup';

/**
 * Configuration in the Monaco editor: custom robot profiles as JSON, checked against the studio's own
 * schema while typing, and validated again by the studio on save (Ctrl/Cmd+S) — nothing invalid is
 * written, and the error names the field.
 */
export function Editor() {
  const { api, failures } = useStudio();
  const hostRef = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const [files, setFiles] = useState<{ path: string }[]>([]);
  const [doc, setDoc] = useState<ConfigDocument | null>(null);
  const [dirty, setDirty] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string; hint?: string } | null>(null);
  const [newId, setNewId] = useState('my_arm');
  const [base, setBase] = useState('so101_follower');
  const [profiles, setProfiles] = useState<string[]>([]);
  const saveRef = useRef<() => void>(() => undefined);

  const refresh = () => {
    void attempt(failures, 'List configuration files', () => api.call('config.files', {})).then((r) => r && setFiles(r.files));
    void attempt(failures, 'List robot profiles', () => api.call('robot.profiles', {})).then((r) => r && setProfiles(r.profiles.map((p) => p.id)));
  };
  useEffect(refresh, [api, failures]);

  useEffect(() => {
    if (!hostRef.current) return;
    const editor = monaco.editor.create(hostRef.current, {
      value: '',
      language: 'json',
      theme: 'vs-dark',
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      tabSize: 2,
      readOnly: true,
    });
    editor.onDidChangeModelContent(() => setDirty(true));
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => saveRef.current());
    editorRef.current = editor;
    return () => {
      editor.getModel()?.dispose();
      editor.dispose();
    };
  }, []);

  const show = (d: ConfigDocument) => {
    const editor = editorRef.current;
    if (!editor) return;
    const uri = monaco.Uri.parse(`praxis://config/${d.path}`);
    monacoJsonSchema(uri.toString(), d.schema);
    const old = editor.getModel();
    const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(d.text, 'json', uri);
    if (model.getValue() !== d.text) model.setValue(d.text);
    editor.setModel(model);
    if (old && old !== model) old.dispose();
    editor.updateOptions({ readOnly: false });
    setDoc(d);
    setDirty(false);
  };

  const fail = (e: unknown) => {
    const err = e as { message?: string; hint?: string };
    setMessage({ ok: false, text: err.message ?? String(e), hint: err.hint });
  };

  const open = (path: string) => {
    setMessage(null);
    api.call('config.read', { path }).then(show).catch(fail);
  };

  saveRef.current = () => {
    const editor = editorRef.current;
    if (!doc || !editor) return;
    api
      .call('config.write', { path: doc.path, text: editor.getValue() })
      .then((d) => {
        setDoc(d);
        setDirty(false);
        setMessage({ ok: true, text: `Saved ${d.path}. It is offered in the Connect panel.` });
        refresh();
      })
      .catch(fail);
  };

  return (
    <div className="editor">
      <div className="editor__bar">
        <select aria-label="Config file" value={doc?.path ?? ''} onChange={(e) => open(e.target.value)}>
          <option value="" disabled>
            {files.length ? 'Open a profile…' : 'No custom profiles yet'}
          </option>
          {files.map((f) => (
            <option key={f.path} value={f.path}>
              {f.path}
            </option>
          ))}
        </select>
        <button type="button" className="primary" disabled={!doc || !dirty} onClick={() => saveRef.current()} title="Save (Ctrl+S)">
          Save
        </button>
        <span className="sep" />
        <input aria-label="New profile id" value={newId} onChange={(e) => setNewId(e.target.value)} />
        <select aria-label="Start from" value={base} onChange={(e) => setBase(e.target.value)}>
          {profiles.map((p) => (
            <option key={p} value={p}>
              from {p}
            </option>
          ))}
        </select>
        <button
          type="button"
          onClick={() => {
            setMessage(null);
            api
              .call('config.newProfile', { id: newId, from: base })
              .then((d) => {
                show(d);
                refresh();
              })
              .catch(fail);
          }}
        >
          New profile
        </button>
        {dirty && <span className="warn">unsaved</span>}
      </div>
      {message && (
        <div className={message.ok ? 'ok-note' : 'inline-error'} role={message.ok ? 'status' : 'alert'} data-testid="editor-message">
          {message.text}
          {message.hint && <div className="hint">{message.hint}</div>}
        </div>
      )}
      <div className="editor__host" ref={hostRef} data-testid="monaco-host" />
    </div>
  );
}
